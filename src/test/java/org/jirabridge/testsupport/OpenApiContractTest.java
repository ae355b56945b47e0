package org.jirabridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.RecordedExchange;
import org.junit.jupiter.api.Test;

/** The contract finds real violations and ignores only the documented rules. */
class OpenApiContractTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json;charset=UTF-8"));
    private static final Map<String, List<String>> BASIC = Map.of("Authorization", List.of("Basic ZGVtbzp0b2tlbg=="));
    private final OpenApiContract cloud = OpenApiContract.forFlavour(Flavour.CLOUD);
    private final OpenApiContract server = OpenApiContract.forFlavour(Flavour.SERVER);

    private static RecordedExchange exchange(String method, String path, String requestBody, int status, String responseBody) {
        return exchange(method, path, requestBody, status, JSON, responseBody);
    }

    private static RecordedExchange exchange(String method, String path, String requestBody, int status,
                                             Map<String, List<String>> responseHeaders, String responseBody) {
        Map<String, List<String>> requestHeaders = requestBody == null ? BASIC
                : Map.of("Authorization", BASIC.get("Authorization"), "Content-Type", List.of("application/json"));
        return new RecordedExchange(method, path, null, requestHeaders, bytes(requestBody), status, responseHeaders, bytes(responseBody));
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aConformingExchangeHasNoViolations() {
        RecordedExchange created = exchange("POST", "/rest/api/3/issue", "{\"fields\":{\"summary\":\"S\"}}", 201,
                "{\"id\":\"10001\",\"key\":\"DEMO-1\",\"self\":\"http://localhost/rest/api/3/issue/10001\"}");

        assertThat(cloud.violations(created)).isEmpty();
    }

    @Test
    void anUnknownPropertyInAClosedSchemaIsAViolation() {
        RecordedExchange myself = exchange("GET", "/rest/api/3/myself", null, 200, "{\"accountId\":\"a\",\"username\":\"nope\"}");

        assertThat(cloud.violations(myself)).singleElement().asString()
                .contains("GET /rest/api/3/myself -> 200").contains("additionalProperties").contains("username");
    }

    @Test
    void wrongTypesAndDatesAreViolations() {
        RecordedExchange info = exchange("GET", "/rest/api/3/serverInfo", null, 200,
                "{\"versionNumbers\":[\"nine\"],\"serverTime\":\"yesterday\"}");

        assertThat(cloud.violations(info)).hasSize(2);
    }

    @Test
    void aBadRequestBodyIsAViolation() {
        RecordedExchange create = exchange("POST", "/rest/api/3/issue", "{\"fields\":\"not an object\"}", 201,
                "{\"id\":\"10001\",\"key\":\"DEMO-1\"}");

        assertThat(cloud.violations(create)).anyMatch(v -> v.contains("validation.request.body"));
    }

    @Test
    void undocumentedStatusesAndPathsAreViolations() {
        assertThat(cloud.violations(exchange("GET", "/rest/api/3/myself", null, 418, "{}"))).isNotEmpty();
        assertThat(cloud.violations(exchange("GET", "/rest/api/3/no-such-resource", null, 200, "{}")))
                .anyMatch(v -> v.contains("validation.request.path.missing"));
        assertThat(server.violations(exchange("GET", "/rest/api/3/myself", null, 200, "{}")))
                .singleElement().asString().contains("not a REST path of Jira Server");
    }

    @Test
    void documentedExceptionsAreIgnored() {
        Map<String, List<String>> text = Map.of("Content-Type", List.of("text/plain;charset=UTF-8"));
        assertThat(cloud.violations(exchange("PUT", "/rest/api/3/issue/DEMO-1", "{\"fields\":{}}", 204, Map.of(), null))).isEmpty();
        assertThat(cloud.violations(exchange("GET", "/rest/api/3/search", null, 410, "{\"errorMessages\":[\"gone\"],\"errors\":{}}"))).isEmpty();
        assertThat(cloud.violations(exchange("GET", "/rest/api/3/myself", null, 429, "{\"errorMessages\":[\"slow down\"],\"errors\":{}}"))).isEmpty();
        assertThat(cloud.violations(exchange("GET", "/rest/api/3/myself", null, 401, text, "Client must be authenticated to access this resource."))).isEmpty();
        assertThat(cloud.violations(exchange("GET", "/rest/api/3/issue/DEMO-9", null, 404, "{\"errorMessages\":[\"gone\"],\"errors\":{}}"))).isEmpty();
        assertThat(cloud.violations(exchange("GET", "/rest/api/3/webhook", null, 401, "{\"errorMessages\":[\"no\"],\"errors\":{}}"))).isEmpty();
        assertThat(cloud.violations(exchange("POST", "/_sandbox/reset", null, 204, Map.of(), null))).isEmpty();
        assertThat(cloud.ignoredRules()).doesNotContain(OpenApiContract.SERVER_PAT, OpenApiContract.SERVER_CREATEMETA_PAGE);
        assertThat(server.ignoredRules()).contains(OpenApiContract.SERVER_PAT, OpenApiContract.SERVER_CREATEMETA_PAGE);
    }

    @Test
    void gatewayCallsAndCloudV2WebhooksAreCheckedAsTheSiteCallAgainstTheNewerDocument() {
        String page = "{\"isLast\":true,\"maxResults\":100,\"startAt\":0,\"total\":1,\"values\":[{\"id\":10000,"
                + "\"jqlFilter\":\"project = DEMO\",\"events\":[\"jira:issue_created\"],\"url\":\"https://app.example.com/hook\"}]}";

        assertThat(cloud.violations(exchange("GET", "/ex/jira/site-1/rest/api/2/webhook", null, 200, page))).isEmpty();
        assertThat(cloud.violations(exchange("GET", "/ex/jira/site-1/rest/api/3/webhook", null, 200,
                page.replace(",\"url\":\"https://app.example.com/hook\"", "")))).singleElement().asString()
                .contains("GET /rest/api/3/webhook -> 200").contains("url");
    }

    @Test
    void anIgnoredRuleDoesNotHideOtherProblemsOfTheSameExchange() {
        RecordedExchange badError = exchange("POST", "/rest/api/3/issue", "{\"fields\":{}}", 400, "{\"errorMessages\":\"not a list\"}");

        assertThat(cloud.violations(badError)).anyMatch(v -> v.contains("errorMessages"));
    }

    @Test
    void assertConformsListsEveryViolation() {
        RecordedExchange bad = exchange("GET", "/rest/api/3/myself", null, 200, "{\"username\":\"nope\"}");

        assertThatThrownBy(() -> cloud.assertConforms(List.of(bad, bad)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("2 OpenAPI violation(s) in 2 exchange(s)");
    }
}
