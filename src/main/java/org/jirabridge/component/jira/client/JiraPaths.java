package org.jirabridge.component.jira.client;

import java.nio.charset.StandardCharsets;

/** Safe path building: values from headers become one encoded path segment, so they cannot reach another path. */
public final class JiraPaths {

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private JiraPaths() {
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters; "." and ".." are refused. */
    public static String segment(String value) {
        if (value == null || value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("Not a usable path segment: '" + value + "'");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (b >= 0 && UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Checks a caller-given path for the raw request operation: absolute, no scheme or host, no dot segments,
     * so it stays on the integration's site.
     */
    public static String checkRawPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\")) {
            throw new IllegalArgumentException("Path must start with a single '/': " + path);
        }
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        for (String segment : pathOnly.split("/")) {
            String decoded = java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (decoded.equals(".") || decoded.equals("..")) {
                throw new IllegalArgumentException("Path must not contain dot segments: " + path);
            }
        }
        if (pathOnly.contains("#")) {
            throw new IllegalArgumentException("Path must not contain a fragment: " + path);
        }
        return path;
    }
}
