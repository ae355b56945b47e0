package org.jirabridge.component.jira.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.component.jira.JiraRestException;

/**
 * Turns a failed exchange with Jira into a {@link JiraRestException}. Messages carry the method, the path and Jira's
 * own error texts; never request headers, so never credentials.
 */
public final class JiraErrors {

    /** Longest stretch of a non-JSON body quoted in a message. */
    private static final int MAX_QUOTED = 200;

    private JiraErrors() {
    }

    /** A non-2xx answer; parses Jira's {@code {"errorMessages":[],"errors":{}}} when the body holds it. */
    public static JiraRestException fromResponse(String method, String path, JiraResponse response, Clock clock) {
        List<String> errorMessages = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode json = Json.readTreeOrNull(response.body());
        if (json != null && json.isObject()) {
            // whatever answered may echo what it was sent: every relayed text is cleaned of credentials and cut
            json.path("errorMessages").forEach(m -> errorMessages.add(RelayedText.clean(m.asText())));
            json.path("errors").properties().forEach(e -> errors.put(RelayedText.clean(e.getKey()),
                    RelayedText.clean(text(e.getValue()))));
            // some Jira answers (e.g. unknown project on create) report through warningMessages only
            json.path("warningMessages").forEach(m -> errorMessages.add(RelayedText.clean(m.asText())));
            if (errorMessages.isEmpty() && json.hasNonNull("message")) {
                errorMessages.add(RelayedText.clean(json.get("message").asText()));
            }
        }
        int status = response.status();
        StringBuilder message = new StringBuilder("Jira answered ").append(status);
        if (response.reason() != null && !response.reason().isBlank()) {
            message.append(' ').append(RelayedText.clean(response.reason()));
        }
        message.append(" to ").append(method).append(' ').append(path);
        List<String> details = new ArrayList<>(errorMessages);
        errors.forEach((field, text) -> details.add(field + ": " + text));
        if (!details.isEmpty()) {
            message.append(": ").append(String.join("; ", details));
        } else if (json == null && !response.body().isBlank() && !looksLikeHtml(response.body())) {
            message.append(": ").append(quote(response.body()));
        }
        Duration retryAfter = RetryAfter.parse(response.retryAfter(), clock);
        JiraRestException exception = new JiraRestException(message.toString(), JiraRestException.classify(status),
                status, retryAfter, errorMessages, errors, RelayedText.clean(response.body()), null);
        exception.setHttpResponseStatus(RelayedText.clean(response.reason()));
        return exception;
    }

    /** An I/O failure or timeout: retryable, status 0. */
    public static JiraRestException fromIo(String method, String path, IOException cause) {
        if (cause instanceof SafeAddresses.RefusedAddressException refused) {
            return refused(method + " " + path, refused.getMessage());
        }
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new JiraRestException("I/O failure on " + method + " " + path + ": " + what,
                JiraRestException.Failure.RETRYABLE, 0, null, List.of(), Map.of(), null, cause);
    }

    /** The URL policy refused the address before anything was sent: trying again cannot help, fixing the URL can. */
    public static JiraRestException refused(String what, String why) {
        return new JiraRestException("Not sent (" + what + "): " + why, JiraRestException.Failure.OTHER, 0, null,
                List.of(why), Map.of(), null, null);
    }

    /**
     * Fresh credentials could not be obtained before the request (authorization server refused or unreachable):
     * AUTHENTICATION (status 401) when only a person can fix it, RETRYABLE (status 0) when trying later may help.
     */
    public static JiraRestException fromCredentials(String method, String path,
                                                    org.jirabridge.auth.CredentialsException cause) {
        boolean retryable = cause.retryable();
        return new JiraRestException("No credentials for " + method + " " + path + ": " + cause.getMessage(),
                retryable ? JiraRestException.Failure.RETRYABLE : JiraRestException.Failure.AUTHENTICATION,
                retryable ? 0 : 401, null, List.of(cause.getMessage()), Map.of(), null, cause);
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static boolean looksLikeHtml(String body) {
        String start = body.stripLeading().toLowerCase(java.util.Locale.ROOT);
        return start.startsWith("<!doctype") || start.startsWith("<html");
    }

    private static String quote(String body) {
        String flat = RelayedText.clean(body.strip().replaceAll("\\s+", " "));
        return flat.length() <= MAX_QUOTED ? flat : flat.substring(0, MAX_QUOTED) + "...";
    }
}
