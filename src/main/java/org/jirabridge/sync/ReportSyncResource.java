package org.jirabridge.sync;

import java.util.List;

/** The JSON shapes of PATCH /api/v1/reports/{id} and GET /api/v1/webhook-events. */
public final class ReportSyncResource {

    private ReportSyncResource() {
    }

    /** PATCH: the new priority, pushed to Jira. */
    public record PriorityChange(String priority) {
    }

    /** A webhook delivery from Jira and what became of it. */
    public record WebhookEvent(long id, String integrationId, String deliveryId, String eventType, String state,
                               String outcome, int attempts, String receivedAt) {
    }

    public record WebhookEventList(List<WebhookEvent> webhookEvents) {
    }
}
