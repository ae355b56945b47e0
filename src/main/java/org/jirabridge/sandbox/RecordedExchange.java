package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request and the sandbox's answer, as seen on the wire. Given to listeners (see
 * {@link JiraSandbox#addListener}) so tests can check traffic against Atlassian's OpenAPI specs.
 * A dropped connection (fault injection) is recorded with status 0 and an empty body.
 * Header maps are case-insensitive. {@link #toString()} masks the Authorization header.
 */
public record RecordedExchange(String method, String path, String rawQuery, Map<String, List<String>> requestHeaders,
                               byte[] requestBody, int status, Map<String, List<String>> responseHeaders,
                               byte[] responseBody) {

    /** The request body as UTF-8 text (empty when there was none). */
    public String requestText() {
        return requestBody == null ? "" : new String(requestBody, StandardCharsets.UTF_8);
    }

    /** The response body as UTF-8 text (empty when there was none). */
    public String responseText() {
        return responseBody == null ? "" : new String(responseBody, StandardCharsets.UTF_8);
    }

    /** First value of a request header, or null. */
    public String requestHeader(String name) {
        return first(requestHeaders, name);
    }

    /** First value of a response header, or null. */
    public String responseHeader(String name) {
        return first(responseHeaders, name);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        // credentials travel in request headers: never print them
        String headers = requestHeaders == null ? "{}" : requestHeaders.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getKey().equalsIgnoreCase("Authorization") ? "******" : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        return "RecordedExchange[" + method + " " + path + (rawQuery == null ? "" : "?" + rawQuery)
                + " -> " + status + ", requestHeaders=" + headers
                + ", requestBody=" + (requestBody == null ? 0 : requestBody.length) + " bytes"
                + ", responseBody=" + (responseBody == null ? 0 : responseBody.length) + " bytes]";
    }
}
