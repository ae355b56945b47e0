package org.jirabridge.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/** Plain HTTP calls for tests that talk to services in other processes. */
public final class Http {

    /** The admin credential every test service is started with (security.admin-token). */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public static JsonNode getJson(String url) {
        return RunningService.readTree(get(url).body());
    }

    public static HttpResponse<String> postJson(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public static HttpResponse<String> putJson(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A GET with the admin credential, as JSON. */
    public static JsonNode getJsonAsAdmin(String url) {
        return RunningService.readTree(send(asAdmin(HttpRequest.newBuilder(URI.create(url)).GET())).body());
    }

    /** A JSON POST with the admin credential. */
    public static HttpResponse<String> postJsonAsAdmin(String url, String json) {
        return send(asAdmin(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    /** Adds {@code Authorization: Bearer <admin token>}. */
    public static HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** The status of a GET, or -1 while nothing answers (a service still starting). */
    public static int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IllegalStateException notUpYet) {
            return -1;
        }
    }

    /** Every issue the sandbox at {@code sandboxUrl} holds (its control API's {@code /_sandbox/issues}). */
    public static JsonNode sandboxIssues(String sandboxUrl) {
        return getJson(sandboxUrl + "/_sandbox/issues").path("issues");
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
