package org.jirabridge.forward;

import java.time.Duration;
import java.util.List;

import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OutboxTask;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;

/** Claims due outbox rows for the forwarding route. Bound as bean {@code outboxDispatcher}. */
public final class OutboxDispatcher {

    private final OutboxRepository outbox;
    private final ReportRepository reports;
    private final int batchSize;
    private final Duration lease;

    public OutboxDispatcher(OutboxRepository outbox, ReportRepository reports, int batchSize, Duration lease) {
        this.outbox = outbox;
        this.reports = reports;
        this.batchSize = batchSize;
        this.lease = lease;
    }

    /** Claims a batch and marks its reports FORWARDING (ForwardSteps skips tasks this process already works on). */
    public List<OutboxTask> claim() {
        List<OutboxTask> tasks = outbox.claim(batchSize, lease);
        for (OutboxTask task : tasks) {
            reports.updateStatus(task.reportId(), ReportStatus.FORWARDING, null);
        }
        return tasks;
    }

    public Duration lease() {
        return lease;
    }
}
