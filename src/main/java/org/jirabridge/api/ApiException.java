package org.jirabridge.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jirabridge.integration.InvalidIntegrationException;

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

    /**
     * A 400 for a body that is not valid JSON, in the project's words: where the parser stopped, never its own text
     * (which names parser classes and limits, and echoes what was sent).
     */
    public static ApiException malformedJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        String reason = e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                ? "it is nested too deeply or a value is too long" : "it is not valid JSON";
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new ApiException(400, "malformed_json", "the body cannot be read: " + reason + where);
    }

    /** The 400 for an integration that may not be saved as it is, naming its field. */
    public static ApiException invalidIntegration(InvalidIntegrationException e) {
        return new ApiException(400, "invalid_integration", e.getMessage(), List.of(fieldProblem(e.field(), e.problem())));
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
        // field first, always (Map.of's order changes from one JVM to the next)
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("field", field);
        entry.put("problem", problem);
        return Collections.unmodifiableMap(entry);
    }
}
