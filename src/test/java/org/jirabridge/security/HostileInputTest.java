package org.jirabridge.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated corpus of broken and hostile input across intake, the report PATCH, the integrations API and the
 * webhook endpoint: each gets a 4xx JSON error, nothing is half-stored, and the service stays up.
 */
class HostileInputTest {

    private static final String DEMO_WEBHOOK_SECRET = "demo-webhook-secret";
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("camel.server.maxBodySize", "1048576"));
    private static String reportId;

    /**
     * One request of the corpus: where it goes, its content type, its body bytes, and its Authorization header
     * (null: the admin credential; empty: none).
     */
    record Attack(String name, String method, String path, String contentType, byte[] body, boolean signed,
                  String authorization) {
        Attack(String name, String method, String path, String contentType, byte[] body, boolean signed) {
            this(name, method, path, contentType, body, signed, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        reportId = RunningService.readTree(service.postJson("/api/v1/reports", "{\"title\": \"target\"}").body())
                .path("id").asText();
        // the PATCH target is forwarded and Jira's webhook about it applied; after that nothing changes by itself
        service.awaitReportStatus(reportId, "FORWARDED", java.time.Duration.ofSeconds(30));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !service.report(reportId).path("jira").path("status").isNull());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Bodies that are not (usable) JSON: valid for no endpoint. */
    private static List<byte[]> brokenBodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (String text : List.of("", " ", "{", "}", "[", "{\"title\": ", "{\"title\": \"x\",}", "{'title': 'x'}",
                "{\"title\": NaN}", "{\"title\": \"x\"} trailing", "null", "true", "42", "\"string\"", "[]",
                "[{\"title\": \"x\"}]", "{\"title\": \"\\uD800\"", "{\"title\": \"x\" \"type\": \"bug\"}",
                "<xml/>", "title=x&type=bug")) {
            bodies.add(utf8(text));
        }
        bodies.add(utf8("[".repeat(5000) + "]".repeat(5000)));
        bodies.add(utf8("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
        bodies.add(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b});
        bodies.add(new byte[] {0x7b, 0x22, (byte) 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d});
        return bodies;
    }

    /** Well-formed JSON with wrong types, unknown fields, hostile or oversized values, for the report contract. */
    private static List<String> badReports() {
        List<String> reports = new ArrayList<>();
        String huge = "x".repeat(150_000);
        for (String field : List.of("title", "description", "type", "priority", "integrationId", "externalId")) {
            for (String value : List.of("42", "true", "[]", "{}", "[\"x\"]", "-1.5e300")) {
                reports.add(field.equals("title") ? "{\"title\": " + value + "}"
                        : "{\"title\": \"ok\", \"" + field + "\": " + value + "}");
            }
        }
        reports.add("{\"title\": \"" + huge + "\"}");
        reports.add("{\"title\": \"ok\", \"description\": \"" + huge + "\"}");
        for (String section : List.of("reporter", "app")) {
            reports.add("{\"title\": \"ok\", \"" + section + "\": \"text\"}");
            reports.add("{\"title\": \"ok\", \"" + section + "\": {\"unknown\": \"x\"}}");
            reports.add("{\"title\": \"ok\", \"" + section + "\": {\"name\": 7}}");
            reports.add("{\"title\": \"ok\", \"" + section + "\": [1, 2]}");
        }
        for (String value : List.of("\"a,b\"", "[1]", "[null]", "[{}]", "{}")) {
            reports.add("{\"title\": \"ok\", \"tags\": " + value + "}");
        }
        for (String attachment : List.of("\"x\"", "{}", "{\"name\": \"a\"}", "{\"name\": \"a\", \"data\": \"%%%\"}",
                "{\"name\": \"a\", \"data\": 7}", "{\"data\": \"aGk=\"}", "{\"name\": \"a\", \"data\": \"aGk=\", \"x\": 1}")) {
            reports.add("{\"title\": \"ok\", \"attachments\": [" + attachment + "]}");
        }
        for (String unknown : List.of("severity", "__proto__", "constructor", "$where", "title ", "Title")) {
            reports.add("{\"title\": \"ok\", \"" + unknown + "\": \"x\"}");
        }
        for (String type : List.of("BUG", "incident", "<script>alert(1)</script>", "bug\u0000", "")) {
            reports.add("{\"title\": \"ok\", \"type\": \"" + type.replace("\u0000", "\\u0000") + "\"}");
        }
        reports.add("{\"title\": \"ok\", \"reporter\": {\"email\": \"<script>@x\"}}");
        reports.add("{\"title\": \"ok\", \"integrationId\": \"../../etc/passwd\"}");
        reports.add("{\"title\": \"ok\", \"integrationId\": \"demo' OR '1'='1\"}");
        reports.add("{\"title\": \"   \\t\\n  \"}");
        return reports;
    }

    private static List<String> badIntegrations() {
        List<String> bodies = new ArrayList<>();
        String connection = "{\"deployment\": \"server\", \"baseUrl\": \"http://localhost:1\", \"authType\": \"PAT\","
                + " \"token\": \"t\"}";
        String target = "{\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}";
        for (String id : List.of("\"UPPER\"", "\"with space\"", "\"../x\"", "7", "\"" + "a".repeat(65) + "\"", "\"\"")) {
            bodies.add("{\"id\": " + id + ", \"connection\": " + connection + ", \"target\": " + target + "}");
        }
        for (String bad : List.of("{\"deployment\": \"mainframe\"}", "{\"authType\": \"KERBEROS\"}", "\"text\"", "[]",
                "{\"deployment\": \"server\", \"baseUrl\": \"javascript:alert(1)\", \"authType\": \"PAT\", \"token\": \"t\"}",
                "{\"deployment\": \"server\", \"baseUrl\": \"file:///etc/passwd\", \"authType\": \"PAT\", \"token\": \"t\"}",
                "{\"deployment\": \"server\", \"baseUrl\": \"http://169.254.169.254\", \"authType\": \"PAT\", \"token\": \"t\"}",
                "{\"deployment\": \"cloud\", \"baseUrl\": \"https://x.atlassian.net\", \"authType\": \"PAT\", \"token\": \"t\"}",
                "{\"deployment\": \"server\", \"baseUrl\": \"http://localhost:1\", \"authType\": \"PAT\", \"token\": 5}")) {
            bodies.add("{\"id\": \"hostile\", \"connection\": " + bad + ", \"target\": " + target + "}");
        }
        for (String mapping : List.of("\"x\"", "{\"priorityMap\": {\"Urgent\": \"High\"}}", "{\"include\": [\"secrets\"]}",
                "{\"customFields\": [{\"source\": 1}]}", "{\"unknown\": true}")) {
            bodies.add("{\"id\": \"hostile\", \"connection\": " + connection + ", \"target\": " + target
                    + ", \"mapping\": " + mapping + "}");
        }
        for (String sync : List.of("{\"autoForward\": \"yes\"}", "{\"pollCron\": \"every minute\"}", "{\"bogus\": 1}")) {
            bodies.add("{\"id\": \"hostile\", \"connection\": " + connection + ", \"target\": " + target
                    + ", \"sync\": " + sync + "}");
        }
        return bodies;
    }

    static Stream<Arguments> corpus() {
        List<Attack> attacks = new ArrayList<>();
        int n = 0;
        for (byte[] body : brokenBodies()) {
            attacks.add(new Attack("broken report " + n, "POST", "/api/v1/reports", "application/json", body, false));
            attacks.add(new Attack("broken integration " + n, "POST", "/api/v1/integrations", "application/json", body,
                    false));
            attacks.add(new Attack("broken edit " + n, "PUT", "/api/v1/integrations/demo", "application/json", body,
                    false));
            attacks.add(new Attack("broken patch " + n, "PATCH", "/api/v1/reports/{report}", "application/json", body,
                    false));
            attacks.add(new Attack("broken signed webhook " + n, "POST", "/webhooks/jira/demo", "application/json",
                    body, true));
            n++;
        }
        n = 0;
        for (String report : badReports()) {
            attacks.add(new Attack("bad report " + n++, "POST", "/api/v1/reports", "application/json", utf8(report),
                    false));
        }
        n = 0;
        for (String integration : badIntegrations()) {
            attacks.add(new Attack("bad integration " + n++, "POST", "/api/v1/integrations", "application/json",
                    utf8(integration), false));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            attacks.add(new Attack("report as " + type, "POST", "/api/v1/reports", type, utf8("{\"title\": \"x\"}"),
                    false));
            attacks.add(new Attack("integration as " + type, "POST", "/api/v1/integrations", type, utf8("{}"), false));
        }
        for (String patch : List.of("{\"priority\": \"Urgent\"}", "{\"priority\": 3}", "{\"title\": \"x\"}", "{}")) {
            attacks.add(new Attack("bad patch " + patch, "PATCH", "/api/v1/reports/{report}", "application/json",
                    utf8(patch), false));
        }
        attacks.add(new Attack("patch of an unknown report", "PATCH", "/api/v1/reports/nope", "application/json",
                utf8("{\"priority\": \"Major\"}"), false));
        for (String body : List.of("{\"webhookEvent\": \"jira:issue_updated\"}", "{}", "{")) {
            attacks.add(new Attack("unsigned webhook " + body, "POST", "/webhooks/jira/demo", "application/json",
                    utf8(body), false));
            attacks.add(new Attack("webhook for unknown integration " + body, "POST", "/webhooks/jira/nope",
                    "application/json", utf8(body), true));
        }
        attacks.add(new Attack("oversized report", "POST", "/api/v1/reports", "application/json",
                utf8("{\"title\": \"" + "x".repeat(2_000_000) + "\"}"), false));
        attacks.add(new Attack("replay of a dead letter that is not a number", "POST",
                "/api/v1/dead-letters/abc/replay", "application/json", utf8(""), false));
        attacks.addAll(credentialAttacks());
        return attacks.stream().map(Arguments::of);
    }

    /** Missing, malformed, oversized and misplaced credentials, on intake and on the admin API. */
    private static List<Attack> credentialAttacks() {
        String admin = Http.ADMIN_TOKEN;
        List<String> headers = List.of("", "Bearer", "Bearer ", "Bearer  ", "Bearer " + admin + " extra",
                "Bearer " + admin + "x", "Bearer x" + admin, "Bearer " + admin.toUpperCase(java.util.Locale.ROOT),
                "Basic " + java.util.Base64.getEncoder().encodeToString(utf8("admin:" + admin)), "Token " + admin,
                "Bearer: " + admin, "Bearer\t" + admin, admin, "Bearer " + "A".repeat(600),
                "Bearer " + "A".repeat(6000), "Bearer ' OR '1'='1", "Bearer ../../etc/passwd", "Bearer %00",
                "Bearer jb_" + "A".repeat(43), "Bearer demo-api-key-not", "Bearer ,");
        List<Attack> attacks = new ArrayList<>();
        int n = 0;
        for (String header : headers) {
            String shown = "credential " + n++ + " (" + header.length() + " characters)";
            attacks.add(new Attack("report with " + shown, "POST", "/api/v1/reports", "application/json",
                    utf8("{\"title\": \"x\"}"), false, header));
            attacks.add(new Attack("integration with " + shown, "POST", "/api/v1/integrations", "application/json",
                    utf8("{\"id\": \"sneaky\", \"connection\": {\"deployment\": \"server\", \"baseUrl\":"
                            + " \"http://localhost:1\", \"authType\": \"PAT\", \"token\": \"t\"}, \"target\":"
                            + " {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}"), false,
                    header));
        }
        // the demo intake key is valid, but not for the admin API
        attacks.add(new Attack("integration with the demo intake key", "POST", "/api/v1/integrations",
                "application/json", utf8("{\"id\": \"sneaky\"}"), false, "Bearer demo-api-key"));
        attacks.add(new Attack("api key with the demo intake key", "POST", "/api/v1/api-keys", "application/json",
                utf8("{\"name\": \"more\", \"integrations\": [\"demo\"]}"), false, "Bearer demo-api-key"));
        // dot segments from an open path do not reach an admin route without a credential
        for (String path : List.of("/webhooks/jira/../../api/v1/api-keys", "/webhooks/jira/%2e%2e/%2e%2e/api/v1/api-keys",
                "/observe/..%2f..%2fapi/v1/api-keys", "/connect/x/%2E%2E/%2E%2E/api/v1/api-keys")) {
            attacks.add(new Attack("traversal " + path, "POST", path, "application/json",
                    utf8("{\"name\": \"more\", \"integrations\": [\"demo\"]}"), false, ""));
        }
        return attacks;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithAJsonErrorAndStoresNothing(Attack attack) throws Exception {
        long before = rows();
        String path = attack.path().replace("{report}", reportId);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Content-Type", attack.contentType())
                .method(attack.method(), HttpRequest.BodyPublishers.ofByteArray(attack.body()));
        if (attack.signed()) {
            request.header("X-Hub-Signature", "sha256=" + hmac(attack.body()));
        }
        if (attack.authorization() != null && !attack.authorization().isEmpty()) {
            request.header("Authorization", attack.authorization());
        }

        // with a credential of its own (or none) the request goes out as it is; else as the administrator
        HttpResponse<String> response = attack.authorization() == null ? service.send(request) : Http.send(request);

        assertThat(response.statusCode()).as("%s: %s", attack, response.body()).isBetween(400, 499);
        if (response.statusCode() != 413) {
            JsonNode error = RunningService.readTree(response.body());
            assertThat(error.path("error").asText()).as(attack.name()).isNotBlank();
            assertThat(error.has("message")).isTrue();
        }
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(rows()).as(attack.name()).isEqualTo(before);
        assertThat(service.get("/observe/health").statusCode()).isEqualTo(200);
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(utf8(DEMO_WEBHOOK_SECRET), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Everything a request could have stored: reports, outbox rows, integrations, webhook events. */
    private static long rows() {
        long total = 0;
        for (String table : List.of("report", "outbox", "integration", "webhook_event", "api_key")) {
            total += service.count("SELECT COUNT(*) FROM " + table);
        }
        return total;
    }
}
