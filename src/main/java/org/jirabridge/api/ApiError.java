package org.jirabridge.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error contract of the whole API, as the OpenAPI document shows it: {"error","message","details"} with a 4xx or
 * 5xx status, never a stack trace ({@link ApiResponses#error} writes it for every failure).
 */
public record ApiError(String error, String message, List<Detail> details) {

    /** One entry of {@code details}: which field and what is wrong with it ({@code offset}: invalid UTF-8 only). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String field, String problem, Integer offset) {
    }
}
