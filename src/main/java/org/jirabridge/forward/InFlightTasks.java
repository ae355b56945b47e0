package org.jirabridge.forward;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Outbox tasks this process is working on. A task whose lease ran out while it waited in a busy batch is claimed
 * again (which renews its lease) but not processed a second time alongside the first.
 */
public final class InFlightTasks {

    private final Set<Long> taskIds = ConcurrentHashMap.newKeySet();

    /** True when the task was not in flight; it stays in flight until the exchange completes. */
    public boolean start(long taskId, Exchange exchange) {
        if (!taskIds.add(taskId)) {
            return false;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                taskIds.remove(taskId);
            }
        });
        return true;
    }
}
