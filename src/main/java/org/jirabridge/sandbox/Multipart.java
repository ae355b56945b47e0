package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal multipart/form-data reader for attachment uploads. */
final class Multipart {

    /** One part: its form field name, file name (may be null), content type and bytes. */
    record Part(String name, String filename, String contentType, byte[] content) {
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]+)\\1", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?<![a-z*])name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private Multipart() {
    }

    /** The parts of a body, or an IllegalArgumentException when it is not multipart/form-data. */
    static List<Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("not multipart/form-data");
        }
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            throw new IllegalArgumentException("multipart without boundary");
        }
        byte[] delimiter = ("--" + boundaryMatch.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw new IllegalArgumentException("boundary not found in body");
        }
        while (true) {
            int afterDelimiter = position + delimiter.length;
            // "--" after a delimiter ends the body
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return parts;
            }
            int headersStart = skipLineBreak(body, afterDelimiter);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            int nextDelimiter = indexOf(body, delimiter, headersStart);
            if (headersEnd < 0 || nextDelimiter < 0 || headersEnd > nextDelimiter) {
                throw new IllegalArgumentException("malformed multipart body");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentEnd = nextDelimiter - 2; // the CRLF before the delimiter belongs to the boundary
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, contentEnd));
            parts.add(new Part(match(NAME, headers), match(FILENAME, headers), header(headers, "content-type"), content));
            position = nextDelimiter;
        }
    }

    private static String match(Pattern pattern, String headers) {
        Matcher matcher = pattern.matcher(headers);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static int skipLineBreak(byte[] body, int index) {
        return index + 1 < body.length && body[index] == '\r' && body[index + 1] == '\n' ? index + 2 : index;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
