package org.jirabridge.forward;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON shapes of /api/v1/dead-letters and of POST /api/v1/reports/{id}/forward. */
public final class DeadLettersResource {

    private DeadLettersResource() {
    }

    /** A task that could not be forwarded, with Jira's answer; replayOutcome only once it was replayed. */
    public record DeadLetter(long id, String reportId, String kind, String reason, Integer httpStatus, String message,
                             Map<String, Object> jiraErrors, String createdAt, String replayedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) ReplayOutcome replayOutcome) {
    }

    /** What became of a replayed dead letter's report since. */
    public record ReplayOutcome(String reportStatus, String jiraKey, String lastError) {
    }

    public record DeadLetterList(List<DeadLetter> deadLetters) {
    }

    /** 202: the dead letter's task is queued again. */
    public record Replayed(long deadLetterId, String reportId, String status) {
    }

    /** 202: the report is queued for forwarding. */
    public record ForwardQueued(String id, String status) {
    }
}
