package org.jirabridge.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.store.Json;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's control API ({@code /_sandbox/*}, docs/sandbox.md) as a test calls it: arms faults, sets the rate
 * limit, reads the request statistics and the issues. Works the same whether the sandbox runs in this JVM or in a
 * process of its own; every change asserts the sandbox took it.
 */
public final class SandboxDriver {

    private final String baseUrl;

    public SandboxDriver(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Arms a fault ({@code POST /_sandbox/faults}) given as the JSON object's fields; asserts 201. */
    public void fault(String fields) {
        HttpResponse<String> answer = Http.postJson(baseUrl + "/_sandbox/faults", "{" + fields + "}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    /** Arms a fault given as a map of its fields; asserts 201. */
    public void fault(Map<String, Object> fault) {
        String json = Json.write(fault);
        fault(json.substring(1, json.length() - 1));
    }

    /** Disarms every fault. */
    public void clearFaults() {
        control("DELETE", "/_sandbox/faults", null);
    }

    /** Jira's burst limit: beyond this many requests in a second, 429 (0: off); asserts 200. */
    public void rateLimit(int requestsPerSecond) {
        HttpResponse<String> answer = Http.putJson(baseUrl + "/_sandbox/rate-limit",
                "{\"requestsPerSecond\": " + requestsPerSecond + "}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    /** The request statistics' rows: method, path template, status (0: dropped), count. */
    public JsonNode stats() {
        return Http.getJson(baseUrl + "/_sandbox/stats").path("requests");
    }

    public void clearStats() {
        control("DELETE", "/_sandbox/stats", null);
    }

    /** Requests answered so far with this method, path template and status. */
    public int requests(String method, String pathTemplate, int status) {
        return count(row -> row.path("method").asText().equals(method)
                && row.path("path").asText().equals(pathTemplate) && row.path("status").asInt() == status);
    }

    /** Requests of this method and path template, whatever the answer. */
    public int requests(String method, String pathTemplate) {
        return count(row -> row.path("method").asText().equals(method)
                && row.path("path").asText().equals(pathTemplate));
    }

    /** Requests answered with this status (0: dropped), over all paths. */
    public int answered(int status) {
        return count(row -> row.path("status").asInt() == status);
    }

    private int count(Predicate<JsonNode> rows) {
        int total = 0;
        for (JsonNode row : stats()) {
            if (rows.test(row)) {
                total += row.path("count").asInt();
            }
        }
        return total;
    }

    /** Issues Jira created so far on Cloud (201 answers to POST /rest/api/3/issue). */
    public int createdIssues() {
        return requests("POST", "/rest/api/3/issue", 201);
    }

    /** Every issue the sandbox holds. */
    public JsonNode issues() {
        return Http.sandboxIssues(baseUrl);
    }

    /** Any other control call ({@code path} under the sandbox, JSON body or null); asserts a 2xx and returns the body. */
    public String control(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> answer = Http.send(request);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isBetween(200, 299);
        return answer.body();
    }
}
