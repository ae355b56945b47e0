package org.jirabridge.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jirabridge.ingest.IngestionResource.Change;
import org.jirabridge.ingest.IngestionResource.Comment;
import org.jirabridge.ingest.IngestionResource.IngestedIssue;
import org.jirabridge.ingest.IngestionResource.Label;
import org.jirabridge.ingest.IngestionResource.Sprint;
import org.jirabridge.ingest.IngestionResource.Status;
import org.jirabridge.ingest.IngestionResource.User;
import org.jirabridge.store.Database;

/** Read queries over the imported data for the ingestion API (docs/ingest.md lists the tables), times in UTC. */
public final class IngestReads {

    private static final String ISSUE_COLUMNS = "issue_id, issue_key, project_key, issue_type, summary, description, "
            + "status_name, status_category, priority, assignee_id, reporter_id, created_at, updated_at, resolved_at, "
            + "resolution, parent_key, deleted_at";

    /** One row of a result as a record. */
    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Database database;

    public IngestReads(Database database) {
        this.database = database;
    }

    /**
     * A page of issues in (updated, id) order after the position {@code afterUpdated}/{@code afterId} (null: from
     * the start); one more than {@code limit} is read to tell whether a next page exists.
     */
    public List<IngestedIssue> issues(String integrationId, String project, Instant updatedSince,
                                      Instant afterUpdated, String afterId, int limit) {
        return database.inTransaction(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + ISSUE_COLUMNS + " FROM ingest_issue WHERE integration_id = ?");
            List<Object> values = new ArrayList<>(List.of(integrationId));
            if (project != null) {
                sql.append(" AND project_key = ?");
                values.add(project);
            }
            if (updatedSince != null) {
                sql.append(" AND updated_at >= ?");
                values.add(IngestRepository.odt(updatedSince));
            }
            if (afterUpdated != null) {
                sql.append(" AND (updated_at > ? OR (updated_at = ? AND issue_id > ?))");
                values.add(IngestRepository.odt(afterUpdated));
                values.add(IngestRepository.odt(afterUpdated));
                values.add(afterId);
            }
            sql.append(" ORDER BY updated_at, issue_id FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
            List<IngestedIssue> issues = rows(c, sql.toString(), IngestReads::issue, values.toArray());
            attach(c, integrationId, issues);
            return issues;
        });
    }

    public Optional<IngestedIssue> issue(String integrationId, String key) {
        return database.inTransaction(c -> {
            List<IngestedIssue> found = rows(c, "SELECT " + ISSUE_COLUMNS + " FROM ingest_issue WHERE integration_id = ? "
                    + "AND issue_key = ? ORDER BY imported_at DESC", IngestReads::issue, integrationId, key);
            if (found.isEmpty()) {
                return Optional.<IngestedIssue>empty();
            }
            IngestedIssue issue = found.get(0);
            attach(c, integrationId, List.of(issue));
            List<Comment> comments = rows(c, "SELECT comment_id, author_id, body, created_at, updated_at "
                    + "FROM ingest_comment WHERE integration_id = ? AND issue_id = ? ORDER BY created_at, comment_id",
                    rs -> new Comment(rs.getString(1), rs.getString(2), rs.getString(3), time(rs, 4), time(rs, 5)),
                    integrationId, issue.id());
            List<Change> changelog = rows(c, "SELECT history_id, author_id, changed_at, field, field_id, from_value, "
                    + "from_string, to_value, to_string FROM ingest_changelog WHERE integration_id = ? AND issue_id = ? "
                    + "ORDER BY changed_at, history_id, item_index",
                    rs -> new Change(rs.getString(1), rs.getString(2), time(rs, 3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)),
                    integrationId, issue.id());
            return Optional.of(issue.withDetail(comments, changelog));
        });
    }

    private static IngestedIssue issue(ResultSet rs) throws SQLException {
        return new IngestedIssue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), time(rs, 12), time(rs, 13), time(rs, 14), rs.getString(15), rs.getString(16),
                time(rs, 17), new ArrayList<>(), new ArrayList<>(), null, null);
    }

    /** Labels and sprint ids of the listed issues, into their (still empty) lists. */
    private static void attach(Connection c, String integrationId, List<IngestedIssue> issues) throws SQLException {
        Map<String, IngestedIssue> byId = new LinkedHashMap<>();
        for (IngestedIssue issue : issues) {
            byId.put(issue.id(), issue);
        }
        if (byId.isEmpty()) {
            return;
        }
        String marks = String.join(",", Collections.nCopies(byId.size(), "?"));
        List<Object> values = new ArrayList<>(List.of(integrationId));
        values.addAll(byId.keySet());
        for (Map.Entry<String, String> label : rows(c, "SELECT issue_id, label FROM ingest_issue_label "
                + "WHERE integration_id = ? AND issue_id IN (" + marks + ") ORDER BY label",
                rs -> Map.entry(rs.getString(1), rs.getString(2)), values.toArray())) {
            byId.get(label.getKey()).labels().add(label.getValue());
        }
        for (Map.Entry<String, Long> sprint : rows(c, "SELECT issue_id, sprint_id FROM ingest_issue_sprint "
                + "WHERE integration_id = ? AND issue_id IN (" + marks + ") ORDER BY sprint_id",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)), values.toArray())) {
            byId.get(sprint.getKey()).sprints().add(sprint.getValue());
        }
    }

    public List<User> users(String integrationId) {
        return query("SELECT user_id, display_name, email, time_zone, active FROM ingest_user WHERE integration_id = ? "
                + "ORDER BY display_name, user_id", rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getObject(5, Boolean.class)), integrationId);
    }

    public List<Status> statuses(String integrationId) {
        return query("SELECT status_id, name, category_key FROM ingest_status WHERE integration_id = ? ORDER BY name",
                rs -> new Status(rs.getString(1), rs.getString(2), rs.getString(3)), integrationId);
    }

    public List<Label> labels(String integrationId) {
        return query("SELECT l.label, COUNT(*) FROM ingest_issue_label l JOIN ingest_issue i ON "
                + "i.integration_id = l.integration_id AND i.issue_id = l.issue_id WHERE l.integration_id = ? "
                + "AND i.deleted_at IS NULL GROUP BY l.label ORDER BY l.label",
                rs -> new Label(rs.getString(1), rs.getLong(2)), integrationId);
    }

    public List<Sprint> sprints(String integrationId) {
        return query("SELECT sprint_id, board_id, project_key, name, state, start_at, end_at, complete_at, goal "
                + "FROM ingest_sprint WHERE integration_id = ? ORDER BY sprint_id",
                rs -> new Sprint(rs.getObject(1, Long.class), rs.getObject(2, Long.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), time(rs, 6), time(rs, 7), time(rs, 8), rs.getString(9)),
                integrationId);
    }

    public List<FlowMetrics.IssueTimes> issueTimes(String integrationId, String project) {
        return database.inTransaction(c -> {
            List<FlowMetrics.IssueTimes> list = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT issue_id, created_at, resolved_at FROM ingest_issue "
                    + "WHERE integration_id = ? AND project_key = ? AND deleted_at IS NULL")) {
                IngestRepository.bind(s, integrationId, project);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        list.add(new FlowMetrics.IssueTimes(rs.getString(1), IngestRepository.instant(rs, 2),
                                IngestRepository.instant(rs, 3)));
                    }
                }
            }
            return list;
        });
    }

    public List<FlowMetrics.StatusChange> statusChanges(String integrationId, String project) {
        return database.inTransaction(c -> {
            List<FlowMetrics.StatusChange> list = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT ch.issue_id, ch.changed_at, ch.to_value, ch.to_string "
                    + "FROM ingest_changelog ch JOIN ingest_issue i ON i.integration_id = ch.integration_id AND "
                    + "i.issue_id = ch.issue_id WHERE ch.integration_id = ? AND i.project_key = ? AND ch.field = 'status' "
                    + "ORDER BY ch.issue_id, ch.changed_at, ch.history_id")) {
                IngestRepository.bind(s, integrationId, project);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        list.add(new FlowMetrics.StatusChange(rs.getString(1), IngestRepository.instant(rs, 2),
                                rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return list;
        });
    }

    private <T> List<T> query(String sql, Row<T> row, Object... values) {
        return database.inTransaction(c -> rows(c, sql, row, values));
    }

    private static <T> List<T> rows(Connection c, String sql, Row<T> row, Object... values) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            IngestRepository.bind(s, values);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
        }
        return rows;
    }

    /** A time column as ISO-8601 UTC, or null. */
    private static String time(ResultSet rs, int column) throws SQLException {
        Instant instant = IngestRepository.instant(rs, column);
        return instant == null ? null : instant.toString();
    }
}
