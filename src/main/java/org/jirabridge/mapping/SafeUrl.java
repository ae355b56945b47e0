package org.jirabridge.mapping;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The one gate for link targets: only absolute http and https URLs with a host ever become links. */
final class SafeUrl {

    private static final String HEX = "0123456789ABCDEF";

    private SafeUrl() {
    }

    /**
     * The URL ready to put into a link (characters that are illegal in a URI or that have meaning in
     * Markdown or wiki link syntax percent-encoded), or null when it is not an http(s) URL with a host.
     */
    static String httpUrl(String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty() || hasControlOrSpace(trimmed)) {
            return null;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        String encoded = encodeUnsafe(trimmed);
        try {
            URI uri = new URI(encoded);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
                return null;
            }
            if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                return null;
            }
        } catch (URISyntaxException e) {
            return null;
        }
        return encoded;
    }

    private static boolean hasControlOrSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || UserText.isSpace(c)) {
                return true;
            }
        }
        return false;
    }

    /** Percent-encodes the ASCII characters that a URI forbids or that wiki/Markdown link syntax would read. */
    private static String encodeUnsafe(String url) {
        StringBuilder out = new StringBuilder(url.length() + 8);
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if ("\"<>\\^`{|}[]()".indexOf(c) >= 0) {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
