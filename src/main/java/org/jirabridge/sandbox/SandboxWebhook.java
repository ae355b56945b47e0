package org.jirabridge.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * An admin webhook as registered through /rest/webhooks/1.0/webhook (or Jira's admin page). The secret, when set,
 * signs deliveries and is never shown again, as in Jira.
 */
record SandboxWebhook(long id, String name, String url, List<String> events, String jql, boolean excludeBody,
                      String secret, boolean enabled, String lastUpdatedUser, String lastUpdatedDisplayName,
                      Instant lastUpdated) {

    SandboxWebhook {
        events = List.copyOf(events);
    }

    @Override
    public String toString() {
        // the secret never leaves the sandbox, not even in a log line
        return "SandboxWebhook[id=" + id + ", name=" + name + ", events=" + events + ", secret="
                + (secret == null ? "none" : "******") + "]";
    }
}
