package org.jirabridge.forward;

import java.sql.Connection;
import java.sql.SQLException;

import org.jirabridge.api.ApiException;
import org.jirabridge.store.Database;
import org.jirabridge.store.DeadLetterRepository;
import org.jirabridge.store.Json;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;

/** Dead letters: listing and replaying them (the API's adapter is {@link DeadLettersResource}). Bound as bean {@code deadLetters}. */
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

    /** The newest 500 dead letters not yet replayed, or with {@code all} the replayed ones too. */
    public DeadLettersResource.DeadLetterList list(boolean all) {
        return new DeadLettersResource.DeadLetterList(deadLetters.list(all, 500).stream().map(DeadLetters::view)
                .toList());
    }

    private static DeadLettersResource.DeadLetter view(DeadLetterRepository.DeadLetter letter) {
        return new DeadLettersResource.DeadLetter(letter.id(), letter.reportId(), letter.kind(), letter.reason(),
                letter.httpStatus(), letter.message(),
                letter.jiraErrors() == null ? null : Json.readMap(letter.jiraErrors()), letter.createdAt().toString(),
                letter.replayedAt() == null ? null : letter.replayedAt().toString(), letter.replayOutcome());
    }

    /** Queues the report again; 404 for an unknown id, 409 when this dead letter was already replayed. */
    public DeadLettersResource.Replayed replay(String rawId) {
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
        return new DeadLettersResource.Replayed(id, reportId, status);
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
