package org.jirabridge.observe;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What may reach a log line: every known secret value is replaced by {@code ********}, and control characters
 * cannot forge or hide lines (CR, ESC and other control characters are escaped; a line break continues the entry
 * indented, so nothing a caller sends starts a line of its own). Applied to every log line by
 * {@link SafeMessageConverter}; {@link #quote} escapes one value that came from a request completely.
 */
public final class LogText {

    /** What a masked secret looks like in the log, the same as in the API's answers. */
    public static final String MASK = "********";
    /** A line break inside one entry continues with this, so it cannot pass for a new entry (which starts with a time). */
    static final String CONTINUATION = "\n    | ";
    // shorter values would mask ordinary words (the sandbox's fixture password "admin"); real secrets are longer
    private static final int MIN_SECRET_LENGTH = 6;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    // longest first, so a secret containing another is masked whole
    private static volatile List<String> ordered = List.of();

    private LogText() {
    }

    /** From now on, this value never appears in a log line (configuration secrets, credentials the vault opens). */
    public static void secret(String value) {
        if (value == null || value.strip().length() < MIN_SECRET_LENGTH || !SECRETS.add(value.strip())) {
            return;
        }
        ordered = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** One log entry's text made safe: secrets masked, control characters escaped, line breaks indented. */
    public static String clean(CharSequence text) {
        return escape(mask(text.toString()), false);
    }

    /** A value from a request, for a log message: secrets masked and every control character escaped, quoted. */
    public static String quote(Object value) {
        return value == null ? "null" : "\"" + escape(mask(String.valueOf(value)), true) + "\"";
    }

    static String mask(String text) {
        String masked = text;
        for (String secret : ordered) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    private static String escape(String text, boolean lineBreaksToo) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c, lineBreaksToo, i > 0 && text.charAt(i - 1) == '\r');
            if (replacement == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(replacement);
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c, boolean lineBreaksToo, boolean afterCr) {
        if (c == '\n') {
            return lineBreaksToo ? "\\n" : afterCr ? "" : CONTINUATION;
        }
        if (c == '\r') {
            // CR LF in a multi-line entry is one line break; a lone CR would let the rest overwrite the line
            return lineBreaksToo ? "\\r" : CONTINUATION;
        }
        if (c == '\t') {
            return lineBreaksToo ? "\\t" : null;
        }
        if (c == 0x1b) {
            return "\\e";
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
