package org.jirabridge.component.jira;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.spi.HttpResponseAware;

/**
 * The one failure type of the {@code jirarest} component. Health checks and error handlers read the
 * status code through {@link HttpResponseAware}; routes decide what to do from {@link #failure()}.
 */
public class JiraRestException extends RuntimeException implements HttpResponseAware {

    /** What a caller should do about a failure. */
    public enum Failure {
        /** I/O error, timeout, 5xx or 429: try again later (after {@link #retryAfter()} when Jira said so). */
        RETRYABLE,
        /** 401: the credential is wrong, expired or revoked. */
        AUTHENTICATION,
        /** 403: authenticated, but not allowed. */
        PERMISSION,
        /** 400: Jira refused the content; {@link #errors()} names the fields. */
        INVALID,
        /** 404: no such issue, project or path. */
        NOT_FOUND,
        /** any other status: not worth retrying. */
        OTHER,
        /** No request was sent: the site is marked down ({@link JiraSiteGuard}) until a probe finds it back. */
        SITE_DOWN
    }

    private final Failure failure;
    private int statusCode;
    private final Duration retryAfter;
    private final List<String> errorMessages;
    private final Map<String, String> errors;
    private final String responseBody;
    private String statusText;

    public JiraRestException(String message, Failure failure, int statusCode, Duration retryAfter,
                             List<String> errorMessages, Map<String, String> errors, String responseBody,
                             Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
        this.errorMessages = errorMessages == null ? List.of() : List.copyOf(errorMessages);
        // in Jira's order (Map.copyOf would shuffle it per JVM): messages and dead letters read the same every time
        this.errors = errors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        this.responseBody = responseBody;
    }

    /** Classifies an HTTP status the way every caller should treat it. */
    public static Failure classify(int status) {
        if (status == 429 || status >= 500) {
            return Failure.RETRYABLE;
        }
        return switch (status) {
            case 400 -> Failure.INVALID;
            case 401 -> Failure.AUTHENTICATION;
            case 403 -> Failure.PERMISSION;
            case 404 -> Failure.NOT_FOUND;
            default -> Failure.OTHER;
        };
    }

    public Failure failure() {
        return failure;
    }

    public boolean isRetryable() {
        return failure == Failure.RETRYABLE;
    }

    /** How long Jira asked us to wait (Retry-After), or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Jira's {@code errorMessages}. */
    public List<String> errorMessages() {
        return errorMessages;
    }

    /** Jira's {@code errors}: field id to message. */
    public Map<String, String> errors() {
        return errors;
    }

    /** The raw response body, for dead letters; null for I/O failures. */
    public String responseBody() {
        return responseBody;
    }

    @Override
    public int getHttpResponseCode() {
        return statusCode;
    }

    @Override
    public void setHttpResponseCode(int code) {
        this.statusCode = code;
    }

    @Override
    public String getHttpResponseStatus() {
        return statusText;
    }

    @Override
    public void setHttpResponseStatus(String status) {
        this.statusText = status;
    }
}
