package org.jirabridge.sync;

import java.util.List;
import java.util.function.BiFunction;

import org.apache.camel.Exchange;
import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiResponses;

/**
 * The HTTP adapter of PATCH /api/v1/reports/{id} and GET /api/v1/webhook-events, and their JSON shapes: the caller,
 * path and query parameters and the body (read with the API's checks, then bound to {@link PriorityChange}) in, the
 * domain's records out with their status. Bound as {@code reportSyncResource}.
 */
public final class ReportSyncResource {

    private final PriorityPush priorityPush;
    private final WebhookReceiver webhooks;
    /** The report as GET /reports/{id} answers it, for a caller (intake's view: sync does not import intake). */
    private final BiFunction<Caller, String, ?> reportView;

    public ReportSyncResource(PriorityPush priorityPush, WebhookReceiver webhooks,
                              BiFunction<Caller, String, ?> reportView) {
        this.priorityPush = priorityPush;
        this.webhooks = webhooks;
        this.reportView = reportView;
    }

    /** PATCH /reports/{id}: 200 with the report once its push is queued (binding off: the body is read here). */
    public void patch(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String change = ApiResponses.jsonBody(exchange, "change");
        String id = exchange.getMessage().getHeader("id", String.class);
        priorityPush.change(caller, id, priorityPush.read(change));
        ApiResponses.json(exchange, 200, reportView.apply(caller, id));
    }

    /** GET /webhook-events[?integrationId=…] */
    public void webhookEvents(Exchange exchange) {
        ApiResponses.bound(exchange, 200, webhooks.list(exchange.getMessage().getHeader("integrationId", String.class)));
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
