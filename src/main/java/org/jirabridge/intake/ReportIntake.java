package org.jirabridge.intake;

import java.time.OffsetDateTime;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
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

    /** Report ids ordered by time (UUID version 7): a new report is written at the end of each report index, so a
     *  group commit rewrites a few pages instead of one per report. */
    private static final TimeBasedEpochGenerator REPORT_IDS = Generators.timeBasedEpochGenerator();

    /** What intake answers: the report id, its status, and whether it was new (false for a repeated externalId). */
    public record Accepted(String id, ReportStatus status, boolean created) {
    }

    private final ReportValidator validator;
    private final Integrations integrations;
    private final GroupCommit<ReportWriter.NewReport, Accepted> groupCommit;
    private final Metrics metrics;

    public ReportIntake(ReportValidator validator, Integrations integrations,
                        GroupCommit<ReportWriter.NewReport, Accepted> groupCommit, Metrics metrics) {
        this.metrics = metrics;
        this.validator = validator;
        this.integrations = integrations;
        this.groupCommit = groupCommit;
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
        // the row is built here, on the caller's thread: the group's committer, which all reports wait on, only writes
        OffsetDateTime now = OffsetDateTime.now();
        StoredReport row = new StoredReport(REPORT_IDS.generate().toString(), integration.id(), report.externalId(),
                report.type(), report.priority(), report.title().strip(), Json.write(report), ReportStatus.RECEIVED,
                null, null, null, null, null, 0, null, now, now);
        // stored in the next group transaction together with concurrent reports; returns once that one is committed
        Accepted accepted = groupCommit.run(new ReportWriter.NewReport(row, integration.autoForward(), deliveryId));
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
            return integrations.findRecent(report.integrationId()).orElseThrow(() -> new ApiException(400,
                    "invalid_report", "the report has 1 problem", java.util.List.of(ApiException.fieldProblem(
                            "integrationId", "no integration with id " + report.integrationId()))));
        }
        Integration fallback = integrations.findDefaultRecent().orElseThrow(() -> new ApiException(400, "invalid_report",
                "no integrationId given and no default integration is configured"));
        if (!caller.mayUse(fallback.id())) {
            throw caller.outOfScope(fallback.id());
        }
        return fallback;
    }
}
