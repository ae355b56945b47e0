package org.jirabridge.intake;

import java.util.List;
import java.util.Map;

/** The JSON shapes of /api/v1/reports (the request is {@link org.jirabridge.report.Report}). */
public final class ReportsResource {

    private ReportsResource() {
    }

    /** 202 for a new report, 200 for a repeated externalId: its id and status. */
    public record ReportAccepted(String id, String status) {
    }

    /** A report with its Jira issue ({key,id,url,status,priority,…}, null before it is forwarded) and comments. */
    public record ReportDetails(String id, String integrationId, String externalId, String title, String type,
                                String status, String priority, Map<String, Object> jira,
                                List<Map<String, Object>> comments, int attempts, String lastError, String createdAt,
                                String updatedAt) {
    }

    /** A report as the list shows it: no comments, the issue as {key,url,status}. */
    public record ReportSummary(String id, String integrationId, String title, String type, String status,
                                String priority, Map<String, Object> jira, int attempts, String createdAt,
                                String updatedAt) {
    }

    /** One page of reports, newest first; nextCursor is null on the last page. */
    public record ReportPage(List<ReportSummary> reports, String nextCursor) {
    }
}
