package org.jirabridge.api;

import java.util.List;
import java.util.Map;

/** A failure the HTTP API answers with a JSON error body {"error","message","details"} and a 4xx/5xx status. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final List<Map<String, Object>> details;

    public ApiException(int status, String error, String message, List<Map<String, Object>> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public ApiException(int status, String error, String message) {
        this(status, error, message, List.of());
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(404, "not_found", "no " + what + " with id " + id);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public List<Map<String, Object>> details() {
        return details;
    }

    /** One entry of {@code details}: which field and what is wrong with it. */
    public static Map<String, Object> fieldProblem(String field, String problem) {
        return Map.of("field", field, "problem", problem);
    }
}
