package org.jirabridge.component.jira.client;

/**
 * One answer from Jira.
 *
 * @param status      HTTP status code
 * @param reason      HTTP reason phrase, may be empty
 * @param contentType the Content-Type header, or null
 * @param retryAfter  the Retry-After header, or null
 * @param body        the body as text, or an empty string (also when it was read into {@code tree})
 * @param tree        a 2xx JSON answer parsed as it arrived, when the caller asked for a tree; else null
 */
public record JiraResponse(int status, String reason, String contentType, String retryAfter, String body,
                           com.fasterxml.jackson.databind.JsonNode tree) {

    public JiraResponse(int status, String reason, String contentType, String retryAfter, String body) {
        this(status, reason, contentType, retryAfter, body, null);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isJson() {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    }
}
