package org.jirabridge.forward;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.camel.Exchange;
import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.store.DeadLetterRepository.ReplayOutcome;

/**
 * The HTTP adapter of /api/v1/dead-letters and POST /api/v1/reports/{id}/forward, and their JSON shapes: path and
 * query parameters in, the domain's records out with their status (the REST DSL's binding writes them). Bound as
 * {@code deadLettersResource}.
 */
public final class DeadLettersResource {

    private final DeadLetters deadLetters;
    private final ManualForward manualForward;

    public DeadLettersResource(DeadLetters deadLetters, ManualForward manualForward) {
        this.deadLetters = deadLetters;
        this.manualForward = manualForward;
    }

    /** GET /dead-letters[?all=true] */
    public void list(Exchange exchange) {
        boolean all = "true".equals(exchange.getMessage().getHeader("all", String.class));
        ApiResponses.bound(exchange, 200, deadLetters.list(all));
    }

    /** POST /dead-letters/{id}/replay */
    public void replay(Exchange exchange) {
        ApiResponses.bound(exchange, 202, deadLetters.replay(exchange.getMessage().getHeader("id", String.class)));
    }

    /** POST /reports/{id}/forward */
    public void forward(Exchange exchange) {
        ApiResponses.bound(exchange, 202, manualForward.forward(Caller.of(exchange),
                exchange.getMessage().getHeader("id", String.class)));
    }

    /** A task that could not be forwarded, with Jira's answer; replayOutcome only once it was replayed. */
    public record DeadLetter(long id, String reportId, String kind, String reason, Integer httpStatus, String message,
                             Map<String, Object> jiraErrors, String createdAt, String replayedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) ReplayOutcome replayOutcome) {
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
