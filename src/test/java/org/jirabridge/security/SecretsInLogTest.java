package org.jirabridge.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jirabridge.Application;
import org.jirabridge.testsupport.ChildJvm;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret reaches the log, whichever documented way it is given: system properties, environment variables
 * (Camel's generic mapping, e.g. SECURITY_ADMIN_TOKEN), the properties file, and {{env:…}} placeholders in it. The
 * real service runs as a process of its own, the test talks to it (admin call, wrong credential, unsigned webhook,
 * an integration with a token) and searches its whole log, Camel's start-up summaries included. Two starts mix
 * the ways so that the admin token and the vault key are each given as a system property and by environment, and
 * every way is used.
 */
class SecretsInLogTest {

    /** One way of configuring: system properties, environment and lines appended to config/application.properties. */
    record Way(String name, Map<String, String> properties, Map<String, String> environment, List<String> fileLines,
               String adminToken, List<String> secrets) {
    }

    /** The services are child JVMs of their own making (working directory, environment); the extension stops them. */
    @RegisterExtension
    final ServiceExtension services = ServiceExtension.manual();

    @Test
    void noSecretAppearsInTheLogWhicheverWayItIsGiven() throws Exception {
        // two starts cover every way for the admin token and the vault key, and each way at least twice
        List<Way> ways = List.of(firstMix(), secondMix());
        List<ChildJvm> started = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        // both start at once: the slow part is each JVM's start-up
        for (Way way : ways) {
            int port = RunningService.freePort();
            ports.add(port);
            started.add(services.own(start(way, port)));
        }
        for (int i = 0; i < ways.size(); i++) {
            String base = "http://localhost:" + ports.get(i);
            await().atMost(Duration.ofSeconds(120)).until(() -> Http.status(base + "/observe/health") == 200);
            exercise(base, ways.get(i));
        }
        // stopped before their logs are read
        started.forEach(ChildJvm::close);
        for (int i = 0; i < ways.size(); i++) {
            Way way = ways.get(i);
            String log = Files.readString(started.get(i).log(), StandardCharsets.UTF_8);
            assertThat(log).as(way.name() + ": the service logged").contains("admin API");
            for (String secret : way.secrets()) {
                assertThat(log).as("%s: the log of %s", way.name(), started.get(i).log()).doesNotContain(secret);
            }
        }
    }

    /** Requests that log: an admin call, a wrong credential, an unsigned webhook, an integration saved with a token. */
    private static void exercise(String base, Way way) {
        HttpRequest.Builder list = HttpRequest.newBuilder(URI.create(base + "/api/v1/integrations"))
                .header("Authorization", "Bearer " + way.adminToken());
        assertThat(Http.send(list).statusCode()).as(way.name()).isEqualTo(200);
        Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/integrations"))
                .header("Authorization", "Bearer " + way.adminToken() + "-wrong"));
        Http.postJson(base + "/webhooks/jira/demo", "{\"webhookEvent\": \"jira:issue_updated\"}");
        String pat = way.secrets().get(way.secrets().size() - 1);
        Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/integrations"))
                .header("Authorization", "Bearer " + way.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"logged\", \"connection\": {\"deployment\":"
                        + " \"server\", \"baseUrl\": \"http://localhost:1\", \"authType\": \"PAT\", \"token\": \""
                        + pat + "\"}, \"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}")));
    }

    private static ChildJvm start(Way way, int port) throws IOException {
        Path directory = Files.createDirectories(Path.of("target", "secrets-in-log", way.name()));
        copy(Path.of("config"), directory.resolve("config"));
        copy(Path.of("routes"), directory.resolve("routes"));
        Files.writeString(directory.resolve("config/application.properties"),
                "\n" + String.join("\n", way.fileLines()) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> properties = new LinkedHashMap<>(way.properties());
        properties.put("camel.server.port", String.valueOf(port));
        properties.put("camel.management.port", String.valueOf(port));
        properties.put("sandbox.port", String.valueOf(RunningService.freePort()));
        properties.put("store.jdbc-url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        properties.put("demo.send-samples", "false");
        return ChildJvm.start("secrets-in-log-" + way.name(), Application.class.getName(), properties,
                way.environment(), directory);
    }

    /** Admin token as a system property, vault key from the environment, webhook secret in the file, {{env:}}. */
    private static Way firstMix() {
        String admin = random("sp-admin-");
        String vault = vaultKey();
        String hook = random("file-hook-");
        String store = random("env-store-");
        // STORE_PASSWORD reaches store.password through the file's own {{env:STORE_PASSWORD:}}
        return new Way("first-mix", Map.of("security.admin-token", admin), Map.of("VAULT_KEY", vault,
                "STORE_PASSWORD", store), List.of("demo.webhook-secret = " + hook), admin,
                List.of(admin, vault, hook, store, random("pat-")));
    }

    /** The other way round: admin token from the environment, vault key by {{env:}}, webhook secret as -D. */
    private static Way secondMix() {
        String admin = random("env-admin-");
        String vault = vaultKey();
        String hook = random("sp-hook-");
        String store = random("file-store-");
        return new Way("second-mix", Map.of("demo.webhook-secret", hook), Map.of("SECURITY_ADMIN_TOKEN", admin,
                "MY_VAULT_KEY", vault), List.of("vault.key = {{env:MY_VAULT_KEY}}", "store.password = " + store), admin,
                List.of(admin, vault, hook, store, random("pat-")));
    }

    private static String random(String prefix) {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String vaultKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
