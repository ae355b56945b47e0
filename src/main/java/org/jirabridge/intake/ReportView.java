package org.jirabridge.intake;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jirabridge.access.Caller;
import org.jirabridge.api.ApiException;
import org.jirabridge.intake.ReportsResource.ReportDetails;
import org.jirabridge.intake.ReportsResource.ReportPage;
import org.jirabridge.intake.ReportsResource.ReportSummary;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.jirabridge.store.SyncRepository;

/**
 * Reading reports: one report with its status, its Jira issue and its comments (GET /api/v1/reports/{id}, and the
 * answer of a PATCH), a page of reports, newest first (GET /api/v1/reports). The API's adapter is
 * {@link ReportsResource}.
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

    /** The report with this id; another integration's report answers as if it did not exist (404). */
    public ReportDetails get(Caller caller, String id) {
        StoredReport report = reports.find(id).filter(found -> caller.mayUse(found.integrationId()))
                .orElseThrow(() -> ApiException.notFound("report", id));
        return details(report);
    }

    /** The largest page a list answers; the default is {@link #DEFAULT_LIMIT}. */
    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    /**
     * A page of reports, newest first (status, integrationId, q, limit, cursor as sent; null or blank = not given;
     * bad ones are a 400). An intake key sees only its integrations' reports (another integration's id gives an
     * empty list, as for an unknown one).
     */
    public ReportPage list(Caller caller, String status, String integrationId, String q, String limit,
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
        StoredReport last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new ReportPage(page.stream().map(ReportView::summary).toList(), more ? encodeCursor(last) : null);
    }

    /** A report as a list shows it: no comments, no sync details (one query per page, not per row). */
    private static ReportSummary summary(StoredReport report) {
        Map<String, Object> jira = null;
        if (report.jiraKey() != null) {
            jira = new LinkedHashMap<>();
            jira.put("key", report.jiraKey());
            jira.put("url", report.jiraUrl());
            jira.put("status", report.jiraStatus());
        }
        return new ReportSummary(report.id(), report.integrationId(), report.title(), report.type(),
                report.status().name(), report.priority(), jira, report.attempts(), report.createdAt().toString(),
                report.updatedAt().toString());
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

    private ReportDetails details(StoredReport report) {
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
        return new ReportDetails(report.id(), report.integrationId(), report.externalId(), report.title(),
                report.type(), report.status().name(), report.priority(), jira, reports.comments(report.id()),
                report.attempts(), report.lastError(), report.createdAt().toString(), report.updatedAt().toString());
    }
}
