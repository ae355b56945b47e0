package org.jirabridge.outbox;

import java.time.Duration;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OutboxTask;
import org.jirabridge.store.ReportRepository;

/**
 * The one claim path of every outbound task kind (FORWARD: create the report's issue; PRIORITY: push its priority;
 * and the kinds to come). The poll of routes/outbox.camel.yaml claims due tasks of every kind, never more than the
 * process has room for ({@code forward.max-in-flight}, held until each task's exchange completes, retries included),
 * and hands each to the route of its kind, {@code direct:outbox-<kind>}. The claim's lease is kept alive while a task
 * waits for its redelivery. Bound as bean {@code outbox}.
 */
public final class Outbox {

    private final OutboxRepository outbox;
    private final ReportRepository reports;
    private final InFlightTasks inFlight;
    private final int batchSize;
    private final Duration lease;
    private final Duration roomWait;

    /**
     * @param maxInFlight the most tasks this process holds at once, of every kind; claims stop there (0: none)
     * @param batchSize   the most tasks one claim takes
     * @param lease       how long a claim lasts; a task whose holder died is claimed again after it
     * @param roomWait    how long a claim made while the process is full waits for its tasks to make room (the poll
     *                    interval: the next poll would come then anyway)
     */
    public Outbox(OutboxRepository outbox, ReportRepository reports, int maxInFlight, int batchSize, Duration lease,
                  Duration roomWait) {
        this.outbox = outbox;
        this.reports = reports;
        this.inFlight = new InFlightTasks(maxInFlight);
        this.batchSize = batchSize;
        this.lease = lease;
        this.roomWait = roomWait;
    }

    /**
     * Claims a batch of due tasks of every kind (a report's ordered tasks, such as its priority pushes, one at a
     * time) and holds them; tasks already held here are left out. A FORWARD task's report shows FORWARDING from its
     * claim on. A process that is full waits up to the poll interval for a batch's room first.
     */
    public List<OutboxTask> claim() throws InterruptedException {
        // when full (the poll's loop claims again after each full batch): claim once a batch fits, as tasks finish
        inFlight.awaitRoom(batchSize, roomWait);
        int room = inFlight.room(batchSize);
        if (room == 0) {
            return List.of();
        }
        List<OutboxTask> dispatched = inFlight.holdClaimed(outbox.claim(room, lease));
        try {
            reports.markForwarding(dispatched.stream().filter(task -> OutboxRepository.FORWARD.equals(task.kind()))
                    .map(OutboxTask::reportId).toList());
        } catch (RuntimeException e) {
            // not dispatched: the claims lapse with their lease and the tasks are claimed again
            dispatched.forEach(task -> inFlight.release(task.id()));
            throw e;
        }
        return dispatched;
    }

    /**
     * Body in: a claimed task (the first step of its exchange). Sets the task's headers, which the route of its kind,
     * the error handling and the dead-letter path read, and holds the task until the exchange completes.
     */
    public void start(Exchange exchange) {
        Message message = exchange.getMessage();
        OutboxTask task = message.getBody(OutboxTask.class);
        inFlight.releaseOnCompletion(task.id(), exchange);
        message.setHeader(BridgeHeaders.OUTBOX_ID, task.id());
        message.setHeader(BridgeHeaders.OUTBOX_KIND, task.kind());
        message.setHeader(BridgeHeaders.REPORT_ID, task.reportId());
    }

    /** Keeps a task's claim alive over a redelivery that comes {@code delayMs} from now. */
    public void extendLease(long taskId, long delayMs) {
        outbox.extendLease(taskId, lease.plusMillis(delayMs));
    }
}
