package org.jirabridge.intake;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.jirabridge.store.SyncRepository;

/**
 * GET /api/v1/reports/{id}: a report's status, its Jira issue and its comments; GET /api/v1/reports: a page of
 * reports, newest first. Bound as bean {@code reportView}.
 */
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

    /** The largest page a list answers; the default is {@link #DEFAULT_LIMIT}. */
    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    /**
     * GET /api/v1/reports?status=&integrationId=&q=&limit=&cursor=: {"reports":[…],"nextCursor"}. An intake key
     * sees only its integrations' reports (another integration's id gives an empty list, as for an unknown one).
     */
    public void listHttp(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        var message = exchange.getMessage();
        ApiResponses.json(exchange, 200, list(caller, message.getHeader("status", String.class),
                message.getHeader("integrationId", String.class), message.getHeader("q", String.class),
                message.getHeader("limit", String.class), message.getHeader("cursor", String.class)));
    }

    /** The list answer for a caller; parameters as sent (null or blank = not given). Bad ones are a 400. */
    public Map<String, Object> list(Caller caller, String status, String integrationId, String q, String limit,
                                    String cursor) {
        List<Map<String, Object>> problems = new java.util.ArrayList<>();
        String statusFilter = blankToNull(status);
        if (statusFilter != null && !Set.of(names()).contains(statusFilter)) {
            problems.add(ApiException.fieldProblem("status", "must be one of " + List.of(names())));
        }
        int size = DEFAULT_LIMIT;
        if (blankToNull(limit) != null) {
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                problems.add(ApiException.fieldProblem("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        String[] after = blankToNull(cursor) == null ? null : decodeCursor(cursor.strip());
        if (blankToNull(cursor) != null && after == null) {
            problems.add(ApiException.fieldProblem("cursor", "is not a cursor this list gave out (use nextCursor)"));
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_request", "the report list query has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        String wanted = blankToNull(integrationId);
        Set<String> scope;
        if (caller.admin()) {
            scope = wanted == null ? null : Set.of(wanted);
        } else {
            scope = new TreeSet<>(caller.integrations());
            if (wanted != null) {
                scope.retainAll(Set.of(wanted));
            }
        }
        List<StoredReport> rows = reports.page(new ReportRepository.Query(scope, statusFilter, blankToNull(q), size,
                after == null ? null : OffsetDateTime.parse(after[0]), after == null ? null : after[1]));
        boolean more = rows.size() > size;
        List<StoredReport> page = more ? rows.subList(0, size) : rows;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reports", page.stream().map(ReportView::summary).toList());
        StoredReport last = page.isEmpty() ? null : page.get(page.size() - 1);
        body.put("nextCursor", more ? encodeCursor(last) : null);
        return body;
    }

    /** A report as a list shows it: no comments, no sync details (one query per page, not per row). */
    public static Map<String, Object> summary(StoredReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", report.id());
        json.put("integrationId", report.integrationId());
        json.put("title", report.title());
        json.put("type", report.type());
        json.put("status", report.status().name());
        json.put("priority", report.priority());
        Map<String, Object> jira = null;
        if (report.jiraKey() != null) {
            jira = new LinkedHashMap<>();
            jira.put("key", report.jiraKey());
            jira.put("url", report.jiraUrl());
            jira.put("status", report.jiraStatus());
        }
        json.put("jira", jira);
        json.put("attempts", report.attempts());
        json.put("createdAt", report.createdAt().toString());
        json.put("updatedAt", report.updatedAt().toString());
        return json;
    }

    private static String[] names() {
        return java.util.Arrays.stream(ReportStatus.values()).map(Enum::name).toArray(String[]::new);
    }

    private static String encodeCursor(StoredReport last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((last.createdAt() + "|" + last.id())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** [createdAt, id] of the last row of the previous page, or null when the value is not one of ours. */
    private static String[] decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length != 2 || parts[1].isEmpty()) {
                return null;
            }
            OffsetDateTime.parse(parts[0]);
            return parts;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
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
