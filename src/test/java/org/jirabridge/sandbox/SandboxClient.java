package org.jirabridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Real HTTP calls against a sandbox for the tests, with one Authorization header (or none). */
final class SandboxClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A status, the headers and the body of an answer. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String baseUrl;
    private final String authorization;

    private SandboxClient(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    static SandboxClient anonymous(JiraSandbox sandbox) {
        return new SandboxClient(sandbox.baseUrl(), null);
    }

    static SandboxClient basic(JiraSandbox sandbox, String login, String secret) {
        return basic(sandbox.baseUrl(), login, secret);
    }

    /** For a sandbox in another process, known only by its base URL. */
    static SandboxClient basic(String baseUrl, String login, String secret) {
        return new SandboxClient(baseUrl, "Basic " + Base64.getEncoder()
                .encodeToString((login + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    static SandboxClient bearer(JiraSandbox sandbox, String token) {
        return new SandboxClient(sandbox.baseUrl(), "Bearer " + token);
    }

    /** Through the sandbox's API gateway, /ex/jira/{cloudId}, with an OAuth 2.0 access token. */
    static SandboxClient gateway(JiraSandbox sandbox, String cloudId, String accessToken) {
        return new SandboxClient(sandbox.baseUrl() + "/ex/jira/" + cloudId, "Bearer " + accessToken);
    }

    /** With any Authorization header (a Connect JWT, say). */
    static SandboxClient authorized(JiraSandbox sandbox, String authorization) {
        return new SandboxClient(sandbox.baseUrl(), authorization);
    }

    /** The seeded demo user of the sandbox's flavour: Cloud email + API token, Server admin + password. */
    static SandboxClient demo(JiraSandbox sandbox) {
        return sandbox.flavour() == Flavour.CLOUD
                ? basic(sandbox, "demo@example.com", "demo-token")
                : basic(sandbox, "admin", "admin");
    }

    Answer get(String path) {
        return send("GET", path, (byte[]) null, null);
    }

    Answer post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    Answer put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    Answer delete(String path) {
        return send("DELETE", path, (byte[]) null, null);
    }

    Answer send(String method, String path, String body, String contentType, String... headers) {
        return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, headers);
    }

    Answer send(String method, String path, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A multipart/form-data upload of one file in a part named {@code partName}. */
    Answer upload(String path, String partName, String filename, String contentType, byte[] content, String... headers) {
        String boundary = "sandbox-boundary-7d4a";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + partName + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send("POST", path, body, "multipart/form-data; boundary=" + boundary, headers);
    }
}
