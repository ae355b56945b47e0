package org.jirabridge.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jirabridge.intake.ReportIntake.Accepted;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;

/**
 * Writes the reports of one group transaction ({@link GroupCommit}): finds the ones stored before (a repeated
 * externalId, a redelivered broker message), then inserts the new reports, their broker message ids and their
 * forwarding tasks, each table as one JDBC batch.
 */
public final class ReportWriter implements GroupCommit.BatchWork<ReportWriter.NewReport, Accepted> {

    /**
     * A checked report ready to store.
     *
     * @param row the report row (id, integration, payload…)
     * @param forward whether its integration forwards on its own (an outbox task is queued with it)
     * @param deliveryId the broker's id of the message it came in, or null
     */
    public record NewReport(StoredReport row, boolean forward, String deliveryId) {
    }

    private final ReportRepository reports;
    private final OutboxRepository outbox;

    public ReportWriter(ReportRepository reports, OutboxRepository outbox) {
        this.reports = reports;
        this.outbox = outbox;
    }

    @Override
    public List<Accepted> run(Connection c, List<NewReport> items) throws SQLException {
        List<Accepted> answers = new ArrayList<>(items.size());
        List<StoredReport> inserts = new ArrayList<>(items.size());
        List<String> toForward = new ArrayList<>(items.size());
        Map<String, String> deliveries = new LinkedHashMap<>();
        // a sender's retry may land in the same batch as its first try: it gets the first one's answer
        Map<String, Accepted> inThisBatch = new HashMap<>();
        for (NewReport item : items) {
            Optional<Accepted> known = knownBefore(c, item, inThisBatch);
            if (known.isPresent()) {
                answers.add(known.get());
                continue;
            }
            StoredReport row = item.row();
            inserts.add(row);
            if (item.deliveryId() != null) {
                deliveries.put(row.id(), item.deliveryId());
            }
            if (item.forward()) {
                toForward.add(row.id());
            }
            Accepted accepted = new Accepted(row.id(), ReportStatus.RECEIVED, true);
            Accepted repeat = new Accepted(row.id(), ReportStatus.RECEIVED, false);
            if (item.deliveryId() != null) {
                inThisBatch.put(deliveryKey(item.deliveryId()), repeat);
            }
            if (row.externalId() != null) {
                inThisBatch.put(externalKey(row), repeat);
            }
            answers.add(accepted);
        }
        reports.insertAll(c, inserts);
        reports.recordDeliveries(c, deliveries);
        outbox.enqueueAll(c, toForward, OutboxRepository.FORWARD);
        return answers;
    }

    /** The answer for a report stored before (in an earlier transaction or earlier in this batch), if it was. */
    private Optional<Accepted> knownBefore(Connection c, NewReport item, Map<String, Accepted> inThisBatch)
            throws SQLException {
        if (item.deliveryId() != null) {
            Accepted earlier = inThisBatch.get(deliveryKey(item.deliveryId()));
            if (earlier != null) {
                return Optional.of(earlier);
            }
            Optional<StoredReport> delivered = reports.findByDelivery(c, item.deliveryId());
            if (delivered.isPresent()) {
                // the broker redelivered a message whose report is stored: acknowledge it, store nothing
                return Optional.of(new Accepted(delivered.get().id(), delivered.get().status(), false));
            }
        }
        StoredReport row = item.row();
        if (row.externalId() != null) {
            Accepted earlier = inThisBatch.get(externalKey(row));
            if (earlier != null) {
                return Optional.of(earlier);
            }
            Optional<StoredReport> existing = reports.findByExternalId(c, row.integrationId(), row.externalId());
            if (existing.isPresent()) {
                // the sender retried: same report, no second issue
                return Optional.of(new Accepted(existing.get().id(), existing.get().status(), false));
            }
        }
        return Optional.empty();
    }

    private static String deliveryKey(String deliveryId) {
        return "delivery\u0000" + deliveryId;
    }

    private static String externalKey(StoredReport row) {
        return "external\u0000" + row.integrationId() + "\u0000" + row.externalId();
    }
}
