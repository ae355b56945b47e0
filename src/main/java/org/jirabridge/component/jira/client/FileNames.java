package org.jirabridge.component.jira.client;

/**
 * The file name an attachment is uploaded under: the last segment after any '/' or '\' (no path reaches Jira), control
 * characters (NUL, line breaks, ESC, …) replaced by '_', no leading or trailing dots and spaces, at most 255 characters;
 * {@code attachment} when nothing is left.
 */
public final class FileNames {

    private static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    public static String clean(String name) {
        String last = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String cleaned = last.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u202e]", "_")
                .replaceAll("^[.\\s]+|[.\\s]+$", "");
        if (cleaned.length() > MAX_LENGTH) {
            cleaned = cleaned.substring(cleaned.length() - MAX_LENGTH);
        }
        return cleaned.isEmpty() ? "attachment" : cleaned;
    }
}
