package org.jirabridge.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jirabridge.api.ApiException;
import org.jirabridge.component.jira.JiraRestException;

/** How setup answers a failed call to Jira: what Jira said, never our stack trace. */
final class JiraAnswers {

    private JiraAnswers() {
    }

    /** Jira's failure as an API answer, naming {@code what} was asked for. */
    public static ApiException asApiError(JiraRestException failure, String what) {
        List<Map<String, Object>> details = new ArrayList<>();
        failure.errorMessages().forEach(message -> details.add(ApiException.fieldProblem("jira", message)));
        failure.errors().forEach((field, message) -> details.add(ApiException.fieldProblem("jira." + field, message)));
        int status = failure.getHttpResponseCode();
        return switch (failure.failure()) {
            case NOT_FOUND -> new ApiException(404, "jira_not_found", "Jira has no " + what
                    + " (or the integration's user may not see it)", details);
            case INVALID -> new ApiException(400, "jira_rejected", "Jira refused the request for " + what, details);
            case AUTHENTICATION -> new ApiException(502, "jira_authentication", "Jira refused the integration's"
                    + " credentials (401); fix them with PUT /api/v1/integrations/{id}", details);
            case PERMISSION -> new ApiException(502, "jira_permission", "Jira does not let the integration's user"
                    + " read " + what + " (403)", details);
            case SITE_DOWN -> new ApiException(503, "jira_site_down", "The integration's Jira site is marked down"
                    + " after repeated failures; jira-bridge asks again by itself and resumes when it answers", details);
            default -> new ApiException(502, "jira_unavailable", "Jira could not answer for " + what
                    + (status == 0 ? " (no connection)" : " (HTTP " + status + ")"), details);
        };
    }
}
