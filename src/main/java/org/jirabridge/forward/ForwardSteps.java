package org.jirabridge.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraConnection;
import org.jirabridge.intake.ReportValidator;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.mapping.CustomFieldMapping;
import org.jirabridge.mapping.IssueMapper;
import org.jirabridge.mapping.MappingConfig;
import org.jirabridge.observe.Metrics;
import org.jirabridge.report.Report;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Database;
import org.jirabridge.store.Json;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OutboxTask;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.StoredReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the forward-report route, in order. Bound as bean {@code forwardSteps}. */
public final class ForwardSteps {

    /** Entity property that ties a Jira issue to its report (and lets a retry find it). */
    public static final String REPORT_PROPERTY = "jira-bridge.report";

    private static final Logger LOG = LoggerFactory.getLogger(ForwardSteps.class);

    private final Database database;
    private final ReportRepository reports;
    private final OutboxRepository outbox;
    private final Integrations integrations;
    private final long maxAttachmentBytes;
    private final Metrics metrics;

    /** @param maxAttachmentBytes larger attachments are not uploaded; a note on the issue says so */
    public ForwardSteps(Database database, ReportRepository reports, OutboxRepository outbox,
                        Integrations integrations, long maxAttachmentBytes, Metrics metrics) {
        this.metrics = metrics;
        this.database = database;
        this.reports = reports;
        this.outbox = outbox;
        this.integrations = integrations;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /**
     * Body in: the claimed task (its headers set by the outbox). Body out: the create-issue payload for the
     * integration's deployment.
     */
    public void prepare(Exchange exchange) {
        OutboxTask task = exchange.getMessage().getBody(OutboxTask.class);
        StoredReport stored = reports.find(task.reportId())
                .orElseThrow(() -> new IllegalStateException("outbox row " + task.id() + " has no report"));
        Integration integration = integrations.findRecent(stored.integrationId())
                .orElseThrow(() -> new IllegalStateException("report " + stored.id() + " has no integration"));
        Message message = exchange.getMessage();
        message.setHeader(BridgeHeaders.INTEGRATION_ID, integration.id());
        message.setHeader(BridgeHeaders.NEEDS_ISSUE, stored.jiraKey() == null);
        message.setHeader(BridgeHeaders.OUTCOME_UNSURE, task.claims() > 1 || stored.attempts() > 0);
        message.setHeader(BridgeHeaders.PROJECT_KEY, integration.target().projectKey());
        if (stored.jiraKey() != null) {
            // a retry after the issue was created: attachments go to the existing issue
            message.setHeader("IssueKey", stored.jiraKey());
        }
        // after the headers: a connection the URL policy refuses becomes this report's dead letter
        JiraConnection connection = integrations.resolve(integration.id());
        Report report = Json.read(stored.payloadJson(), Report.class);
        exchange.setProperty(BridgeHeaders.ATTACHMENTS, attachments(report));
        IssueMapper.MappedIssue mapped = IssueMapper.map(report, stored.id(), mappingConfig(integration),
                connection.deployment() == null ? Deployment.CLOUD : connection.deployment());
        Map<String, Object> payload = mapped.payload();
        exchange.setProperty(BridgeHeaders.FIELD_ORIGINS, mapped.origins());
        for (String skipped : mapped.skipped()) {
            // the issue is still created; a field Jira requires would come back as a 400 naming this entry
            LOG.warn("report {} of integration {}: field left out, {}", stored.id(), integration.id(), skipped);
        }
        message.setHeader(BridgeHeaders.PRIORITY, priorityName(payload));
        message.setBody(withReportMarks(payload, stored.id()));
    }

    /**
     * Ties the issue to its report twice: an entity property (exact, for tools) and a label (searchable by JQL,
     * which entity properties are not without an app that indexes them).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withReportMarks(Map<String, Object> payload, String reportId) {
        Map<String, Object> marked = new java.util.LinkedHashMap<>(payload);
        Map<String, Object> fields = new java.util.LinkedHashMap<>((Map<String, Object>) payload.get("fields"));
        List<Object> labels = new ArrayList<>(fields.get("labels") instanceof List<?> list ? list : List.of());
        labels.add(reportLabel(reportId));
        fields.put("labels", labels);
        marked.put("fields", fields);
        marked.put("properties", List.of(Map.of("key", REPORT_PROPERTY, "value", Map.of("reportId", reportId))));
        return marked;
    }

    /** The label that finds a report's issue again. */
    public static String reportLabel(String reportId) {
        return "jira-bridge-" + reportId;
    }

    /**
     * The JQL of the look-up the create-issue route makes before a create whose earlier attempt may have reached Jira
     * (a timeout after sending, a crash before our commit): the report's issue by its report label, so the report
     * never becomes two issues.
     */
    public String existingIssueJql(Exchange exchange) {
        Message message = exchange.getMessage();
        return "project = \"" + message.getHeader(BridgeHeaders.PROJECT_KEY, String.class) + "\" AND labels = \""
                + reportLabel(message.getHeader(BridgeHeaders.REPORT_ID, String.class)) + "\"";
    }

    /** The issue the create-issue route's look-up found becomes the result of the create step. */
    public void adoptExistingIssue(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getMessage().getHeader(BridgeHeaders.EXISTING_ISSUE));
    }

    /** After addIssue: stores the key before attachments go up, so a retry never creates a second issue. */
    @SuppressWarnings("unchecked")
    public void issueCreated(Exchange exchange) {
        Message message = exchange.getMessage();
        Map<String, Object> created = message.getBody(Map.class);
        String reportId = message.getHeader(BridgeHeaders.REPORT_ID, String.class);
        String key = (String) created.get("key");
        String site = integrations.resolve(message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class)).siteUrl();
        String url = site + "/browse/" + key;
        String priority = message.getHeader(BridgeHeaders.PRIORITY, String.class);
        List<?> files = exchange.getProperty(BridgeHeaders.ATTACHMENTS, List.class);
        // nothing left to upload: the key and the task's end share one commit (one write less per report)
        boolean complete = files == null || files.isEmpty();
        long outboxId = message.getHeader(BridgeHeaders.OUTBOX_ID, Long.class);
        List<String> unlinked = database.inTransaction(c -> {
            List<String> previous = reports.recordIssue(c, reportId, key, String.valueOf(created.get("id")), url,
                    priority, site);
            if (complete) {
                reports.markForwarded(c, reportId);
                outbox.complete(c, outboxId);
            }
            return previous;
        });
        if (complete) {
            message.setHeader(BridgeHeaders.FORWARDED_WITH_ISSUE, key);
        }
        if (!unlinked.isEmpty()) {
            LOG.warn("report {} -> {}: {} on {} was linked to report(s) {} before (the Jira site was reset); those no"
                    + " longer follow it", reportId, key, key, site, unlinked);
        }
    }

    /** The report's attachments, one map per file: name, contentType, bytes. */
    private static List<Map<String, Object>> attachments(Report report) {
        List<Map<String, Object>> files = new ArrayList<>();
        if (report.attachments() != null) {
            for (Report.Attachment attachment : report.attachments()) {
                files.add(Map.of("name", attachment.name(),
                        "contentType", attachment.contentType() == null ? "application/octet-stream"
                                : attachment.contentType(),
                        "data", ReportValidator.decodeBase64(attachment.data())));
            }
        }
        return files;
    }

    /**
     * Turns attachment number CamelLoopIndex into the body and headers jirarest:attach expects; a file above the
     * configured limit gets header {@link #BridgeHeaders.ATTACHMENT_NOTE} and the note as body instead, for jirarest:addComment.
     */
    @SuppressWarnings("unchecked")
    public void attachmentMessage(Exchange exchange) {
        List<Map<String, Object>> files = exchange.getProperty(BridgeHeaders.ATTACHMENTS, List.class);
        Map<String, Object> file = files.get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
        Message message = exchange.getMessage();
        message.setHeader(Exchange.FILE_NAME, file.get("name"));
        message.setHeader(Exchange.CONTENT_TYPE, file.get("contentType"));
        message.removeHeader(BridgeHeaders.ATTACHMENT_NOTE);
        byte[] data = (byte[]) file.get("data");
        if (data.length > maxAttachmentBytes) {
            String note = "jira-bridge did not attach " + file.get("name") + " (" + size(data.length) + ", "
                    + file.get("contentType") + "): it is larger than the " + size(maxAttachmentBytes)
                    + " limit of forwarded attachments. The file stays with report "
                    + message.getHeader(BridgeHeaders.REPORT_ID) + ".";
            message.setHeader(BridgeHeaders.ATTACHMENT_NOTE, note);
            message.setBody(note);
            LOG.warn("report {}: {} not attached, {} is above the {} limit", message.getHeader(BridgeHeaders.REPORT_ID),
                    file.get("name"), size(data.length), size(maxAttachmentBytes));
            return;
        }
        message.setBody(data);
    }

    /** Jira answered 413 to an upload: the body becomes the note to add to the issue instead, and forwarding goes on. */
    public void attachmentRefused(Exchange exchange) {
        Message message = exchange.getMessage();
        String note = "jira-bridge could not attach " + message.getHeader(Exchange.FILE_NAME) + ": Jira refused it"
                + " as too large (HTTP 413, the site's attachment size limit). The file stays with report "
                + message.getHeader(BridgeHeaders.REPORT_ID) + ".";
        message.setHeader(BridgeHeaders.ATTACHMENT_NOTE, note);
        message.setBody(note);
        LOG.warn("report {}: Jira refused attachment {} as too large (413)", message.getHeader(BridgeHeaders.REPORT_ID),
                message.getHeader(Exchange.FILE_NAME));
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double kb = bytes / 1024.0;
        return kb < 1024 ? String.format(java.util.Locale.ROOT, "%.1f KB", kb)
                : String.format(java.util.Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    /**
     * The last step: report FORWARDED and its outbox row done, in one transaction, unless {@link #issueCreated} did
     * it already (a report without attachments). Returns the Jira key.
     */
    public String forwarded(Exchange exchange) {
        Message message = exchange.getMessage();
        String reportId = message.getHeader(BridgeHeaders.REPORT_ID, String.class);
        String completedWithIssue = message.getHeader(BridgeHeaders.FORWARDED_WITH_ISSUE, String.class);
        if (completedWithIssue == null) {
            long outboxId = message.getHeader(BridgeHeaders.OUTBOX_ID, Long.class);
            database.inTransaction(c -> {
                reports.markForwarded(c, reportId);
                outbox.complete(c, outboxId);
                return null;
            });
        }
        metrics.forwarded(message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class));
        return completedWithIssue != null ? completedWithIssue : reports.find(reportId).orElseThrow().jiraKey();
    }

    @SuppressWarnings("unchecked")
    private static String priorityName(Map<String, Object> payload) {
        Object fields = payload.get("fields");
        if (fields instanceof Map<?, ?> map && map.get("priority") instanceof Map<?, ?> priority) {
            Object name = priority.get("name");
            return name == null ? null : name.toString();
        }
        return null;
    }

    /** The integration's mapping as the mapper takes it (nulls mean the defaults). */
    public static MappingConfig mappingConfig(Integration integration) {
        Integration.Mapping mapping = integration.mapping();
        return new MappingConfig(integration.target().projectKey(), integration.target().issueType(),
                mapping.priorityMap(), mapping.include(), mapping.reportLinkBase(), integration.target().assignee(),
                CustomFieldMapping.ofEntries(mapping.customFields()));
    }
}
