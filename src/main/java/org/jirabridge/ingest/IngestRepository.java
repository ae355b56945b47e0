package org.jirabridge.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jirabridge.ingest.IngestRows;
import org.jirabridge.store.Database;

/**
 * The tables of the Jira data import (V20__ingest.sql, docs/ingest.md). Writes of one page of issues happen in one
 * transaction together with the project's cursor; switching ingestion off deletes every row of the integration in one
 * transaction. Plain SQL only (delete then insert instead of vendor upserts), so H2 and PostgreSQL run the same code.
 */
public final class IngestRepository {

    /** Tables holding an integration's imported data, children first. */
    private static final List<String> DATA_TABLES = List.of("ingest_issue_label", "ingest_issue_sprint",
            "ingest_comment", "ingest_changelog", "ingest_issue", "ingest_user", "ingest_status", "ingest_sprint",
            "ingest_project");
    /** Tables keyed by issue id whose rows a re-read issue replaces. */
    private static final List<String> ISSUE_CHILDREN = List.of("ingest_issue_label", "ingest_issue_sprint",
            "ingest_comment", "ingest_changelog", "ingest_issue");

    /** An integration's ingestion settings; state is off, idle, importing or paused. */
    public record Settings(String integrationId, boolean enabled, boolean autoImportAll, boolean paused,
                           String statusCategories, String timeZone, String state, Instant lastRunAt) {
        public static Settings off(String integrationId) {
            return new Settings(integrationId, false, false, false, null, null, "off", null);
        }
    }

    /** A stored project with its switch, cursor and outcome. */
    public record ProjectRow(String key, String id, String name, String type, String leadId, boolean processable,
                             Boolean importOn, String state, Instant cursor, Long total, Instant lastUpdated,
                             String error, Instant sweptAt, boolean goneFromJira) {
        public boolean imports(boolean autoImportAll) {
            return processable && !goneFromJira && (importOn != null ? importOn : autoImportAll);
        }
    }

    /** What one stored page did: how many issues, and whether it was stored at all (off/paused stop it). */
    /** {@code newIssues}: those of {@code issues} not stored before (created, or moved into the project, since). */
    public record PageOutcome(boolean stored, int issues, int newIssues) {
    }

    private final Database database;

    public IngestRepository(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    // ---- settings

    public Settings settings(String integrationId) {
        return database.inTransaction(c -> settings(c, integrationId, false));
    }

    private Settings settings(Connection c, String integrationId, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT enabled, auto_import_all, paused, status_categories, "
                + "time_zone, state, last_run_at FROM ingest_settings WHERE integration_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, integrationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Settings.off(integrationId);
                }
                return new Settings(integrationId, rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs, 7));
            }
        }
    }

    /** All integrations with ingestion switched on. */
    public List<Settings> enabled() {
        return database.inTransaction(c -> {
            List<Settings> list = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT integration_id FROM ingest_settings WHERE enabled = TRUE");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    list.add(settings(c, rs.getString(1), false));
                }
            }
            return list;
        });
    }

    /**
     * Saves the settings; switching off deletes every imported row of the integration in the same transaction.
     * Returns the settings as stored.
     */
    public Settings save(Settings wanted) {
        return database.inTransaction(c -> {
            Settings before = settings(c, wanted.integrationId(), true);
            if (!wanted.enabled()) {
                for (String table : DATA_TABLES) {
                    update(c, "DELETE FROM " + table + " WHERE integration_id = ?", wanted.integrationId());
                }
            }
            String state = !wanted.enabled() ? "off" : wanted.paused() ? "paused" : "idle";
            update(c, "DELETE FROM ingest_settings WHERE integration_id = ?", wanted.integrationId());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ingest_settings (integration_id, enabled, "
                    + "auto_import_all, paused, status_categories, time_zone, state, last_run_at) VALUES (?,?,?,?,?,?,?,?)")) {
                s.setString(1, wanted.integrationId());
                s.setBoolean(2, wanted.enabled());
                s.setBoolean(3, wanted.autoImportAll());
                s.setBoolean(4, wanted.paused());
                s.setString(5, wanted.statusCategories());
                s.setString(6, wanted.enabled() ? before.timeZone() : null);
                s.setString(7, state);
                s.setObject(8, wanted.enabled() ? odt(before.lastRunAt()) : null);
                s.executeUpdate();
            }
            return settings(c, wanted.integrationId(), false);
        });
    }

    /** The run's state (idle, importing) and, when finished, when; the time zone of the Jira user (null: UTC). */
    public void runState(String integrationId, String state, Instant lastRunAt, String timeZone) {
        database.inTransaction(c -> update(c, "UPDATE ingest_settings SET state = CASE WHEN paused THEN 'paused' "
                        + "ELSE ? END, last_run_at = COALESCE(?, last_run_at), time_zone = COALESCE(?, time_zone) "
                        + "WHERE integration_id = ? AND enabled = TRUE", state, odt(lastRunAt), timeZone, integrationId));
    }

    /** Forgets the time zone (the user's /myself was not allowed): times are shown in UTC. */
    public void utcTimeZone(String integrationId) {
        database.inTransaction(c -> update(c, "UPDATE ingest_settings SET time_zone = 'UTC' WHERE integration_id = ?",
                integrationId));
    }

    // ---- projects

    public List<ProjectRow> projects(String integrationId) {
        return database.inTransaction(c -> {
            List<ProjectRow> list = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT project_key, project_id, name, project_type, lead_id, "
                    + "processable, import_on, state, cursor_updated, issues_total, last_updated, error, swept_at, "
                    + "gone_from_jira FROM ingest_project WHERE integration_id = ? ORDER BY project_key")) {
                s.setString(1, integrationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Object importOn = rs.getObject(7);
                        Object total = rs.getObject(10);
                        list.add(new ProjectRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getBoolean(6), importOn == null ? null : rs.getBoolean(7),
                                rs.getString(8), instant(rs, 9), total == null ? null : ((Number) total).longValue(), instant(rs, 11),
                                rs.getString(12), instant(rs, 13), rs.getBoolean(14)));
                    }
                }
            }
            return list;
        });
    }

    public Optional<ProjectRow> project(String integrationId, String key) {
        return projects(integrationId).stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /** Stores what Jira lists; projects no longer listed are flagged as gone (their data stays). */
    public void discovered(String integrationId, List<IngestRows.Project> listed) {
        database.inTransaction(c -> {
            Set<String> seen = new HashSet<>();
            for (IngestRows.Project p : listed) {
                seen.add(p.key());
                int updated = update(c, "UPDATE ingest_project SET project_id = ?, name = ?, project_type = ?, lead_id = ?, "
                                + "processable = ?, gone_from_jira = FALSE WHERE integration_id = ? AND project_key = ?",
                        p.id(), p.name(), p.type(), p.leadId(), p.processable(), integrationId, p.key());
                if (updated == 0) {
                    update(c, "INSERT INTO ingest_project (integration_id, project_key, project_id, name, project_type, "
                                    + "lead_id, processable, state) VALUES (?,?,?,?,?,?,?,?)", integrationId, p.key(), p.id(),
                            p.name(), p.type(), p.leadId(), p.processable(), p.processable() ? "idle" : "not_processable");
                }
            }
            List<String> known = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT project_key FROM ingest_project WHERE integration_id = ?")) {
                s.setString(1, integrationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
            }
            for (String key : known) {
                if (!seen.contains(key)) {
                    update(c, "UPDATE ingest_project SET gone_from_jira = TRUE WHERE integration_id = ? AND project_key = ?",
                            integrationId, key);
                }
            }
            return null;
        });
    }

    /** The per-project switch; false when the project is not known. */
    public boolean switchProject(String integrationId, String key, boolean importOn) {
        return database.inTransaction(c -> update(c, "UPDATE ingest_project SET import_on = ? WHERE integration_id = ? "
                + "AND project_key = ?", importOn, integrationId, key) > 0);
    }

    public void projectState(String integrationId, String key, String state) {
        database.inTransaction(c -> update(c, "UPDATE ingest_project SET state = ? WHERE integration_id = ? AND project_key = ?",
                state, integrationId, key));
    }

    public void projectTotal(String integrationId, String key, long total) {
        database.inTransaction(c -> update(c, "UPDATE ingest_project SET issues_total = ? WHERE integration_id = ? "
                + "AND project_key = ?", total, integrationId, key));
    }

    /** Records why the project could not be imported (Jira's message); the other projects go on. */
    public void projectError(String integrationId, String key, String error, Instant at) {
        database.inTransaction(c -> update(c, "UPDATE ingest_project SET state = 'failed', error = ?, error_at = ? "
                + "WHERE integration_id = ? AND project_key = ?", truncate(error, 4000), odt(at), integrationId, key));
    }

    /** A project whose issues mostly vanished at once: flagged with the reason, nothing marked deleted. */
    public void projectFlagged(String integrationId, String key, String reason) {
        database.inTransaction(c -> update(c, "UPDATE ingest_project SET state = 'flagged', error = ? WHERE integration_id = ? "
                + "AND project_key = ?", truncate(reason, 4000), integrationId, key));
    }

    public void projectSwept(String integrationId, String key, Instant at) {
        database.inTransaction(c -> update(c, "UPDATE ingest_project SET swept_at = ? WHERE integration_id = ? AND project_key = ?",
                odt(at), integrationId, key));
    }

    /** Imported issues per project that Jira still has. */
    public Map<String, Long> importedCounts(String integrationId) {
        return database.inTransaction(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT project_key, COUNT(*) FROM ingest_issue "
                    + "WHERE integration_id = ? AND deleted_at IS NULL GROUP BY project_key")) {
                s.setString(1, integrationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    // ---- one page of issues, with the cursor

    /**
     * Stores a page in one transaction with the project's cursor (moved forward only). Nothing is stored when
     * ingestion was switched off or paused, or the project switched off, since the page was read.
     *
     * @param cursor the cursor after this page, or null to leave it (pages read to repair gaps)
     */
    /**
     * Stores pages of one project, in order, in one transaction, each with the project's cursor (pages read while the
     * previous ones were being written are committed together: one commit instead of one per page). Nothing is stored
     * when ingestion is off or paused or the project is switched off.
     */
    public PageOutcome storePages(String integrationId, String projectKey, List<IngestRows.Page> pages, Instant now) {
        return database.inTransaction(c -> {
            Settings settings = settings(c, integrationId, true);
            ProjectRow project = lockedProject(c, integrationId, projectKey);
            if (!settings.enabled() || settings.paused() || project == null || !project.imports(settings.autoImportAll())) {
                return new PageOutcome(false, 0, 0);
            }
            int issues = 0;
            int newIssues = 0;
            Instant cursor = null;
            Instant lastUpdated = null;
            for (IngestRows.Page page : pages) {
                // an issue read again (a later run, the overlap, or a later page when it changed while paging) is
                // replaced; the deletes are left out for issues not stored yet, most of a first import
                List<String> ids = stored(c, integrationId, page.issues().stream().map(IngestRows.Issue::id).toList());
                for (String table : ISSUE_CHILDREN) {
                    deleteIn(c, table, "issue_id", integrationId, ids);
                }
                insertIssues(c, integrationId, page.issues(), now);
                insertComments(c, integrationId, page.comments());
                insertChanges(c, integrationId, page.changes());
                upsertUsers(c, integrationId, page.users());
                issues += page.issues().size();
                newIssues += page.issues().size() - ids.size();
                cursor = later(cursor, page.cursor());
                for (IngestRows.Issue issue : page.issues()) {
                    lastUpdated = later(lastUpdated, issue.updated());
                }
            }
            update(c, "UPDATE ingest_project SET state = 'importing', error = NULL WHERE integration_id = ? AND project_key = ?",
                    integrationId, projectKey);
            // both only move forward
            if (cursor != null) {
                update(c, "UPDATE ingest_project SET cursor_updated = ? WHERE integration_id = ? AND project_key = ? "
                        + "AND (cursor_updated IS NULL OR cursor_updated < ?)", odt(cursor), integrationId, projectKey, odt(cursor));
            }
            if (lastUpdated != null) {
                update(c, "UPDATE ingest_project SET last_updated = ? WHERE integration_id = ? AND project_key = ? "
                        + "AND (last_updated IS NULL OR last_updated < ?)", odt(lastUpdated), integrationId, projectKey,
                        odt(lastUpdated));
            }
            return new PageOutcome(true, issues, newIssues);
        });
    }

    /** Those of the ids stored as issues, one indexed look-up each (IN lists made H2 scan). */
    private static List<String> stored(Connection c, String integrationId, List<String> ids) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM ingest_issue WHERE integration_id = ? AND issue_id = ?")) {
            s.setString(1, integrationId);
            for (String id : ids) {
                s.setString(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        found.add(id);
                    }
                }
            }
        }
        return found;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }

    private ProjectRow lockedProject(Connection c, String integrationId, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT processable, import_on, gone_from_jira FROM ingest_project "
                + "WHERE integration_id = ? AND project_key = ? FOR UPDATE")) {
            s.setString(1, integrationId);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Object importOn = rs.getObject(2);
                return new ProjectRow(key, null, null, null, null, rs.getBoolean(1),
                        importOn == null ? null : rs.getBoolean(2), null, null, null, null, null, null, rs.getBoolean(3));
            }
        }
    }

    private void insertIssues(Connection c, String integrationId, List<IngestRows.Issue> issues, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ingest_issue (integration_id, issue_id, issue_key, "
                + "project_key, issue_type, summary, description, status_id, status_name, status_category, priority, "
                + "assignee_id, reporter_id, created_at, updated_at, resolved_at, resolution, parent_key, imported_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement labels = c.prepareStatement("INSERT INTO ingest_issue_label (integration_id, issue_id, label) VALUES (?,?,?)");
             PreparedStatement sprints = c.prepareStatement("INSERT INTO ingest_issue_sprint (integration_id, issue_id, sprint_id) VALUES (?,?,?)")) {
            for (IngestRows.Issue i : issues) {
                bind(s, integrationId, i.id(), i.key(), i.project(), i.type(), truncate(i.summary(), 1000),
                        i.description(), i.statusId(), i.statusName(), i.statusCategory(), i.priority(), i.assigneeId(),
                        i.reporterId(), odt(i.created()), odt(i.updated()), odt(i.resolved()), i.resolution(),
                        i.parentKey(), odt(now));
                s.addBatch();
                for (String label : new java.util.LinkedHashSet<>(i.labels())) {
                    bind(labels, integrationId, i.id(), truncate(label, 255));
                    labels.addBatch();
                }
                for (Long sprint : new java.util.LinkedHashSet<>(i.sprintIds())) {
                    bind(sprints, integrationId, i.id(), sprint);
                    sprints.addBatch();
                }
            }
            s.executeBatch();
            labels.executeBatch();
            sprints.executeBatch();
        }
    }

    // a comment belongs to one issue for good, so the delete by issue id has already removed any earlier copy
    private void insertComments(Connection c, String integrationId, List<IngestRows.Comment> comments) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ingest_comment (integration_id, comment_id, issue_id, "
                + "author_id, body, created_at, updated_at) VALUES (?,?,?,?,?,?,?)")) {
            for (IngestRows.Comment m : comments) {
                bind(s, integrationId, m.id(), m.issueId(), m.authorId(), m.body(), odt(m.created()), odt(m.updated()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void insertChanges(Connection c, String integrationId, List<IngestRows.Change> changes) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ingest_changelog (integration_id, history_id, item_index, "
                + "issue_id, author_id, changed_at, field, field_id, from_value, from_string, to_value, to_string) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (IngestRows.Change ch : changes) {
                bind(s, integrationId, ch.historyId(), ch.index(), ch.issueId(), ch.authorId(), odt(ch.at()), ch.field(),
                        ch.fieldId(), truncate(ch.from(), 4000), truncate(ch.fromText(), 4000), truncate(ch.to(), 4000),
                        truncate(ch.toText(), 4000));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void upsertUsers(Connection c, String integrationId, Collection<IngestRows.User> users) throws SQLException {
        Map<String, IngestRows.User> byId = new LinkedHashMap<>();
        users.forEach(u -> byId.merge(u.id(), u, (a, b) -> b.email() != null || a.email() == null ? b : a));
        deleteIn(c, "ingest_user", "user_id", integrationId, new ArrayList<>(byId.keySet()));
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ingest_user (integration_id, user_id, display_name, "
                + "email, time_zone, active) VALUES (?,?,?,?,?,?)")) {
            for (IngestRows.User u : byId.values()) {
                bind(s, integrationId, u.id(), u.displayName(), u.email(), u.timeZone(), u.active());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public void storeUsers(String integrationId, Collection<IngestRows.User> users) {
        database.inTransaction(c -> {
            if (settings(c, integrationId, true).enabled()) {
                upsertUsers(c, integrationId, users);
            }
            return null;
        });
    }

    public void storeStatuses(String integrationId, List<IngestRows.Status> statuses) {
        database.inTransaction(c -> {
            if (!settings(c, integrationId, true).enabled()) {
                return null;
            }
            update(c, "DELETE FROM ingest_status WHERE integration_id = ?", integrationId);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ingest_status (integration_id, status_id, name, "
                    + "category_key) VALUES (?,?,?,?)")) {
                for (IngestRows.Status st : statuses) {
                    bind(s, integrationId, st.id(), st.name(), st.categoryKey());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    public void storeSprints(String integrationId, List<IngestRows.Sprint> sprints) {
        database.inTransaction(c -> {
            if (!settings(c, integrationId, true).enabled()) {
                return null;
            }
            deleteIn(c, "ingest_sprint", "sprint_id", integrationId, sprints.stream().map(IngestRows.Sprint::id).toList());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ingest_sprint (integration_id, sprint_id, board_id, "
                    + "project_key, name, state, start_at, end_at, complete_at, goal) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (IngestRows.Sprint sp : sprints) {
                    bind(s, integrationId, sp.id(), sp.boardId(), sp.projectKey(), sp.name(), sp.state(), odt(sp.start()),
                            odt(sp.end()), odt(sp.complete()), truncate(sp.goal(), 4000));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    // ---- deletes

    /** Ids of the project's issues that are stored and not marked deleted. */
    public Set<String> liveIssueIds(String integrationId, String projectKey) {
        return database.inTransaction(c -> {
            Set<String> ids = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT issue_id FROM ingest_issue WHERE integration_id = ? "
                    + "AND project_key = ? AND deleted_at IS NULL")) {
                s.setString(1, integrationId);
                s.setString(2, projectKey);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** Marks issues deleted in Jira (by id); returns how many were marked. */
    public int markDeleted(String integrationId, Collection<String> issueIds, Instant at) {
        return database.inTransaction(c -> {
            int marked = 0;
            for (String id : issueIds) {
                marked += update(c, "UPDATE ingest_issue SET deleted_at = ? WHERE integration_id = ? AND issue_id = ? "
                        + "AND deleted_at IS NULL", odt(at), integrationId, id);
            }
            return marked;
        });
    }

    /** A jira:issue_deleted webhook: marks the issue by id, or by key when the id is unknown. */
    public int markDeleted(String integrationId, String issueId, String issueKey, Instant at) {
        return database.inTransaction(c -> update(c, "UPDATE ingest_issue SET deleted_at = ? WHERE integration_id = ? "
                + "AND deleted_at IS NULL AND (issue_id = ? OR issue_key = ?)", odt(at), integrationId, issueId, issueKey));
    }

    // ---- helpers

    /** Deletes the rows of these ids, one indexed equality each (an IN list on the key's second column scans). */
    private static void deleteIn(Connection c, String table, String column, String integrationId, List<?> ids)
            throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE integration_id = ? AND "
                + column + " = ?")) {
            for (Object id : ids) {
                s.setString(1, integrationId);
                s.setObject(2, id);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, values);
            return s.executeUpdate();
        }
    }

    static void bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
    }

    static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
