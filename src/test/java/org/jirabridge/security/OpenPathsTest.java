package org.jirabridge.security;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What anyone can do without a credential, and with wrong ones: bodies on the open paths are bounded while they
 * stream, a webhook without any credential is refused before its body is read, unauthenticated requests in flight are
 * bounded, nothing sent can forge a log line, known and unknown ids get the same answers, health details need the
 * admin credential, and repeated wrong credentials are slowed down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenPathsTest {

    private static final String SECRET = "demo-webhook-secret";
    private static final int MAX_BODY = 262_144;
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.manual();
    private static final List<String> logLines = new CopyOnWriteArrayList<>();
    private static AbstractAppender capture;
    private static final java.nio.file.Path DATA = java.nio.file.Path.of("target", "open-paths-" + java.util.UUID.randomUUID(),
            "data");

    @BeforeAll
    static void start() {
        // every entry as the console writes it, through the console's own layout
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        Layout<?> console = logs.getConfiguration().getAppender("console").getLayout();
        capture = new AbstractAppender("open-paths-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logLines.add(new String(console.toByteArray(event), StandardCharsets.UTF_8));
            }
        };
        capture.start();
        logs.getConfiguration().getRootLogger().addAppender(capture, null, null);
        logs.updateLoggers();
        // owned by the extension: removed after the service stopped, also when a start or a test failed
        service.own(() -> {
            logs.getConfiguration().getRootLogger().removeAppender("open-paths-capture");
            logs.updateLoggers();
            capture.stop();
        });
        service.start("cloud", Map.of("security.open-max-body-bytes", String.valueOf(MAX_BODY),
                "security.open-max-in-flight", "3", "security.failed-credentials-limit", "5",
                // a database in files, as in production, to see their permissions
                "store.jdbc-url", "jdbc:h2:file:./" + DATA.resolve("jira-bridge") + ";WRITE_DELAY=0"));
    }

    @Test
    void webhookBodiesAreBoundedWhileTheyStream() throws Exception {
        byte[] big = ("{\"webhookEvent\": \"jira:issue_updated\", \"pad\": \"" + "x".repeat(MAX_BODY) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> declared = Http.send(webhook("/webhooks/jira/demo")
                .header("X-Hub-Signature", "sha256=" + hmac(big)).POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        // no Content-Length (streamed in chunks of unknown total): refused before any of it is read
        HttpResponse<String> streamed = Http.send(webhook("/webhooks/jira/demo")
                .header("X-Hub-Signature", "sha256=" + hmac(big))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertThat(streamed.statusCode()).isEqualTo(411);
        // within the limit, a signed webhook is still taken
        byte[] small = "{\"webhookEvent\": \"jira:issue_updated\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> fits = Http.send(webhook("/webhooks/jira/demo")
                .header("X-Hub-Signature", "sha256=" + hmac(small)).POST(HttpRequest.BodyPublishers.ofByteArray(small)));
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(202);
        assertThat(service.count("SELECT COUNT(*) FROM webhook_event WHERE LENGTH(payload) > " + MAX_BODY)).isZero();
    }

    @Test
    void unauthenticatedRequestsInFlightAreBounded() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            // requests whose bodies never come hold their places
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("localhost", Integer.parseInt(service.baseUrl().replaceAll(".*:", "")));
                OutputStream out = socket.getOutputStream();
                out.write(("POST /webhooks/jira/demo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "X-Hub-Signature: sha256=00\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                held.add(socket);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> unsignedWebhook().statusCode() == 503);
            HttpResponse<String> busy = unsignedWebhook();
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
            // authenticated paths are not affected
            assertThat(service.get("/api/v1/integrations").statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unsignedWebhook().statusCode() == 401);
    }

    @Test
    void nothingSentCanForgeOrHideALogLine() throws Exception {
        String forged = "12:00:00.000 INFO  [AdminToken              ] forged";
        HttpResponse<String> answer = Http.send(webhook("/webhooks/jira/x%0a" + forged.replace(" ", "%20")
                .replace("[", "%5B").replace("]", "%5D") + "%1b%5B2J%0d")
                .header("X-Hub-Signature", "sha256=00").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(answer.statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> logLines.stream().anyMatch(line -> line.contains("forged")));
        for (String entry : logLines) {
            for (String line : entry.split("\n")) {
                assertThat(line).as(entry).doesNotStartWith("12:00:00.000").doesNotContain("\u001b").doesNotContain("\r");
            }
        }
    }

    @Test
    void knownAndUnknownIdsGetTheSameAnswers() {
        for (String signature : List.of("sha256=00", "sha256=" + "ab".repeat(32))) {
            HttpResponse<String> known = Http.send(webhook("/webhooks/jira/demo").header("X-Hub-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            HttpResponse<String> unknown = Http.send(webhook("/webhooks/jira/no-such-id")
                    .header("X-Hub-Signature", signature).POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(known.statusCode()).isEqualTo(401);
            assertThat(unknown.statusCode()).isEqualTo(known.statusCode());
            assertThat(unknown.body()).isEqualTo(known.body());
        }
        HttpResponse<String> notConnect = Http.get(service.baseUrl() + "/connect/demo/atlassian-connect.json");
        HttpResponse<String> unknown = Http.get(service.baseUrl() + "/connect/no-such-id/atlassian-connect.json");
        assertThat(notConnect.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo(notConnect.body().replace("demo", "no-such-id"));
    }

    @Test
    void healthDetailsNeedTheAdminCredential() {
        HttpResponse<String> anonymous = Http.get(service.baseUrl() + "/observe/health?data=true");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("demo");
        HttpResponse<String> plain = Http.get(service.baseUrl() + "/observe/health");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).contains("UP").doesNotContain("demo.");
        assertThat(service.get("/observe/health?data=true").body()).contains("demo.");
        // Prometheus scrapes without a credential
        assertThat(Http.get(service.baseUrl() + "/observe/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void repeatedWrongCredentialsAreSlowedDown() {
        HttpRequest.Builder wrong = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/integrations"))
                .header("Authorization", "Bearer wrong-credential-guess");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(Http.send(wrong).statusCode());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
        HttpResponse<String> slowed = Http.send(wrong);
        assertThat(slowed.headers().firstValue("Retry-After")).isPresent();
        assertThat(RunningService.readTree(slowed.body()).path("error").asText()).isEqualTo("too_many_attempts");
        // while slowed down, even the right credential from this address waits: guessing gains nothing
        assertThat(service.get("/api/v1/integrations").statusCode()).isEqualTo(429);
        // open paths stay open
        assertThat(Http.get(service.baseUrl() + "/observe/health").statusCode()).isEqualTo(200);
    }

    @Test
    void theDataDirectoryAndItsDatabaseAreOwnerOnly() throws Exception {
        assertThat(java.nio.file.Files.getPosixFilePermissions(DATA))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (var files = java.nio.file.Files.list(DATA)) {
            List<java.nio.file.Path> database = files.filter(f -> f.getFileName().toString().startsWith("jira-bridge."))
                    .toList();
            assertThat(database).isNotEmpty();
            for (java.nio.file.Path file : database) {
                assertThat(java.nio.file.Files.getPosixFilePermissions(file)).as(file.toString())
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void attachmentNamesReachJiraWithoutPathsOrControlCharacters() {
        String data = java.util.Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8));
        String id = RunningService.readTree(service.postJson("/api/v1/reports", "{\"title\": \"names\","
                + " \"attachments\": [{\"name\": \"..\\\\..\\\\boot.ini\", \"data\": \"" + data + "\"},"
                + " {\"name\": \"f.txt\\u0000.exe\", \"data\": \"" + data + "\"},"
                + " {\"name\": \"../../etc/passwd\", \"data\": \"" + data + "\"}]}").body()).path("id").asText();
        String key = service.awaitReportStatus(id, "FORWARDED", Duration.ofSeconds(30)).path("jira").path("key").asText();
        JsonNode issue = RunningService.readTree(Http.send(HttpRequest.newBuilder(URI.create(service.sandbox().baseUrl()
                + "/rest/api/3/issue/" + key + "?fields=attachment")).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("demo@example.com:demo-token".getBytes(StandardCharsets.UTF_8))))
                .body());
        List<String> names = new ArrayList<>();
        issue.path("fields").path("attachment").forEach(a -> names.add(a.path("filename").asText()));
        assertThat(names).containsExactlyInAnyOrder("boot.ini", "f.txt_.exe", "passwd");
    }

    @Test
    void aCloudIdIsAnIdNeverAPath() {
        HttpResponse<String> saved = service.postJson("/api/v1/integrations", "{\"id\": \"gateway\", \"connection\":"
                + " {\"deployment\": \"cloud\", \"baseUrl\": \"" + service.sandbox().baseUrl() + "\","
                + " \"authType\": \"SCOPED_API_TOKEN\", \"email\": \"svc@example.com\", \"apiToken\": \"demo-scoped-token\","
                + " \"cloudId\": \"../../ex/confluence/x\"}, \"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(400);
        assertThat(saved.body()).contains("connection.cloudId");
        assertThat(service.get("/api/v1/integrations/gateway").statusCode()).isEqualTo(404);
    }

    @Test
    void aConnectInstallMustBeSignedByAtlassian() {
        HttpResponse<String> created = service.postJson("/api/v1/integrations", "{\"id\": \"app\", \"connection\":"
                + " {\"deployment\": \"cloud\", \"baseUrl\": \"" + service.sandbox().baseUrl() + "\","
                + " \"authType\": \"CONNECT\"}, \"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}");
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        String payload = "{\"key\": \"jira-bridge-app\", \"clientKey\": \"first-caller\", \"sharedSecret\":"
                + " \"planted-secret-planted-secret-planted\", \"baseUrl\": \"" + service.sandbox().baseUrl() + "\"}";
        // whoever calls first without Atlassian's signature owns nothing
        HttpResponse<String> unsigned = Http.postJson(service.baseUrl() + "/connect/app/installed", payload);
        assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(401);
        HttpResponse<String> unknownKey = Http.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/connect/app/installed")).header("Content-Type", "application/json")
                .header("Authorization", "JWT eyJhbGciOiJSUzI1NiIsImtpZCI6Im5vLXN1Y2gta2V5In0.eyJpc3MiOiJmaXJzdC1jYWxsZXIifQ.c2ln")
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
        assertThat(unknownKey.statusCode()).as(unknownKey.body()).isEqualTo(401);
        // the sandbox installs as Atlassian does: signed with the key it publishes under the JWT's kid
        JsonNode installed = RunningService.readTree(Http.postJson(service.sandbox().baseUrl()
                + "/_sandbox/connect/install", "{\"descriptorUrl\": \"" + service.baseUrl()
                + "/connect/app/atlassian-connect.json\"}").body());
        assertThat(installed.path("installedStatus").asInt()).as(installed.toString()).isEqualTo(204);
    }

    private static HttpResponse<String> unsignedWebhook() {
        return Http.send(webhook("/webhooks/jira/demo").POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static HttpRequest.Builder webhook(String path) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Content-Type", "application/json");
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
