package org.jirabridge.integration;

/**
 * An integration that may not be saved or used as it is: one field and what is wrong with it. The HTTP layer answers
 * it as a 400 {@code invalid_integration} naming the field (see {@code api.ApiException#invalidIntegration}).
 */
public class InvalidIntegrationException extends RuntimeException {

    private final String field;
    private final String problem;

    public InvalidIntegrationException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
