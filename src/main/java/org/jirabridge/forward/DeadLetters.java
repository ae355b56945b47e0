package org.jirabridge.forward;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.store.Database;
import org.jirabridge.store.DeadLetterRepository;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;

/** GET /api/v1/dead-letters and POST /api/v1/dead-letters/{id}/replay. Bound as bean {@code deadLetters}. */
public final class DeadLetters {

    private final Database database;
    private final DeadLetterRepository deadLetters;
    private final ReportRepository reports;
    private final OutboxRepository outbox;

    public DeadLetters(Database database, DeadLetterRepository deadLetters, ReportRepository reports,
                       OutboxRepository outbox) {
        this.database = database;
        this.deadLetters = deadLetters;
        this.reports = reports;
        this.outbox = outbox;
    }

    public void listHttp(Exchange exchange) {
        boolean all = "true".equals(exchange.getMessage().getHeader("all", String.class));
        ApiResponses.json(exchange, 200, Map.of("deadLetters",
                deadLetters.list(all, 500).stream().map(DeadLetterRepository.DeadLetter::toApi).toList()));
    }

    /** Queues the report again; 409 when this dead letter was already replayed. */
    public void replayHttp(Exchange exchange) {
        String rawId = exchange.getMessage().getHeader("id", String.class);
        long id;
        try {
            id = Long.parseLong(rawId);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("dead letter", rawId);
        }
        String reportId = database.inTransaction(c -> {
            DeadLetterRepository.DeadLetter letter = deadLetters.find(c, id)
                    .orElseThrow(() -> ApiException.notFound("dead letter", rawId));
            if (letter.replayedAt() != null) {
                throw new ApiException(409, "already_replayed", "dead letter " + id + " was replayed at "
                        + letter.replayedAt());
            }
            requeue(c, letter);
            return letter.reportId();
        });
        String status = reports.find(reportId).map(r -> r.status().name()).orElse(ReportStatus.RECEIVED.name());
        ApiResponses.json(exchange, 202, Map.of("deadLetterId", id, "reportId", reportId, "status", status));
    }

    /**
     * Queues a dead letter's task again (of its kind) unless it was replayed already; the API and the automatic
     * replay after a site outage both come here. A replayed report's issue is looked up before any create, so a
     * replay never makes a second issue.
     */
    public boolean requeue(Connection c, DeadLetterRepository.DeadLetter letter) throws SQLException {
        if (!deadLetters.markReplayed(c, letter.id())) {
            return false;
        }
        String kind = outbox.kindOf(c, letter.outboxId());
        if (OutboxRepository.FORWARD.equals(kind)) {
            reports.updateStatus(c, letter.reportId(), ReportStatus.RECEIVED, null);
        }
        // a dead priority push is replayed as a push of the report's current priority
        outbox.enqueue(c, letter.reportId(), kind);
        return true;
    }

    /** Replays one dead letter by id, for the automatic replay; false when it is gone or was replayed already. */
    public boolean replay(long id) {
        return database.inTransaction(c -> {
            java.util.Optional<DeadLetterRepository.DeadLetter> letter = deadLetters.find(c, id);
            return letter.isPresent() && letter.get().replayedAt() == null && requeue(c, letter.get());
        });
    }
}
