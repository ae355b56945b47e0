package org.jirabridge.forward;

import java.time.Duration;
import java.util.List;

import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OutboxTask;
import org.jirabridge.store.ReportRepository;

/**
 * Claims due outbox rows for the forwarding route, never more than the process has room for: a task waiting for
 * its next retry keeps its place, so retries cannot pile up in memory, yet they do not hold up new reports either.
 * Bound as bean {@code outboxDispatcher}.
 */
public final class OutboxDispatcher {

    private final OutboxRepository outbox;
    private final ReportRepository reports;
    private final InFlightTasks inFlight;
    private final int batchSize;
    private final Duration lease;

    public OutboxDispatcher(OutboxRepository outbox, ReportRepository reports, InFlightTasks inFlight, int batchSize,
                            Duration lease) {
        this.outbox = outbox;
        this.reports = reports;
        this.inFlight = inFlight;
        this.batchSize = batchSize;
        this.lease = lease;
    }

    /** Claims a batch, marks its reports FORWARDING and holds its tasks; tasks already held here are left out. */
    public List<OutboxTask> claim() {
        int room = inFlight.room(batchSize);
        if (room == 0) {
            return List.of();
        }
        List<OutboxTask> dispatched = inFlight.holdClaimed(outbox.claim(room, lease));
        try {
            for (OutboxTask task : dispatched) {
                reports.markForwarding(task.reportId());
            }
        } catch (RuntimeException e) {
            // not dispatched: the claims lapse with their lease and the tasks are claimed again
            dispatched.forEach(task -> inFlight.release(task.id()));
            throw e;
        }
        return dispatched;
    }

    public Duration lease() {
        return lease;
    }
}
