package org.jirabridge.forward;

import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiException;
import org.jirabridge.store.Database;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;

/** POST /api/v1/reports/{id}/forward: queues a report by hand. Called by {@link DeadLettersResource}. */
public final class ManualForward {

    private final Database database;
    private final ReportRepository reports;
    private final OutboxRepository outbox;

    public ManualForward(Database database, ReportRepository reports, OutboxRepository outbox) {
        this.database = database;
        this.reports = reports;
        this.outbox = outbox;
    }

    /** Queues the report for forwarding; another integration's report is a 404, one forwarded or queued a 409. */
    public DeadLettersResource.ForwardQueued forward(Caller caller, String id) {
        database.inTransaction(c -> {
            // another integration's report answers as if it did not exist
            StoredReport report = reports.find(c, id).filter(found -> caller.mayUse(found.integrationId()))
                    .orElseThrow(() -> ApiException.notFound("report", id));
            if (report.status() == ReportStatus.FORWARDED) {
                throw new ApiException(409, "already_forwarded", "report " + id + " is already " + report.jiraKey());
            }
            if (outbox.isQueued(c, id)) {
                throw new ApiException(409, "already_queued", "report " + id + " is already queued for forwarding");
            }
            outbox.closeParked(c, id);
            reports.updateStatus(c, id, ReportStatus.RECEIVED, report.lastError());
            outbox.enqueue(c, id, OutboxRepository.FORWARD);
            return null;
        });
        return new DeadLettersResource.ForwardQueued(id, ReportStatus.RECEIVED.name());
    }
}
