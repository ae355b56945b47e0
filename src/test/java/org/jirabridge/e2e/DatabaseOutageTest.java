package org.jirabridge.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.jirabridge.testsupport.ChildJvm;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away for a while: intake answers 503 with Retry-After instead of accepting what it cannot
 * store, and once the database is back, intake and forwarding carry on by themselves.
 */
class DatabaseOutageTest {

    /** The database server (a child JVM) and the service, each closed by its handle, the service first. */
    @RegisterExtension
    final ServiceExtension services = ServiceExtension.manual();
    /** The database server running now (it is started again during the test). */
    private ChildJvm database;

    @Test
    void intakeRefusesWhileTheDatabaseIsDownAndEverythingResumesAfter() {
        int dbPort = RunningService.freePort();
        String baseDir = Path.of("target", "h2-outage-" + UUID.randomUUID()).toAbsolutePath().toString();
        database = startDatabase(dbPort, baseDir);
        // owned before the service starts, so closed after it stopped
        services.own(() -> database.close());
        RunningService service = services.start("cloud", Map.of(
                "store.jdbc-url", "jdbc:h2:tcp://localhost:" + dbPort + "/outage;WRITE_DELAY=0",
                "store.connection-timeout-ms", "1000"));
        String before = accepted(service.postJson("/api/v1/reports", "{\"title\": \"before the outage\"}"));
        service.awaitReportStatus(before, "FORWARDED", Duration.ofSeconds(30));

        database.kill();
        HttpResponse<String> refused = service.postJson("/api/v1/reports", "{\"title\": \"during the outage\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(RunningService.readTree(refused.body()).path("error").asText()).isEqualTo("unavailable");
        // the integrations health check needs the database: health says DOWN while it is gone
        HttpResponse<String> health = service.get("/observe/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("\"integrations\"").contains("DOWN");

        database = startDatabase(dbPort, baseDir);
        ChildJvm restarted = database;
        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.isAlive()
                && service.postJson("/api/v1/reports", "{\"title\": \"probe\", \"externalId\": \"probe\"}")
                .statusCode() < 300);
        String after = accepted(service.postJson("/api/v1/reports", "{\"title\": \"after the outage\"}"));
        service.awaitReportStatus(after, "FORWARDED", Duration.ofSeconds(30));
        assertThat(service.get("/observe/health").statusCode()).isEqualTo(200);
        assertThat(service.report(before).path("status").asText()).isEqualTo("FORWARDED");
    }

    private static ChildJvm startDatabase(int port, String baseDir) {
        ChildJvm database = ChildJvm.start("h2-outage", "org.h2.tools.Server", Map.of(),
                "-tcp", "-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", baseDir);
        await().atMost(Duration.ofSeconds(30)).until(() -> isListening(port));
        return database;
    }

    private static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return RunningService.readTree(response.body()).path("id").asText();
    }
}
