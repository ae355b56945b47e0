package org.jirabridge.forward;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Outbox tasks this process holds, from their claim until their exchange completes (retries included). The
 * dispatcher claims only as many as there is room for, and a task claimed again while still held (its lease ran
 * out during a long retry) is not dispatched a second time.
 */
public final class InFlightTasks {

    private final Set<Long> taskIds = ConcurrentHashMap.newKeySet();

    /** True when the task was not held yet; it is held until {@link #releaseOnCompletion} lets it go. */
    public boolean hold(long taskId) {
        return taskIds.add(taskId);
    }

    /** Lets the task go when the exchange working on it completes, however it ends. */
    public void releaseOnCompletion(long taskId, Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                taskIds.remove(taskId);
            }
        });
    }

    /** Lets a task go that never reached an exchange. */
    public void release(long taskId) {
        taskIds.remove(taskId);
    }

    public int size() {
        return taskIds.size();
    }
}
