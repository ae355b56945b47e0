package org.jirabridge.setup;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.intake.ReportValidator;
import org.jirabridge.integration.Integration;
import org.jirabridge.report.Report;
import org.jirabridge.store.Json;

/**
 * The HTTP adapter of /api/v1/integrations and of the setup operations below it (pickers, test issue, connection
 * check; docs/setup.md), and their JSON shapes: path and query parameters and the body in, the domain's records out
 * with their status. The only setup code that touches the {@link Exchange}. Bodyless operations answer through the
 * REST DSL's binding ({@link ApiResponses#bound}); those that take a body read it with the API's own checks
 * ({@link ApiResponses#jsonBody}, {@link IntegrationRequests}, {@link JsonMergePatch}, {@link ReportValidator}) and
 * write their answer themselves. Bound as {@code integrationsResource}.
 */
public final class IntegrationsResource {

    /** RFC 7396's media type; plain application/json is taken as the same. */
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final IntegrationsApi integrations;
    private final Pickers pickers;
    private final TestIssue testIssue;
    private final ConnectionCheck connectionCheck;
    private final ReportValidator reportValidator;

    public IntegrationsResource(IntegrationsApi integrations, Pickers pickers, TestIssue testIssue,
                                ConnectionCheck connectionCheck, ReportValidator reportValidator) {
        this.integrations = integrations;
        this.pickers = pickers;
        this.testIssue = testIssue;
        this.connectionCheck = connectionCheck;
        this.reportValidator = reportValidator;
    }

    /** POST /integrations */
    public void create(Exchange exchange) {
        IntegrationView created = integrations.create(IntegrationRequests.parse(
                ApiResponses.jsonBody(exchange, "integration"), null, null, Map.of()));
        ApiResponses.json(exchange, 201, created);
        exchange.getMessage().setHeader("Location", "/api/v1/integrations/" + created.id());
    }

    /** PUT /integrations/{id}: the whole integration; secrets left out or sent as the mask keep their value. */
    public void update(Exchange exchange) {
        String id = id(exchange);
        IntegrationsApi.Stored stored = integrations.stored(id);
        ApiResponses.json(exchange, 200, integrations.update(IntegrationRequests.parse(
                ApiResponses.jsonBody(exchange, "integration"), id, stored.integration(), stored.secrets())));
    }

    /**
     * PATCH /integrations/{id}: a JSON merge patch (RFC 7396) onto the integration as GET shows it. Fields left out
     * stay as they are (secrets included: the patch starts from their masks), {@code null} removes a field; the
     * result is read and saved like a PUT.
     */
    public void patch(Exchange exchange) {
        String id = id(exchange);
        IntegrationsApi.Stored stored = integrations.stored(id);
        JsonNode patch = readJson(ApiResponses.jsonBody(exchange, "merge patch", MERGE_PATCH));
        if (!patch.isObject()) {
            throw new ApiException(400, "invalid_integration", "a merge patch of an integration is a JSON object");
        }
        JsonNode merged = JsonMergePatch.apply(Json.MAPPER.valueToTree(
                IntegrationRequests.view(stored.integration(), stored.secrets())), patch);
        ApiResponses.json(exchange, 200, integrations.update(IntegrationRequests.parse(Json.write(merged), id,
                stored.integration(), stored.secrets())));
    }

    /** GET /integrations/{id} */
    public void get(Exchange exchange) {
        ApiResponses.bound(exchange, 200, integrations.get(id(exchange)));
    }

    /** GET /integrations */
    public void list(Exchange exchange) {
        ApiResponses.bound(exchange, 200, integrations.list());
    }

    /** DELETE /integrations/{id} */
    public void delete(Exchange exchange) {
        integrations.delete(id(exchange));
        ApiResponses.bound(exchange, 204, null);
    }

    /** GET /integrations/{id}/projects */
    public void projects(Exchange exchange) {
        ApiResponses.bound(exchange, 200, pickers.projects(id(exchange)));
    }

    /** GET /integrations/{id}/issuetypes[?project=] */
    public void issueTypes(Exchange exchange) {
        ApiResponses.bound(exchange, 200, pickers.issueTypes(id(exchange), query(exchange, "project")));
    }

    /** GET /integrations/{id}/assignees[?project=] */
    public void assignees(Exchange exchange) {
        ApiResponses.bound(exchange, 200, pickers.assignees(id(exchange), query(exchange, "project")));
    }

    /** GET /integrations/{id}/fields[?project=&issuetype=] */
    public void fields(Exchange exchange) {
        ApiResponses.bound(exchange, 200, pickers.fields(id(exchange), query(exchange, "project"),
                query(exchange, "issuetype")));
    }

    /** GET /integrations/{id}/priorities[?project=&issuetype=] */
    public void priorities(Exchange exchange) {
        ApiResponses.bound(exchange, 200, pickers.priorities(id(exchange), query(exchange, "project"),
                query(exchange, "issuetype")));
    }

    /** POST /integrations/{id}/test-issue: the report in the body, checked like any report, or the sample. */
    public void testIssue(Exchange exchange) {
        Integration integration = integrations.require(id(exchange));
        String body = exchange.getMessage().getBody(String.class);
        // the request body is a stream: keep the text read here for the content check below
        exchange.getMessage().setBody(body);
        Report report = body == null || body.isBlank() ? null
                : reportValidator.validate(ApiResponses.jsonBody(exchange, "sample report"));
        ApiResponses.json(exchange, 201, testIssue.create(integration, report));
    }

    /** POST /integrations/{id}/check */
    public void check(Exchange exchange) {
        ApiResponses.bound(exchange, 200, connectionCheck.check(id(exchange)));
    }

    private static String id(Exchange exchange) {
        return query(exchange, "id");
    }

    /** A path or query parameter (platform-http makes both headers). */
    private static String query(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    private static JsonNode readJson(String body) {
        try {
            return Json.MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            // the project's wording (where the parser stopped), never the parser's own text, which echoes the body
            throw ApiException.malformedJson(e);
        }
    }

    /**
     * POST and PUT: an integration. {@code connection} holds the fields of its authentication type (docs/auth.md),
     * secrets included; {@code sync} the switches, webhook secret and poll schedule (docs/sync.md). PATCH sends any
     * part of it as a JSON merge patch.
     */
    public record IntegrationRequest(String id, String name, @JsonProperty("default") Boolean isDefault,
                                     Map<String, Object> connection, Integration.Target target,
                                     Integration.Mapping mapping, Map<String, Object> sync) {
    }

    /** An integration as the API shows it: secrets as {@code ********}; targetCheck only in a save's answer. */
    public record IntegrationView(String id, String name, @JsonProperty("default") boolean isDefault,
                                  Map<String, Object> connection, Integration.Target target,
                                  Integration.Mapping mapping, Map<String, Object> sync,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> targetCheck) {
        /** The view with the outcome of the save's target check. */
        public IntegrationView withTargetCheck(Map<String, Object> check) {
            return new IntegrationView(id, name, isDefault, connection, target, mapping, sync, check);
        }
    }

    public record IntegrationList(List<IntegrationView> integrations) {
    }

    // the choices below carry what Jira answered: a part Jira left out is left out

    /** A Jira project to pick. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProjectChoice(String id, String key, String name) {
    }

    public record ProjectChoices(List<ProjectChoice> projects) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IssueTypeChoice(String id, String name, Boolean subtask) {
    }

    public record IssueTypeChoices(String project, List<IssueTypeChoice> issueTypes) {
    }

    /** {@code assignee} is the value for target.assignee (accountId on Cloud, user name on Server/DC). */
    public record AssigneeChoice(String assignee, @JsonInclude(JsonInclude.Include.NON_NULL) String displayName,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) String emailAddress,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Boolean active) {
    }

    public record AssigneeChoices(String project, List<AssigneeChoice> assignees) {
    }

    /** A field of the create screen; {@code type} is a mapping entry's type, null when it cannot be filled. */
    public record FieldChoice(String id, @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Boolean required,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasDefaultValue, String type,
                              Map<String, Object> schema,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<Map<String, Object>> allowedValues) {
    }

    public record FieldChoices(String project, Map<String, Object> issueType, List<FieldChoice> fields) {
    }

    /**
     * The project's priority scheme (scope "project", with its default when the create screen names one) or every
     * priority of the site (scope "site").
     */
    @JsonPropertyOrder({"scope", "project", "default", "priorities"})
    public record PriorityChoices(String scope, @JsonInclude(JsonInclude.Include.NON_NULL) String project,
                                  List<Map<String, Object>> priorities,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("default")
                                  Map<String, Object> defaultPriority) {
    }

    /** 201: the test issue created through the full mapping; skipped names entries that were left out. */
    public record TestIssueCreated(String key, String id, String url, String summary, List<String> fields,
                                   List<String> skipped) {
    }

    /** The connection check: ok / warning / error items, each with a remedy. */
    public record ConnectionCheckResult(String integrationId, String status, String checkedAt,
                                        List<ConnectionCheck.Item> items) {
    }
}
