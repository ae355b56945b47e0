package org.jirabridge.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives integrations over HTTP like a person with a browser: creates them, runs the connection check, follows OAuth
 * redirects one hop at a time (never automatically, so each hop can be asserted), sends reports, and talks to the
 * sandbox's control API. Every answer of the service's API is kept in {@link #apiAnswers()}.
 */
public final class IntegrationDriver {

    private final RunningService service;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> apiAnswers = new CopyOnWriteArrayList<>();

    public IntegrationDriver(RunningService service) {
        this.service = service;
    }

    public String sandboxUrl() {
        return service.sandbox().baseUrl();
    }

    public List<String> apiAnswers() {
        return apiAnswers;
    }

    /** Creates an integration targeting DEMO/Bug with the given connection object (JSON); asserts 201. */
    public JsonNode create(String id, String connectionJson) {
        HttpResponse<String> created = send("POST", service.baseUrl() + "/api/v1/integrations", """
                {"id": "%s", "name": "Auth %s", "connection": %s,
                 "target": {"projectKey": "DEMO", "issueType": "Bug"}, "sync": {"autoForward": true}}
                """.formatted(id, id, connectionJson));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return RunningService.readTree(created.body());
    }

    /** POST …/check; asserts 200 and returns the answer. */
    public JsonNode check(String id) {
        HttpResponse<String> answer = send("POST", service.baseUrl() + "/api/v1/integrations/" + id + "/check", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return RunningService.readTree(answer.body());
    }

    /** The first check item with this name. */
    public static JsonNode item(JsonNode check, String name) {
        for (JsonNode item : check.path("items")) {
            if (item.path("check").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no check item " + name + " in " + check);
    }

    /** Sends a report to the integration and waits until it reaches the status; returns the report. */
    public JsonNode forward(String integrationId, String expectedStatus) {
        HttpResponse<String> accepted = send("POST", service.baseUrl() + "/api/v1/reports",
                "{\"title\": \"Report via " + integrationId + "\", \"priority\": \"Major\", \"integrationId\": \""
                        + integrationId + "\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = RunningService.readTree(accepted.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> expectedStatus.equals(report(id).path("status").asText()));
        return report(id);
    }

    public JsonNode report(String id) {
        return RunningService.readTree(send("GET", service.baseUrl() + "/api/v1/reports/" + id, null).body());
    }

    /** The sandbox's control API; asserts a 2xx. */
    public String control(String path, String json) {
        HttpResponse<String> answer = send("POST", sandboxUrl() + path, json);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isBetween(200, 299);
        return answer.body();
    }

    public HttpResponse<String> get(String url) {
        return send("GET", url, null);
    }

    public HttpResponse<String> api(String method, String path, String json) {
        return send(method, service.baseUrl() + path, json);
    }

    /** Follows one redirect: asserts 302 and returns the Location. */
    public static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /**
     * The whole browser round trip with an auto-approving sandbox: authorize → Atlassian/Jira consent (approved at
     * once) → callback. Returns the callback's answer.
     */
    public HttpResponse<String> authorizeInBrowser(String integrationId) {
        String consent = location(api("GET", "/api/v1/integrations/" + integrationId + "/oauth/authorize", null));
        String callback = location(get(consent));
        return get(callback);
    }

    public HttpResponse<String> send(String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (url.startsWith(service.baseUrl() + "/")) {
            // the driver is the administrator setting integrations up
            Http.asAdmin(request);
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (url.startsWith(service.baseUrl())) {
                apiAnswers.add(response.headers().map() + " " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
