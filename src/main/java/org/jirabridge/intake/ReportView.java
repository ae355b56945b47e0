package org.jirabridge.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.StoredReport;
import org.jirabridge.store.SyncRepository;

/** GET /api/v1/reports/{id}: a report's status, its Jira issue and its comments. Bound as bean {@code reportView}. */
public final class ReportView {

    private final ReportRepository reports;
    private final SyncRepository sync;

    public ReportView(ReportRepository reports) {
        this(reports, null);
    }

    /** With the sync's store, the view also shows the status category, resolution, assignee and deletion. */
    public ReportView(ReportRepository reports, SyncRepository sync) {
        this.reports = reports;
        this.sync = sync;
    }

    public void getHttp(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String id = exchange.getMessage().getHeader("id", String.class);
        // another integration's report answers as if it did not exist
        StoredReport report = reports.find(id).filter(found -> caller.mayUse(found.integrationId()))
                .orElseThrow(() -> ApiException.notFound("report", id));
        ApiResponses.json(exchange, 200, toApi(report));
    }

    public Map<String, Object> toApi(StoredReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", report.id());
        json.put("integrationId", report.integrationId());
        json.put("externalId", report.externalId());
        json.put("title", report.title());
        json.put("type", report.type());
        json.put("status", report.status().name());
        json.put("priority", report.priority());
        Map<String, Object> jira = null;
        if (report.jiraKey() != null) {
            jira = new LinkedHashMap<>();
            jira.put("key", report.jiraKey());
            jira.put("id", report.jiraId());
            jira.put("url", report.jiraUrl());
            jira.put("status", report.jiraStatus());
            jira.put("priority", report.jiraPriority());
            if (sync != null) {
                SyncRepository.JiraDetails details = sync.details(report.id());
                jira.put("statusCategory", details.statusCategory());
                jira.put("resolution", details.resolution());
                jira.put("assignee", details.assignee());
                jira.put("deleted", details.deletedAt() != null);
            }
        }
        json.put("jira", jira);
        json.put("comments", reports.comments(report.id()));
        json.put("attempts", report.attempts());
        json.put("lastError", report.lastError());
        json.put("createdAt", report.createdAt().toString());
        json.put("updatedAt", report.updatedAt().toString());
        return json;
    }
}
