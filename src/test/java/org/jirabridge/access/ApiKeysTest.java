package org.jirabridge.access;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.store.Database;
import org.jirabridge.store.Json;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials end to end, against the real routes and the sandbox: 401 without, with a wrong or a revoked
 * credential; intake keys stored only as hashes, several at once, limited to their integrations; the admin
 * credential for everything else.
 */
class ApiKeysTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud();

    @BeforeAll
    static void start() {
        // a second integration, set up through the API like a person would; reports wait for a manual forward
        HttpResponse<String> created = service.postJson("/api/v1/integrations", """
                {"id": "team-b", "name": "Team B",
                 "connection": {"deployment": "cloud", "baseUrl": "%s", "authType": "BASIC",
                                "email": "demo@example.com", "apiToken": "demo-token"},
                 "target": {"projectKey": "DEMO", "issueType": "Bug"}, "sync": {"autoForward": false}}
                """.formatted(service.sandbox().baseUrl()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    // ---- helpers: requests with exactly the credential given (none when null)

    private static HttpResponse<String> call(String method, String path, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Http.send(request);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Creates a key as the administrator; returns the answer (with the key). */
    private static JsonNode createKey(String name, String... integrations) {
        HttpResponse<String> created = service.postJson("/api/v1/api-keys",
                Json.write(Map.of("name", name, "integrations", List.of(integrations))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return RunningService.readTree(created.body());
    }

    private static String postReport(String key, String integrationId, int expectedStatus) {
        String body = integrationId == null ? "{\"title\": \"sent with a key\"}"
                : "{\"title\": \"sent with a key\", \"integrationId\": \"" + integrationId + "\"}";
        HttpResponse<String> answer = call("POST", "/api/v1/reports", body, bearer(key));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expectedStatus);
        return RunningService.readTree(answer.body()).path("id").asText();
    }

    private static void assertUnauthorized(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        JsonNode error = RunningService.readTree(answer.body());
        assertThat(error.path("error").asText()).isEqualTo("unauthorized");
        assertThat(error.has("message")).isTrue();
        assertThat(error.path("details").isArray()).isTrue();
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The whole database as SQL (H2's SCRIPT): where a plaintext key would show if it were stored anywhere. */
    private static String databaseDump() {
        return service.bean("database", Database.class).inTransaction(c -> {
            StringBuilder dump = new StringBuilder();
            try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    dump.append(rs.getString(1)).append('\n');
                }
            }
            return dump.toString();
        });
    }

    // ---- tests

    @Test
    void missingWrongAndMalformedCredentialsAre401OnIntakeAndAdminEndpoints() {
        String report = "{\"title\": \"nobody\"}";
        long reportsBefore = service.count("SELECT COUNT(*) FROM report");
        for (String authorization : java.util.Arrays.asList(null, bearer("not-a-known-token-at-all"),
                bearer(Http.ADMIN_TOKEN + "x"), "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("admin:" + Http.ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8)), Http.ADMIN_TOKEN, "Bearer")) {
            assertUnauthorized(call("POST", "/api/v1/reports", report, authorization));
            assertUnauthorized(call("GET", "/api/v1/reports/any-id", null, authorization));
            assertUnauthorized(call("GET", "/api/v1/integrations", null, authorization));
            assertUnauthorized(call("POST", "/api/v1/api-keys", "{\"name\": \"x\", \"integrations\": [\"demo\"]}",
                    authorization));
            assertUnauthorized(call("GET", "/api/v1/dead-letters", null, authorization));
            // fail closed: a path no route serves says nothing about itself either
            assertUnauthorized(call("GET", "/api/v1/no-such-route", null, authorization));
        }
        assertThat(service.count("SELECT COUNT(*) FROM report")).isEqualTo(reportsBefore);
        assertThat(service.count("SELECT COUNT(*) FROM api_key WHERE name = 'x'")).isZero();
    }

    @Test
    void theAdminCredentialWorksAndOpenPathsNeedNone() {
        assertThat(call("GET", "/api/v1/integrations", null, bearer(Http.ADMIN_TOKEN)).statusCode()).isEqualTo(200);
        // the scheme's case does not matter (RFC 7235)
        assertThat(call("GET", "/api/v1/integrations", null, "bearer " + Http.ADMIN_TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/observe/health", null, null).statusCode()).isEqualTo(200);
        // the OAuth callback is reached by a browser coming back from Atlassian: it checks its own state
        HttpResponse<String> callback = call("GET", "/api/v1/oauth/callback?code=x&state=unknown", null, null);
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(400);
        assertThat(callback.body()).contains("invalid_state");
        // webhooks verify their own signature: unsigned is refused by that check, not by a credential
        HttpResponse<String> webhook = call("POST", "/webhooks/jira/demo", "{}", null);
        assertThat(webhook.statusCode()).isEqualTo(401);
        assertThat(webhook.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void aKeyIsShownOnceStoredAsAHashAndRefusedAtOnceWhenRevoked() throws Exception {
        JsonNode created = createKey("mobile app", "demo");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        assertThat(key).startsWith("jb_").hasSizeGreaterThan(40);
        assertThat(created.path("prefix").asText()).isEqualTo(key.substring(0, 11));
        assertThat(created.path("integrations")).hasSize(1);
        assertThat(created.path("integrations").get(0).asText()).isEqualTo("demo");

        String reportId = postReport(key, null, 202);
        assertThat(call("GET", "/api/v1/reports/" + reportId, null, bearer(key)).statusCode()).isEqualTo(200);

        HttpResponse<String> list = service.get("/api/v1/api-keys");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(key).doesNotContain(sha256(key)).contains(id);
        JsonNode listed = null;
        for (JsonNode entry : RunningService.readTree(list.body()).path("apiKeys")) {
            if (entry.path("id").asText().equals(id)) {
                listed = entry;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.has("key")).isFalse();
        assertThat(listed.path("name").asText()).isEqualTo("mobile app");
        assertThat(listed.path("revokedAt").isNull()).isTrue();
        assertThat(listed.path("lastUsedAt").isNull()).isFalse();

        // the database keeps the hash and nothing from which the key could be read
        assertThat(service.count("SELECT COUNT(*) FROM api_key WHERE id = '" + id + "' AND key_hash = '"
                + sha256(key) + "'")).isEqualTo(1);
        assertThat(databaseDump()).contains(sha256(key)).doesNotContain(key);

        assertThat(service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/api-keys/" + id))
                .DELETE()).statusCode()).isEqualTo(204);
        assertUnauthorized(call("POST", "/api/v1/reports", "{\"title\": \"after revocation\"}", bearer(key)));
        assertUnauthorized(call("GET", "/api/v1/reports/" + reportId, null, bearer(key)));
        JsonNode revoked = RunningService.readTree(service.get("/api/v1/api-keys").body()).path("apiKeys");
        assertThat(revoked.findValues("id").stream().map(JsonNode::asText)).contains(id);
        for (JsonNode entry : revoked) {
            if (entry.path("id").asText().equals(id)) {
                assertThat(entry.path("revokedAt").isNull()).isFalse();
            }
        }
        // revoking again changes nothing; an unknown key is a 404
        assertThat(service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/api-keys/" + id))
                .DELETE()).statusCode()).isEqualTo(204);
        assertThat(service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/api-keys/nope"))
                .DELETE()).statusCode()).isEqualTo(404);
    }

    @Test
    void severalKeysWorkAtOnce() {
        String first = createKey("first", "demo").path("key").asText();
        String second = createKey("second", "demo").path("key").asText();
        String third = createKey("third", "demo", "team-b").path("key").asText();
        assertThat(first).isNotEqualTo(second);
        List<String> ids = List.of(postReport(first, "demo", 202), postReport(second, "demo", 202),
                postReport(third, "demo", 202), postReport(third, "team-b", 202), postReport(first, "demo", 202));
        assertThat(ids).doesNotHaveDuplicates();
        // the documented demo key works too (demo.enabled)
        postReport("demo-api-key", null, 202);
    }

    @Test
    void anIntakeKeyCannotUseAdminEndpoints() {
        String key = createKey("intake only", "demo").path("key").asText();
        long keysBefore = service.count("SELECT COUNT(*) FROM api_key");
        for (String[] request : List.of(new String[] {"GET", "/api/v1/integrations"},
                new String[] {"GET", "/api/v1/integrations/demo"}, new String[] {"GET", "/api/v1/api-keys"},
                new String[] {"GET", "/api/v1/dead-letters"}, new String[] {"GET", "/api/v1/webhook-events"},
                new String[] {"GET", "/api/v1/integrations/demo/projects"},
                new String[] {"POST", "/api/v1/integrations/demo/check"},
                new String[] {"DELETE", "/api/v1/integrations/team-b"}, new String[] {"GET", "/api/v1/nothing"})) {
            HttpResponse<String> answer = call(request[0], request[1], null, bearer(key));
            assertThat(answer.statusCode()).as(request[0] + " " + request[1] + ": " + answer.body()).isEqualTo(403);
            assertThat(RunningService.readTree(answer.body()).path("error").asText()).isEqualTo("forbidden");
        }
        HttpResponse<String> mint = call("POST", "/api/v1/api-keys",
                "{\"name\": \"escalate\", \"integrations\": [\"demo\", \"team-b\"]}", bearer(key));
        assertThat(mint.statusCode()).isEqualTo(403);
        assertThat(service.count("SELECT COUNT(*) FROM api_key")).isEqualTo(keysBefore);
        assertThat(service.get("/api/v1/integrations/team-b").statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyOnlyReachesItsOwnIntegrationsReports() {
        String keyA = createKey("team A", "demo").path("key").asText();
        String keyB = createKey("team B", "team-b").path("key").asText();

        // A cannot post for B, nor for an integration that does not exist (same answer: nothing is revealed)
        long reportsBefore = service.count("SELECT COUNT(*) FROM report");
        HttpResponse<String> foreign = call("POST", "/api/v1/reports",
                "{\"title\": \"for B\", \"integrationId\": \"team-b\"}", bearer(keyA));
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(RunningService.readTree(foreign.body()).path("error").asText()).isEqualTo("forbidden");
        assertThat(call("POST", "/api/v1/reports", "{\"title\": \"x\", \"integrationId\": \"nowhere\"}", bearer(keyA))
                .statusCode()).isEqualTo(403);
        // B without an integrationId means the default integration (demo), which B may not use
        postReport(keyB, null, 403);
        assertThat(service.count("SELECT COUNT(*) FROM report")).isEqualTo(reportsBefore);

        String reportOfB = postReport(keyB, "team-b", 202);
        String reportOfA = postReport(keyA, "demo", 202);

        // A sees B's report as if it did not exist
        for (HttpResponse<String> answer : List.of(call("GET", "/api/v1/reports/" + reportOfB, null, bearer(keyA)),
                call("PATCH", "/api/v1/reports/" + reportOfB, "{\"priority\": \"Blocker\"}", bearer(keyA)),
                call("POST", "/api/v1/reports/" + reportOfB + "/forward", null, bearer(keyA)))) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
            assertThat(answer.body()).isEqualTo(call("GET", "/api/v1/reports/" + reportOfB, null, bearer(keyA)).body());
            assertThat(RunningService.readTree(answer.body()).path("error").asText()).isEqualTo("not_found");
        }
        JsonNode untouched = service.report(reportOfB);
        assertThat(untouched.path("priority").asText()).isEqualTo("NA");
        assertThat(untouched.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(service.count("SELECT COUNT(*) FROM outbox WHERE report_id = '" + reportOfB + "'")).isZero();

        // B can do all of it
        HttpResponse<String> read = call("GET", "/api/v1/reports/" + reportOfB, null, bearer(keyB));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(RunningService.readTree(read.body()).path("integrationId").asText()).isEqualTo("team-b");
        HttpResponse<String> patched = call("PATCH", "/api/v1/reports/" + reportOfB, "{\"priority\": \"Blocker\"}",
                bearer(keyB));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(RunningService.readTree(patched.body()).path("priority").asText()).isEqualTo("Blocker");
        HttpResponse<String> forwarded = call("POST", "/api/v1/reports/" + reportOfB + "/forward", null, bearer(keyB));
        assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(202);
        service.awaitReportStatus(reportOfB, "FORWARDED", java.time.Duration.ofSeconds(30));

        // and B cannot see A's
        assertThat(call("GET", "/api/v1/reports/" + reportOfA, null, bearer(keyB)).statusCode()).isEqualTo(404);
        // the administrator sees both
        assertThat(service.get("/api/v1/reports/" + reportOfA).statusCode()).isEqualTo(200);
    }

    @Test
    void theCallerCannotBeSpoofedWithAHeader() {
        String key = createKey("spoofer", "demo").path("key").asText();
        HttpRequest.Builder noCredential = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/integrations"))
                .header("CamelVertxPlatformHttpAuthenticatedUser", "{\"jiraBridgeCaller\":\"admin\"}").GET();
        assertUnauthorized(Http.send(noCredential));
        HttpRequest.Builder withKey = HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/reports")).header("Content-Type", "application/json")
                .header("Authorization", bearer(key))
                .header("CamelVertxPlatformHttpAuthenticatedUser", "{\"jiraBridgeCaller\":\"admin\"}")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"x\", \"integrationId\": \"team-b\"}"));
        assertThat(Http.send(withKey).statusCode()).isEqualTo(403);
    }

    @Test
    void keyRequestsAreValidatedLikeTheRestOfTheApi() {
        long before = service.count("SELECT COUNT(*) FROM api_key");
        Map<String, String> refused = Map.of(
                "{\"name\": \"x\", \"integrations\": [\"demo\"], \"admin\": true}", "admin",
                "{\"name\": \"x\", \"integrations\": [\"nowhere\"]}", "integrations[0]",
                "{\"name\": \"x\", \"integrations\": []}", "integrations",
                "{\"name\": \"x\", \"integrations\": \"demo\"}", "integrations",
                "{\"name\": \"  \", \"integrations\": [\"demo\"]}", "name",
                "{\"integrations\": [\"demo\"]}", "name",
                "{\"name\": \"x\", \"integrations\": [7]}", "integrations[0]");
        refused.forEach((body, field) -> {
            HttpResponse<String> answer = service.postJson("/api/v1/api-keys", body);
            assertThat(answer.statusCode()).as(body + ": " + answer.body()).isEqualTo(400);
            JsonNode error = RunningService.readTree(answer.body());
            assertThat(error.path("error").asText()).isEqualTo("invalid_api_key");
            assertThat(error.path("details").findValuesAsText("field")).as(body).contains(field);
        });
        assertThat(service.postJson("/api/v1/api-keys", "{").statusCode()).isEqualTo(400);
        assertThat(service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/api-keys"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")))
                .statusCode()).isEqualTo(415);
        assertThat(service.count("SELECT COUNT(*) FROM api_key")).isEqualTo(before);
    }
}
