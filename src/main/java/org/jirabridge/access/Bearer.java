package org.jirabridge.access;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reads {@code Authorization: Bearer <token>} (RFC 6750): the scheme in any case, one token of its characters. */
final class Bearer {

    /** Longer values are refused before any hashing or database look-up. */
    static final int MAX_TOKEN_LENGTH = 512;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private Bearer() {
    }

    /** The token of a well-formed Bearer header value, else null. */
    static String token(String headerValue) {
        if (headerValue == null || headerValue.length() > MAX_TOKEN_LENGTH + 16) {
            return null;
        }
        String value = headerValue.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return isTokenSyntax(token) ? token : null;
    }

    static boolean isTokenSyntax(String token) {
        return !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH && TOKEN.matcher(token).matches();
    }
}
