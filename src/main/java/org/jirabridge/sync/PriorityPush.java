package org.jirabridge.sync;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiException;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.mapping.PriorityMap;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Database;
import org.jirabridge.store.Json;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OutboxTask;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.jirabridge.store.SyncRepository.FieldState;
import org.jirabridge.store.SyncRepository;
import org.jirabridge.sync.SyncChange.Field;
import org.jirabridge.sync.SyncChange.FieldValue;
import org.jirabridge.sync.ReportSyncResource.PriorityChange;

/**
 * Outbound priority: {@code PATCH /api/v1/reports/{id}} (adapter {@link ReportSyncResource}) stores the new
 * priority and, when the report's issue exists (or is being created) and priority sync is on, queues a PRIORITY
 * outbox task in the same transaction (the adapter then answers with the report's view). The outbox claims it like every task and hands it to the
 * push-priority route, which sends it with {@code jirarest:updateIssue} under the forwarding error handling
 * (retries, Retry-After, dead letters, parking on 401). What is the push's own: the update's body, and the value
 * pushed recorded first, so its echo is recognised. Bound as bean {@code priorityPush}.
 */
public final class PriorityPush {

    /** How long a push waits for a report whose issue is still being created. */
    private static final Duration WAIT_FOR_ISSUE = Duration.ofSeconds(1);

    private final Database database;
    private final ReportRepository reports;
    private final SyncRepository store;
    private final OutboxRepository outbox;
    private final Integrations integrations;
    private final SyncApplier applier;

    public PriorityPush(Database database, ReportRepository reports, SyncRepository store, OutboxRepository outbox,
                        Integrations integrations, SyncApplier applier) {
        this.database = database;
        this.reports = reports;
        this.store = store;
        this.outbox = outbox;
        this.integrations = integrations;
        this.applier = applier;
    }

    // ---- PATCH /api/v1/reports/{id}

    /**
     * Changes the report's priority (a change {@link #read} checked) and, when its issue exists or is being created
     * and priority sync is on, queues its push. Another integration's report answers as if it did not exist (404).
     */
    public void change(Caller caller, String id, PriorityChange change) {
        String priority = change.priority();
        database.inTransaction(c -> {
            // another integration's report answers as if it did not exist
            SyncRepository.LinkedReport report = store.lockReport(c, id)
                    .filter(found -> caller.mayUse(found.integrationId()))
                    .orElseThrow(() -> ApiException.notFound("report", id));
            if (priority.equals(report.priority())) {
                return null;
            }
            store.setReportPriority(c, id, priority);
            Integration integration = integrations.find(report.integrationId()).orElseThrow();
            StoredReport stored = reports.find(c, id).orElseThrow();
            boolean issueExistsOrComes = report.jiraKey() != null || stored.status() == ReportStatus.FORWARDING;
            if (SyncSettings.of(integration).priority() && issueExistsOrComes && report.jiraDeletedAt() == null) {
                outbox.closeParked(c, id, OutboxRepository.PRIORITY);
                // a push that has not started yet will send the newest priority anyway
                if (!outbox.isPending(c, id, OutboxRepository.PRIORITY)) {
                    outbox.enqueue(c, id, OutboxRepository.PRIORITY);
                }
            }
            return null;
        });
    }

    /**
     * The change as sent, checked: a JSON object with only {@code priority}, one of the report priorities in any
     * case (answered in its canonical spelling); every problem named in one 400 {@code invalid_change}.
     */
    public PriorityChange read(String body) {
        return new PriorityChange(parsePriority(body));
    }

    private static String parsePriority(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(400, "invalid_change", "send a JSON object such as {\"priority\":\"Major\"}");
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("priority")) {
                problems.add(ApiException.fieldProblem(name, "cannot be changed here; only priority can"));
            }
        }
        JsonNode value = root.get("priority");
        String canonical = null;
        if (value == null || !value.isTextual()) {
            problems.add(ApiException.fieldProblem("priority", "is required: one of " + PriorityMap.REPORT_PRIORITIES));
        } else {
            canonical = PriorityMap.REPORT_PRIORITIES.stream().filter(p -> p.equalsIgnoreCase(value.asText().strip()))
                    .findFirst().orElse(null);
            if (canonical == null) {
                problems.add(ApiException.fieldProblem("priority", "must be one of " + PriorityMap.REPORT_PRIORITIES));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_change", "the change has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        return canonical;
    }

    // ---- the push-priority route

    /**
     * Body in: the claimed task (its headers set by the outbox). Sets the updateIssue body, and records the value
     * pushed; or sets {@link BridgeHeaders#PUSH_SKIP} when nothing needs sending (already equal, issue gone) or the
     * issue is still being created.
     */
    public void prepare(Exchange exchange) {
        OutboxTask task = exchange.getMessage().getBody(OutboxTask.class);
        Message message = exchange.getMessage();
        message.setHeader(BridgeHeaders.PUSH_SKIP, true);
        StoredReport report = reports.find(task.reportId()).orElse(null);
        Integration integration = report == null ? null : integrations.find(report.integrationId()).orElse(null);
        if (report == null || integration == null) {
            complete(task.id());
            return;
        }
        message.setHeader(BridgeHeaders.INTEGRATION_ID, integration.id());
        if (report.jiraKey() == null) {
            if (report.status() == ReportStatus.FORWARDING || report.status() == ReportStatus.RECEIVED) {
                // the issue is being created; the create may or may not carry the new priority, so push after it
                outbox.release(task.id(), OffsetDateTime.now().plus(WAIT_FOR_ISSUE));
            } else {
                // not in Jira (failed, awaiting credentials): the forward that creates it maps the new priority
                complete(task.id());
            }
            return;
        }
        Map<String, String> overrides = integration.mapping() == null ? null : integration.mapping().priorityMap();
        String desired = PriorityMap.toJira(report.priority(), overrides);
        boolean same = desired.equalsIgnoreCase(String.valueOf(report.jiraPriority()));
        boolean gone = store.details(report.id()).deletedAt() != null;
        if (same || gone) {
            complete(task.id());
            return;
        }
        database.inTransaction(c -> {
            // recorded before the call: the echo may arrive before Jira has even answered
            OffsetDateTime appliedAt = store.fieldState(c, report.id(), Field.PRIORITY.column())
                    .map(FieldState::appliedAt).orElse(null);
            store.saveFieldState(c, report.id(), Field.PRIORITY.column(), new FieldState(appliedAt, desired));
            return null;
        });
        message.setHeader(BridgeHeaders.PUSH_SKIP, false);
        message.setHeader(BridgeHeaders.PUSHED_PRIORITY, desired);
        message.setHeader(org.jirabridge.component.jira.JiraRestConstants.ISSUE_KEY, report.jiraKey());
        message.setBody(Map.of("fields", Map.of("priority",
                Map.of(PriorityMap.isId(desired) ? "id" : "name", desired))));
    }

    /**
     * After updateIssue and fetchIssue (fields priority, updated): the task is done, and Jira's answer is applied
     * through the apply rules, which recognise it as our own change and take Jira's time for the guard.
     */
    @SuppressWarnings("unchecked")
    public void pushed(Exchange exchange) {
        Message message = exchange.getMessage();
        String reportId = message.getHeader(BridgeHeaders.REPORT_ID, String.class);
        long outboxId = message.getHeader(BridgeHeaders.OUTBOX_ID, Long.class);
        database.inTransaction(c -> {
            outbox.complete(c, outboxId);
            store.clearLastError(c, reportId);
            return null;
        });
        Map<String, Object> issue = message.getBody(Map.class);
        String integrationId = message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Optional<Integration> integration = integrations.find(integrationId);
        if (issue != null && integration.isPresent()) {
            List<SyncChange> changes = JiraEvents.fromIssue(issue).stream()
                    .filter(change -> change instanceof FieldValue value && value.field() == Field.PRIORITY)
                    .toList();
            applier.apply(integration.get(), changes);
        }
        message.setBody(message.getHeader(BridgeHeaders.PUSHED_PRIORITY));
    }

    private void complete(long outboxId) {
        database.inTransaction(c -> {
            outbox.complete(c, outboxId);
            return null;
        });
    }
}
