package org.jirabridge.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jirabridge.intake.ReportIntake.Accepted;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;

/**
 * Writes the reports of one group transaction ({@link GroupCommit}): finds the ones stored before (a repeated
 * externalId, a redelivered broker message) with one query per kind, then inserts the new reports, their broker
 * message ids and their forwarding tasks, each table as one JDBC batch.
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
        StoredBefore before = storedBefore(c, items);
        List<Accepted> answers = new ArrayList<>(items.size());
        List<StoredReport> inserts = new ArrayList<>(items.size());
        List<String> toForward = new ArrayList<>(items.size());
        Map<String, String> deliveries = new LinkedHashMap<>();
        // a sender's retry may land in the same batch as its first try: it gets the first one's answer
        Map<String, Accepted> inThisBatch = new HashMap<>();
        for (NewReport item : items) {
            Optional<Accepted> known = knownBefore(item, before, inThisBatch);
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
            Accepted repeat = new Accepted(row.id(), ReportStatus.RECEIVED, false);
            if (item.deliveryId() != null) {
                inThisBatch.put(deliveryKey(item.deliveryId()), repeat);
            }
            if (row.externalId() != null) {
                inThisBatch.put(externalKey(row), repeat);
            }
            answers.add(new Accepted(row.id(), ReportStatus.RECEIVED, true));
        }
        reports.insertAll(c, inserts);
        reports.recordDeliveries(c, deliveries);
        outbox.enqueueAll(c, toForward, OutboxRepository.FORWARD);
        return answers;
    }

    /** What earlier transactions stored of this batch: by broker message id, and by integration and externalId. */
    private record StoredBefore(Map<String, StoredReport> byDelivery, Map<String, Map<String, StoredReport>> byExternal) {
    }

    // one query per kind (and per integration) for the whole batch, not one per report
    private StoredBefore storedBefore(Connection c, List<NewReport> items) throws SQLException {
        Set<String> deliveryIds = new LinkedHashSet<>();
        Map<String, Set<String>> externalIds = new HashMap<>();
        for (NewReport item : items) {
            if (item.deliveryId() != null) {
                deliveryIds.add(item.deliveryId());
            }
            if (item.row().externalId() != null) {
                externalIds.computeIfAbsent(item.row().integrationId(), ignored -> new LinkedHashSet<>())
                        .add(item.row().externalId());
            }
        }
        Map<String, Map<String, StoredReport>> byExternal = new HashMap<>();
        for (Map.Entry<String, Set<String>> ofIntegration : externalIds.entrySet()) {
            byExternal.put(ofIntegration.getKey(),
                    reports.findByExternalIds(c, ofIntegration.getKey(), ofIntegration.getValue()));
        }
        return new StoredBefore(reports.findByDeliveries(c, deliveryIds), byExternal);
    }

    /** The answer for a report stored before (in an earlier transaction or earlier in this batch), if it was. */
    private static Optional<Accepted> knownBefore(NewReport item, StoredBefore before,
                                                  Map<String, Accepted> inThisBatch) {
        if (item.deliveryId() != null) {
            Accepted earlier = inThisBatch.get(deliveryKey(item.deliveryId()));
            if (earlier != null) {
                return Optional.of(earlier);
            }
            StoredReport delivered = before.byDelivery().get(item.deliveryId());
            if (delivered != null) {
                // the broker redelivered a message whose report is stored: acknowledge it, store nothing
                return Optional.of(new Accepted(delivered.id(), delivered.status(), false));
            }
        }
        StoredReport row = item.row();
        if (row.externalId() != null) {
            Accepted earlier = inThisBatch.get(externalKey(row));
            if (earlier != null) {
                return Optional.of(earlier);
            }
            StoredReport existing = before.byExternal().getOrDefault(row.integrationId(), Map.of()).get(row.externalId());
            if (existing != null) {
                // the sender retried: same report, no second issue
                return Optional.of(new Accepted(existing.id(), existing.status(), false));
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
