package org.jirabridge.intake;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiException;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.observe.Metrics;
import org.jirabridge.report.Report;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Json;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts reports from HTTP (its adapter is {@link ReportsResource}) and from the queue: validates, then stores the report and its outbox row in one
 * transaction, shared with concurrent reports ({@link GroupCommit}). Bound as bean {@code reportIntake}.
 */
public final class ReportIntake {


    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);

    /** What intake answers: the report id, its status, and whether it was new (false for a repeated externalId). */
    public record Accepted(String id, ReportStatus status, boolean created) {
    }

    private final ReportValidator validator;
    private final Integrations integrations;
    private final GroupCommit groupCommit;
    private final ReportRepository reports;
    private final OutboxRepository outbox;
    private final Metrics metrics;

    public ReportIntake(ReportValidator validator, Integrations integrations, GroupCommit groupCommit,
                        ReportRepository reports, OutboxRepository outbox, Metrics metrics) {
        this.metrics = metrics;
        this.validator = validator;
        this.integrations = integrations;
        this.groupCommit = groupCommit;
        this.reports = reports;
        this.outbox = outbox;
    }

    /**
     * A report sent to the API (already read and checked, {@link ReportValidator}) by a caller, who must be allowed
     * to use its integration; {@link Accepted#created()} is false when its externalId was seen before.
     */
    public Accepted acceptReport(Report report, Caller caller) {
        return store(report, caller, "http", null);
    }

    /** Queue intake (routes/intake.camel.yaml): its broker authenticates senders, so the report is trusted. */
    public Accepted accept(String body) {
        return acceptFor(body, Caller.ADMIN, "queue", null);
    }

    /**
     * Queue intake of one broker message: {@code deliveryId} is the broker's id of the message (the same on a
     * redelivery), so a message whose report was stored before its acknowledgement got lost stores nothing twice.
     */
    public Accepted acceptDelivery(@Body String body, @Header(BridgeHeaders.DELIVERY_ID) String deliveryId) {
        return acceptFor(body, Caller.ADMIN, "queue", deliveryId == null || deliveryId.isBlank() ? null : deliveryId);
    }

    /** Counts and logs a queue message that is no report; the route moves it to the dead-letter queue. */
    public void rejectDelivery(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause instanceof ApiException api && !api.details().isEmpty()
                ? api.getMessage() + ": " + api.details() : String.valueOf(cause == null ? null : cause.getMessage());
        exchange.getMessage().setHeader(BridgeHeaders.REJECT_REASON, reason);
        metrics.queueRejected();
        LOG.warn("queue intake: message {} is no valid report, moved to the dead-letter queue: {}",
                exchange.getMessage().getHeader(BridgeHeaders.DELIVERY_ID), reason);
    }

    /** Validates and stores a report from a trusted in-process sender (the queue, the demo's samples). */
    public Accepted acceptFrom(String body, String channel) {
        return acceptFor(body, Caller.ADMIN, channel, null);
    }

    /** Validates and stores one report body. */
    private Accepted acceptFor(String body, Caller caller, String channel, String deliveryId) {
        return store(validator.validate(body), caller, channel, deliveryId);
    }

    /**
     * Stores one checked report for a caller, who must be allowed to use the report's integration.
     *
     * @param channel where the report came from, for the received-reports metric: http, queue or demo
     * @param deliveryId the broker's message id, or null
     */
    private Accepted store(Report report, Caller caller, String channel, String deliveryId) {
        Integration integration = integrationFor(report, caller);
        // stored in the next group transaction together with concurrent reports; returns once that one is committed
        Accepted accepted = groupCommit.run(c -> {
            if (deliveryId != null) {
                Optional<StoredReport> delivered = reports.findByDelivery(c, deliveryId);
                if (delivered.isPresent()) {
                    // the broker redelivered a message whose report is stored: acknowledge it, store nothing
                    return new Accepted(delivered.get().id(), delivered.get().status(), false);
                }
            }
            if (report.externalId() != null) {
                Optional<StoredReport> existing = reports.findByExternalId(c, integration.id(), report.externalId());
                if (existing.isPresent()) {
                    // the sender retried: same report, no second issue
                    return new Accepted(existing.get().id(), existing.get().status(), false);
                }
            }
            OffsetDateTime now = OffsetDateTime.now();
            String id = UUID.randomUUID().toString();
            reports.insert(c, new StoredReport(id, integration.id(), report.externalId(), report.type(),
                    report.priority(), report.title().strip(), Json.write(report), ReportStatus.RECEIVED, null, null,
                    null, null, null, 0, null, now, now));
            if (deliveryId != null) {
                reports.recordDelivery(c, id, deliveryId);
            }
            if (integration.autoForward()) {
                outbox.enqueue(c, id, OutboxRepository.FORWARD);
            }
            return new Accepted(id, ReportStatus.RECEIVED, true);
        });
        if (accepted.created()) {
            // counted once committed: a repeated externalId or a failed transaction is no new report
            metrics.received(integration.id(), channel);
        }
        return accepted;
    }

    private Integration integrationFor(Report report, Caller caller) {
        if (report.integrationId() != null) {
            // refused before the look-up, so a key cannot learn which other integrations exist
            if (!caller.mayUse(report.integrationId())) {
                throw caller.outOfScope(report.integrationId());
            }
            return integrations.find(report.integrationId()).orElseThrow(() -> new ApiException(400,
                    "invalid_report", "the report has 1 problem", java.util.List.of(ApiException.fieldProblem(
                            "integrationId", "no integration with id " + report.integrationId()))));
        }
        Integration fallback = integrations.findDefault().orElseThrow(() -> new ApiException(400, "invalid_report",
                "no integrationId given and no default integration is configured"));
        if (!caller.mayUse(fallback.id())) {
            throw caller.outOfScope(fallback.id());
        }
        return fallback;
    }
}
