package org.jirabridge.ingest;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** jira:issue_deleted webhooks mark the imported issue deleted at once (the sweep would find it later). */
public final class IngestWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWebhooks.class);
    private final IngestRepository store;
    private final Clock clock;

    public IngestWebhooks(IngestRepository store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Called with every stored webhook delivery of an integration. */
    public void seen(String integrationId, JsonNode payload) {
        if (!"jira:issue_deleted".equals(payload.path("webhookEvent").asText())) {
            return;
        }
        JsonNode issue = payload.path("issue");
        int marked = store.markDeleted(integrationId, JiraRecords.text(issue, "id"), JiraRecords.text(issue, "key"),
                clock.instant());
        if (marked > 0) {
            LOG.info("ingest {}: {} deleted in Jira (webhook), marked deleted", integrationId, JiraRecords.text(issue, "key"));
        }
    }
}
