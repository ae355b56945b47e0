package org.jirabridge.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.VerbDefinition;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI 3 document at /api/v1/openapi.json is complete: every operation the running service's REST DSL
 * registers under /api/v1 is in it, with its parameters, its request body's schema where it takes one, its success
 * answer's schema (but for a 204 or a redirect) and the error contract's schema for its 4xx answers.
 */
class OpenApiDocumentTest {

    private static RunningService service;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        service = RunningService.start("cloud", Map.of());
        HttpResponse<String> answer = service.get("/api/v1/openapi.json");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        document = RunningService.readTree(answer.body());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** The operations of the running REST DSL under /api/v1, as {method, full path, verb}. */
    private static List<Object[]> operations() {
        Model model = service.camelContext().getCamelContextExtension().getContextPlugin(Model.class);
        List<Object[]> found = new ArrayList<>();
        for (RestDefinition rest : model.getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = join(rest.getPath(), verb.getPath());
                if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
                    found.add(new Object[] {verb.asVerb(), path, verb});
                }
            }
        }
        return found;
    }

    @Test
    void isAnOpenApi3DocumentOfTheV1Api() {
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).isEqualTo("jira-bridge API");
        assertThat(document.path("info").path("version").asText()).isEqualTo("v1");
        // only the v1 API: the webhooks and the Connect lifecycle are not operations of it
        document.path("paths").fieldNames().forEachRemaining(path -> assertThat(path).startsWith("/api/v1/"));
    }

    @Test
    void everyOperationUnderApiV1IsInItWithItsSchemas() {
        List<Object[]> operations = operations();
        // the v1 API's resources: reports, dead letters, integrations and their setup, OAuth, API keys, sync, ingestion
        assertThat(operations).hasSizeGreaterThanOrEqualTo(40);
        List<String> problems = new ArrayList<>();
        for (Object[] operation : operations) {
            String method = ((String) operation[0]).toLowerCase(Locale.ROOT);
            String path = (String) operation[1];
            VerbDefinition verb = (VerbDefinition) operation[2];
            String name = method.toUpperCase(Locale.ROOT) + " " + path;
            JsonNode op = document.path("paths").path(path).path(method);
            if (op.isMissingNode()) {
                problems.add(name + ": not in the document");
                continue;
            }
            // path parameters, each declared
            for (String parameter : pathParameters(path)) {
                boolean declared = false;
                for (JsonNode p : op.path("parameters")) {
                    declared |= p.path("in").asText().equals("path") && p.path("name").asText().equals(parameter);
                }
                if (!declared) {
                    problems.add(name + ": path parameter " + parameter + " not declared");
                }
            }
            // the request body, where the operation takes one (every PUT and PATCH does)
            boolean takesBody = verb.getType() != null || (verb.getParams() != null && verb.getParams().stream()
                    .map(ParamDefinition::getType).anyMatch(RestParamType.body::equals));
            if (method.equals("put") || method.equals("patch")) {
                if (!takesBody) {
                    problems.add(name + ": declares no request body");
                }
            }
            if (takesBody) {
                JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
                if (!resolves(schema)) {
                    problems.add(name + ": no request schema (" + schema + ")");
                }
            }
            // the answers: the success one with its schema, the errors with the error contract's
            List<ResponseMessageDefinition> declared = verb.getResponseMsgs() == null ? List.of() : verb.getResponseMsgs();
            boolean success = false;
            boolean clientError = false;
            for (ResponseMessageDefinition message : declared) {
                int code = Integer.parseInt(message.getCode());
                JsonNode response = op.path("responses").path(message.getCode());
                if (response.isMissingNode()) {
                    problems.add(name + ": answer " + code + " not in the document");
                    continue;
                }
                JsonNode schema = response.path("content").path("application/json").path("schema");
                if (code < 300) {
                    success = true;
                    if (code != 204 && !resolves(schema)) {
                        problems.add(name + ": no schema for " + code);
                    }
                } else if (code < 400) {
                    success = true;
                } else {
                    clientError |= code < 500;
                    if (!schema.path("$ref").asText().equals("#/components/schemas/ApiError")) {
                        problems.add(name + ": " + code + " is not the error contract (" + schema + ")");
                    }
                }
            }
            if (verb.getOutType() != null && !resolves(op.path("responses").path("200").path("content")
                    .path("application/json").path("schema"))) {
                problems.add(name + ": no schema for 200");
            }
            if (!success && verb.getOutType() == null) {
                problems.add(name + ": no success answer declared");
            }
            if (!clientError) {
                problems.add(name + ": no 4xx answer declared");
            }
        }
        assertThat(problems).isEmpty();
        JsonNode error = document.path("components").path("schemas").path("ApiError").path("properties");
        assertThat(error.path("error").path("type").asText()).isEqualTo("string");
        assertThat(error.path("message").path("type").asText()).isEqualTo("string");
        assertThat(error.path("details").path("type").asText()).isEqualTo("array");
    }

    @Test
    void theReportContractIsItsRequestSchema() {
        JsonNode report = document.path("paths").path("/api/v1/reports").path("post").path("requestBody")
                .path("content").path("application/json").path("schema");
        JsonNode properties = target(report).path("properties");
        assertThat(properties.has("title")).isTrue();
        assertThat(properties.has("attachments")).isTrue();
        assertThat(properties.has("externalId")).isTrue();
    }

    @Test
    void needsTheAdminCredentialLikeTheRestOfTheApi() {
        String url = service.baseUrl() + "/api/v1/openapi.json";
        assertThat(Http.send(HttpRequest.newBuilder(URI.create(url))).statusCode()).isEqualTo(401);
        HttpResponse<String> withKey = Http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer demo-api-key"));
        assertThat(withKey.statusCode()).isEqualTo(403);
        assertThat(RunningService.readTree(withKey.body()).path("error").asText()).isEqualTo("forbidden");
    }

    /** A schema that is a $ref to a component with properties, an array of such, or a plain typed schema. */
    private static boolean resolves(JsonNode schema) {
        if (schema.isMissingNode() || schema.isEmpty()) {
            return false;
        }
        if (schema.path("type").asText().equals("array")) {
            return resolves(schema.path("items"));
        }
        if (schema.has("$ref")) {
            JsonNode target = target(schema);
            return target.path("properties").size() > 0;
        }
        return schema.has("type");
    }

    private static JsonNode target(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String join(String base, String path) {
        String left = base == null ? "" : base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String right = path == null ? "" : path.startsWith("/") ? path : "/" + path;
        return left + right;
    }
}
