package org.jirabridge.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.admin.Integration;
import org.jirabridge.admin.Integrations;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraConnection;
import org.jirabridge.intake.Report;
import org.jirabridge.intake.ReportValidator;
import org.jirabridge.mapping.CustomFieldMapping;
import org.jirabridge.mapping.IssueMapper;
import org.jirabridge.mapping.MappingConfig;
import org.jirabridge.store.Database;
import org.jirabridge.store.Json;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.OutboxTask;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.StoredReport;

/** The steps of the forward-report route, in order. Bound as bean {@code forwardSteps}. */
public final class ForwardSteps {

    /** Entity property that ties a Jira issue to its report (and lets a retry find it). */
    public static final String REPORT_PROPERTY = "jira-bridge.report";
    /** Exchange property with the report's attachments; the route loops over it. */
    public static final String ATTACHMENTS_PROPERTY = "JiraBridgeAttachments";

    private final Database database;
    private final ReportRepository reports;
    private final OutboxRepository outbox;
    private final Integrations integrations;

    public ForwardSteps(Database database, ReportRepository reports, OutboxRepository outbox,
                        Integrations integrations) {
        this.database = database;
        this.reports = reports;
        this.outbox = outbox;
        this.integrations = integrations;
    }

    /** Body in: the claimed task. Body out: the create-issue payload for the integration's deployment. */
    public void prepare(Exchange exchange) {
        OutboxTask task = exchange.getMessage().getBody(OutboxTask.class);
        StoredReport stored = reports.find(task.reportId())
                .orElseThrow(() -> new IllegalStateException("outbox row " + task.id() + " has no report"));
        Integration integration = integrations.find(stored.integrationId())
                .orElseThrow(() -> new IllegalStateException("report " + stored.id() + " has no integration"));
        JiraConnection connection = integrations.resolve(integration.id());
        Message message = exchange.getMessage();
        message.setHeader(ForwardHeaders.REPORT_ID, stored.id());
        message.setHeader(ForwardHeaders.INTEGRATION_ID, integration.id());
        message.setHeader(ForwardHeaders.OUTBOX_ID, task.id());
        message.setHeader(ForwardHeaders.NEEDS_ISSUE, stored.jiraKey() == null);
        if (stored.jiraKey() != null) {
            // a retry after the issue was created: attachments go to the existing issue
            message.setHeader("IssueKey", stored.jiraKey());
        }
        Report report = Json.read(stored.payloadJson(), Report.class);
        exchange.setProperty(ATTACHMENTS_PROPERTY, attachments(report));
        Map<String, Object> payload = IssueMapper.toCreatePayload(report, stored.id(), mappingConfig(integration),
                connection.deployment() == null ? Deployment.CLOUD : connection.deployment());
        message.setHeader(ForwardHeaders.PRIORITY, priorityName(payload));
        Map<String, Object> withProperty = new java.util.LinkedHashMap<>(payload);
        withProperty.put("properties", List.of(Map.of("key", REPORT_PROPERTY, "value", Map.of("reportId", stored.id()))));
        message.setBody(withProperty);
    }

    /** After addIssue: stores the key before attachments go up, so a retry never creates a second issue. */
    @SuppressWarnings("unchecked")
    public void issueCreated(Exchange exchange) {
        Message message = exchange.getMessage();
        Map<String, Object> created = message.getBody(Map.class);
        String reportId = message.getHeader(ForwardHeaders.REPORT_ID, String.class);
        String key = (String) created.get("key");
        String url = integrations.resolve(message.getHeader(ForwardHeaders.INTEGRATION_ID, String.class)).siteUrl()
                + "/browse/" + key;
        String priority = message.getHeader(ForwardHeaders.PRIORITY, String.class);
        database.inTransaction(c -> {
            reports.recordIssue(c, reportId, key, String.valueOf(created.get("id")), url,
                    priority);
            return null;
        });
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

    /** Turns attachment number CamelLoopIndex into the body and headers jirarest:attach expects. */
    @SuppressWarnings("unchecked")
    public void attachmentMessage(Exchange exchange) {
        List<Map<String, Object>> files = exchange.getProperty(ATTACHMENTS_PROPERTY, List.class);
        Map<String, Object> file = files.get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, file.get("name"));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, file.get("contentType"));
        exchange.getMessage().setBody(file.get("data"));
    }

    /** The last step: report FORWARDED and its outbox row done, in one transaction. Returns the Jira key. */
    public String forwarded(Exchange exchange) {
        Message message = exchange.getMessage();
        String reportId = message.getHeader(ForwardHeaders.REPORT_ID, String.class);
        long outboxId = message.getHeader(ForwardHeaders.OUTBOX_ID, Long.class);
        database.inTransaction(c -> {
            reports.markForwarded(c, reportId);
            outbox.complete(c, outboxId);
            return null;
        });
        return reports.find(reportId).orElseThrow().jiraKey();
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
                CustomFieldMapping.parseAll(mapping.customFields()).mappings());
    }
}
