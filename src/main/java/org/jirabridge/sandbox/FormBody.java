package org.jirabridge.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Parameters of an OAuth request body: JSON (as Atlassian's token endpoint takes it) or form-encoded. */
final class FormBody {

    private FormBody() {
    }

    static Map<String, String> parse(SandboxRequest request) {
        String contentType = request.header("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        if (mediaType.equals("application/json")) {
            JsonNode json = request.json();
            json.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            return params;
        }
        return decode(new String(request.body(), StandardCharsets.UTF_8));
    }

    /** {@code a=1&b=2} into a map (first value wins). */
    static Map<String, String> decode(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String encode(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
