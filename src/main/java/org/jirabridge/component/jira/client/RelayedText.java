package org.jirabridge.component.jira.client;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Text that came back from whatever answered at a Jira URL, made fit to relay into API answers, {@code lastError},
 * dead letters and the log: anything shaped like a credential removed (an answer may echo the request's
 * Authorization header), control characters dropped, and cut to a bounded length.
 */
public final class RelayedText {

    /** The most characters of one relayed text. */
    public static final int MAX_LENGTH = 300;

    private record Shape(Pattern pattern, String replacement) {
    }

    private static final List<Shape> CREDENTIAL_SHAPES = List.of(
            // a whole header line that carries credentials
            new Shape(Pattern.compile("(?i)\\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key)\\b\\s*[:=]\\s*[^\\r\\n]*"),
                    "$1: [removed]"),
            // an authentication scheme followed by its credential
            // (a credential is long and not a plain word: "token expired" stays)
            new Shape(Pattern.compile("(?i)\\b(basic|bearer|jwt|oauth|token|digest)\\s+(?=[A-Za-z._~+/=-]*[0-9+/=])"
                    + "[A-Za-z0-9._~+/=-]{8,}"),
                    "$1 [removed]"),
            // a JWT anywhere
            new Shape(Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*)?"), "[removed]"),
            // key = value pairs whose key names a secret
            new Shape(Pattern.compile("(?i)\\b(password|passwd|secret|client_secret|token|access_token|refresh_token"
                    + "|api[_-]?key|apitoken|shared_?secret)\\b([\"']?\\s*[:=]\\s*[\"']?)[^\\s\"'&,;}]+"), "$1$2[removed]"),
            // long opaque strings (tokens, keys, base64 of user:password)
            new Shape(Pattern.compile("[A-Za-z0-9+/_-]{32,}={0,2}"), "[removed]"));

    private RelayedText() {
    }

    /** The text without credential-shaped content and control characters, at most {@link #MAX_LENGTH} characters. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = text;
        for (Shape shape : CREDENTIAL_SHAPES) {
            cleaned = shape.pattern().matcher(cleaned).replaceAll(shape.replacement());
        }
        cleaned = cleaned.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        return cleaned.length() <= MAX_LENGTH ? cleaned : cleaned.substring(0, MAX_LENGTH) + "...";
    }
}
