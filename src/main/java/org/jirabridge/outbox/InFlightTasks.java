package org.jirabridge.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.jirabridge.store.OutboxTask;

/**
 * Outbox tasks this process holds, of every kind, from their claim until their exchange completes (retries
 * included). The claim takes only as many as there is room for, and a task claimed again while still held (its
 * lease ran out during a long retry) is not dispatched a second time.
 */
final class InFlightTasks {

    private final Set<Long> taskIds = ConcurrentHashMap.newKeySet();
    private final int maxInFlight;
    // signalled when a task is let go, for a claim waiting for room
    private final Object roomFreed = new Object();

    /** @param maxInFlight the most tasks held at once; claims stop there */
    InFlightTasks(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** How many tasks the next claim may take: at most {@code batchSize}, and never beyond the limit. */
    int room(int batchSize) {
        return Math.max(0, Math.min(batchSize, maxInFlight - taskIds.size()));
    }

    /**
     * Waits until {@code wanted} more tasks fit (at most the limit), or {@code max} has passed, whichever is first.
     * A full process claims again as soon as its tasks finish, rather than a poll interval later.
     */
    void awaitRoom(int wanted, Duration max) throws InterruptedException {
        int needed = Math.min(wanted, maxInFlight);
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (roomFreed) {
            while (maxInFlight - taskIds.size() < needed) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                roomFreed.wait(left);
            }
        }
    }

    /**
     * Holds the claimed tasks and returns those to dispatch. A task already held was claimed again while this
     * process still works on it (its lease lapsed during a long retry): the claim renewed its lease, nothing more.
     */
    List<OutboxTask> holdClaimed(List<OutboxTask> claimed) {
        List<OutboxTask> dispatched = new ArrayList<>();
        for (OutboxTask task : claimed) {
            if (taskIds.add(task.id())) {
                dispatched.add(task);
            }
        }
        return dispatched;
    }

    /** Lets the task go when the exchange working on it completes, however it ends. */
    void releaseOnCompletion(long taskId, Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                release(taskId);
            }
        });
    }

    /** Lets a task go that never reached an exchange. */
    void release(long taskId) {
        taskIds.remove(taskId);
        synchronized (roomFreed) {
            roomFreed.notifyAll();
        }
    }
}
