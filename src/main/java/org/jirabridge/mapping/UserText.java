package org.jirabridge.mapping;

/** Cleaning of text that came from a report: control characters, broken surrogates, whitespace and length. */
final class UserText {

    /** The marker that ends a value that was cut short. */
    static final String CUT_MARKER = "\u2026";

    private UserText() {
    }

    /**
     * Normalises line ends to {@code \n}, drops control characters other than {@code \n} and {@code \t}
     * (C0, DEL, C1 and the non-characters U+FFFE/U+FFFF) and replaces lone surrogates with U+FFFD.
     * Null becomes "".
     */
    static String clean(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                // CRLF and lone CR both become one LF
                out.append('\n');
                if (i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(c).append(text.charAt(i + 1));
                    i++;
                } else {
                    out.append('\uFFFD');
                }
            } else if (Character.isLowSurrogate(c)) {
                out.append('\uFFFD');
            } else if (c == '\n' || c == '\t' || !isDropped(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isDropped(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\uFFFE' || c == '\uFFFF';
    }

    /** {@link #clean} and then every run of whitespace (line breaks included) as one space, trimmed. */
    static String singleLine(String text) {
        String cleaned = clean(text);
        StringBuilder out = new StringBuilder(cleaned.length());
        boolean pendingSpace = false;
        for (int i = 0; i < cleaned.length(); ) {
            int cp = cleaned.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Java's whitespace plus Unicode space separators (no-break space and friends). */
    static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    static int codePointLength(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * At most {@code maxCodePoints} code points; a longer text is cut and ends with {@link #CUT_MARKER},
     * the marker counted within the limit. Never splits a surrogate pair and never leaves a dangling
     * joiner or variation selector before the marker.
     */
    static String truncate(String text, int maxCodePoints) {
        if (codePointLength(text) <= maxCodePoints) {
            return text;
        }
        int end = text.offsetByCodePoints(0, maxCodePoints - 1);
        String head = text.substring(0, end);
        // a cut inside an emoji sequence or after a space would leave a joiner, selector or space before the marker
        while (!head.isEmpty()) {
            int last = head.codePointBefore(head.length());
            if (last == 0x200D || (last >= 0xFE00 && last <= 0xFE0F) || isSpace(last)) {
                head = head.substring(0, head.length() - Character.charCount(last));
            } else {
                break;
            }
        }
        return head + CUT_MARKER;
    }

    /** Truncates without a marker (labels, where the marker would only add noise). */
    static String truncateHard(String text, int maxCodePoints) {
        if (codePointLength(text) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }
}
