package org.jirabridge.intake;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiResponses;

/**
 * The HTTP adapter of /api/v1/reports, and its JSON shapes (the request is {@link org.jirabridge.report.Report}):
 * the caller, path and query parameters and the body (read with the API's checks, then bound to the report) in, the
 * domain's records out with their status. Bound as {@code reportsResource}.
 */
public final class ReportsResource {

    private final ReportValidator validator;
    private final ReportIntake intake;
    private final ReportView view;

    public ReportsResource(ReportValidator validator, ReportIntake intake, ReportView view) {
        this.validator = validator;
        this.intake = intake;
        this.view = view;
    }

    /** POST /reports: 202 for a new report, 200 with the same id when its externalId was seen before (binding off). */
    public void accept(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        ReportIntake.Accepted accepted = intake.acceptReport(
                validator.validate(ApiResponses.jsonBody(exchange, "report")), caller);
        exchange.getMessage().setHeader("Location", "/api/v1/reports/" + accepted.id());
        ApiResponses.json(exchange, accepted.created() ? 202 : 200,
                new ReportAccepted(accepted.id(), accepted.status().name()));
    }

    /** GET /reports/{id} */
    public void get(Exchange exchange) {
        ApiResponses.bound(exchange, 200, view.get(Caller.of(exchange),
                exchange.getMessage().getHeader("id", String.class)));
    }

    /** GET /reports?status=&integrationId=&q=&limit=&cursor= */
    public void list(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        Message message = exchange.getMessage();
        ApiResponses.bound(exchange, 200, view.list(caller, message.getHeader("status", String.class),
                message.getHeader("integrationId", String.class), message.getHeader("q", String.class),
                message.getHeader("limit", String.class), message.getHeader("cursor", String.class)));
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
