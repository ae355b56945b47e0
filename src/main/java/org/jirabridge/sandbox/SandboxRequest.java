package org.jirabridge.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/** One HTTP request as the sandbox's handlers see it: method, decoded path, query parameters, headers, body. */
final class SandboxRequest {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private JsonNode json;

    SandboxRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.rawQuery = rawQuery;
        this.query = parseQuery(rawQuery);
        Map<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(caseInsensitive);
        this.body = body == null ? new byte[0] : body;
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    String rawQuery() {
        return rawQuery;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a repeatable parameter, also split on commas (Jira accepts both forms). */
    List<String> params(String name) {
        List<String> values = new ArrayList<>();
        for (String value : query.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    /** An integer query parameter, or the default when absent; a non-number is a {@link BadParameterException}. */
    int intParam(String name, int defaultValue) {
        String value = param(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException("The '" + name + "' parameter must be a number, but was '" + value + "'.");
        }
    }

    byte[] body() {
        return body;
    }

    /** The body as JSON; a body that is not JSON raises {@link Json.BadJsonException}. */
    JsonNode json() {
        if (json == null) {
            json = Json.parse(body);
        }
        return json;
    }

    /** A query parameter Jira would refuse with 400. */
    static final class BadParameterException extends RuntimeException {
        BadParameterException(String message) {
            super(message);
        }
    }
}
