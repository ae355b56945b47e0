package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jira's 400 answers name fields ({"errors": {"customfield_10011": "Option value 'Huge' is not valid"}}); these turn
 * them back into the part of the integration that produced the field, so the user knows which entry to fix. Pure.
 */
public final class FieldErrors {

    /**
     * One field error: Jira's field id and message, and where the field came from ("mapping.customFields[2]
     * (attributes.plan -> customfield_10013)", "target.assignee"…), or null when jira-bridge did not send it.
     */
    public record Explained(String field, String message, String origin) {

        /** The part of the integration body to fix: "mapping.customFields[2]", or "jira.<field>" when unknown. */
        public String path() {
            if (origin == null) {
                return "jira." + field;
            }
            int space = origin.indexOf(" (");
            return space < 0 ? origin : origin.substring(0, space);
        }

        /** "customfield_10013: 'many' is not valid (from mapping.customFields[1] (attributes.seats -> …))". */
        public String describe() {
            return field + ": " + message + (origin == null ? "" : " (from " + origin + ")");
        }
    }

    private FieldErrors() {
    }

    /** @param origins field id to origin, as {@link IssueMapper.MappedIssue#origins()} gives them; may be null */
    public static List<Explained> explain(Map<String, String> errors, Map<String, String> origins) {
        List<Explained> explained = new ArrayList<>();
        if (errors != null) {
            errors.forEach((field, message) -> explained.add(new Explained(field, message,
                    origins == null ? null : origins.get(field))));
        }
        return explained;
    }

    /** All field errors on one line, each with its origin: for lastError and log lines. */
    public static String describe(Map<String, String> errors, Map<String, String> origins) {
        return explain(errors, origins).stream().map(Explained::describe).collect(Collectors.joining("; "));
    }
}
