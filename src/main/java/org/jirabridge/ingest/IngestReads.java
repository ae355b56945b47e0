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

import org.jirabridge.ingest.FlowMetrics;
import org.jirabridge.store.Database;

/** Read queries over the imported data for the ingestion API (docs/ingest.md lists the tables). */
public final class IngestReads {

    private static final String ISSUE_COLUMNS = "issue_id, issue_key, project_key, issue_type, summary, description, "
            + "status_name, status_category, priority, assignee_id, reporter_id, created_at, updated_at, resolved_at, "
            + "resolution, parent_key, deleted_at";

    private final Database database;

    public IngestReads(Database database) {
        this.database = database;
    }

    /**
     * A page of issues in (updated, id) order after the position {@code afterUpdated}/{@code afterId} (null: from
     * the start); one more than {@code limit} is read to tell whether a next page exists.
     */
    public List<Map<String, Object>> issues(String integrationId, String project, Instant updatedSince,
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
            List<Map<String, Object>> issues = rows(c, sql.toString(), values.toArray());
            attach(c, integrationId, issues);
            return issues;
        });
    }

    public Optional<Map<String, Object>> issue(String integrationId, String key) {
        return database.inTransaction(c -> {
            List<Map<String, Object>> found = rows(c, "SELECT " + ISSUE_COLUMNS + " FROM ingest_issue WHERE integration_id = ? "
                    + "AND issue_key = ? ORDER BY imported_at DESC", integrationId, key);
            if (found.isEmpty()) {
                return Optional.<Map<String, Object>>empty();
            }
            Map<String, Object> issue = found.subList(0, 1).get(0);
            attach(c, integrationId, List.of(issue));
            String id = (String) issue.get("id");
            issue.put("comments", rows(c, "SELECT comment_id AS id, author_id AS author, body, created_at AS created, "
                    + "updated_at AS updated FROM ingest_comment WHERE integration_id = ? AND issue_id = ? "
                    + "ORDER BY created_at, comment_id", integrationId, id));
            issue.put("changelog", rows(c, "SELECT history_id AS id, author_id AS author, changed_at AS created, field, "
                    + "field_id AS \"fieldId\", from_value AS \"from\", from_string AS \"fromString\", to_value AS \"to\", "
                    + "to_string AS \"toString\" FROM ingest_changelog WHERE integration_id = ? AND issue_id = ? "
                    + "ORDER BY changed_at, history_id, item_index", integrationId, id));
            return Optional.of(issue);
        });
    }

    /** Labels and sprint ids of the listed issues. */
    private static void attach(Connection c, String integrationId, List<Map<String, Object>> issues) throws SQLException {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> issue : issues) {
            issue.put("labels", new ArrayList<>());
            issue.put("sprints", new ArrayList<>());
            byId.put((String) issue.get("id"), issue);
        }
        if (byId.isEmpty()) {
            return;
        }
        String marks = String.join(",", Collections.nCopies(byId.size(), "?"));
        List<Object> values = new ArrayList<>(List.of(integrationId));
        values.addAll(byId.keySet());
        for (Map<String, Object> row : rows(c, "SELECT issue_id, label FROM ingest_issue_label WHERE integration_id = ? "
                + "AND issue_id IN (" + marks + ") ORDER BY label", values.toArray())) {
            labels(byId.get((String) row.get("id"))).add(row.get("label"));
        }
        for (Map<String, Object> row : rows(c, "SELECT issue_id, sprint_id FROM ingest_issue_sprint WHERE integration_id = ? "
                + "AND issue_id IN (" + marks + ") ORDER BY sprint_id", values.toArray())) {
            sprints(byId.get((String) row.get("id"))).add(row.get("sprint_id"));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> sprints(Map<String, Object> issue) {
        return (List<Object>) issue.get("sprints");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> labels(Map<String, Object> issue) {
        return (List<Object>) issue.get("labels");
    }

    public List<Map<String, Object>> users(String integrationId) {
        return query("SELECT user_id AS id, display_name AS \"displayName\", email, time_zone AS \"timeZone\", active "
                + "FROM ingest_user WHERE integration_id = ? ORDER BY display_name, user_id", integrationId);
    }

    public List<Map<String, Object>> statuses(String integrationId) {
        return query("SELECT status_id AS id, name, category_key AS category FROM ingest_status WHERE integration_id = ? "
                + "ORDER BY name", integrationId);
    }

    public List<Map<String, Object>> labels(String integrationId) {
        return query("SELECT l.label, COUNT(*) AS issues FROM ingest_issue_label l JOIN ingest_issue i ON "
                + "i.integration_id = l.integration_id AND i.issue_id = l.issue_id WHERE l.integration_id = ? "
                + "AND i.deleted_at IS NULL GROUP BY l.label ORDER BY l.label", integrationId);
    }

    public List<Map<String, Object>> sprints(String integrationId) {
        return query("SELECT sprint_id AS id, board_id AS \"boardId\", project_key AS project, name, state, "
                + "start_at AS \"start\", end_at AS \"end\", complete_at AS complete, goal FROM ingest_sprint "
                + "WHERE integration_id = ? ORDER BY sprint_id", integrationId);
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

    private List<Map<String, Object>> query(String sql, Object... values) {
        return database.inTransaction(c -> rows(c, sql, values));
    }

    /** Rows as maps keyed by lower-case column label (quoted labels keep their case); times as ISO-8601 UTC. */
    private static List<Map<String, Object>> rows(Connection c, String sql, Object... values) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            IngestRepository.bind(s, values);
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        String label = rs.getMetaData().getColumnLabel(i);
                        String name = label.equals(label.toUpperCase()) ? label.toLowerCase() : label;
                        Object value = rs.getObject(i);
                        if (value instanceof java.time.OffsetDateTime time) {
                            value = time.toInstant().toString();
                        }
                        row.put(ISSUE_NAMES.getOrDefault(name, name), value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** API names of ingest_issue's columns. */
    private static final Map<String, String> ISSUE_NAMES = Map.ofEntries(Map.entry("issue_id", "id"),
            Map.entry("issue_key", "key"), Map.entry("project_key", "project"), Map.entry("issue_type", "type"),
            Map.entry("status_name", "status"), Map.entry("status_category", "statusCategory"),
            Map.entry("assignee_id", "assignee"), Map.entry("reporter_id", "reporter"),
            Map.entry("created_at", "created"), Map.entry("updated_at", "updated"), Map.entry("resolved_at", "resolved"),
            Map.entry("parent_key", "parent"), Map.entry("deleted_at", "deletedAt"));
}
