package org.jirabridge.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jirabridge.integration.Integration;
import org.jirabridge.mapping.PriorityMap;
import org.jirabridge.store.Database;
import org.jirabridge.store.SyncRepository.FieldState;
import org.jirabridge.store.SyncRepository.JiraComment;
import org.jirabridge.store.SyncRepository.LinkedReport;
import org.jirabridge.store.SyncRepository;
import org.jirabridge.sync.SyncChange.CommentDeleted;
import org.jirabridge.sync.SyncChange.CommentSeen;
import org.jirabridge.sync.SyncChange.Field;
import org.jirabridge.sync.SyncChange.FieldValue;
import org.jirabridge.sync.SyncChange.IssueDeleted;
import org.jirabridge.sync.SyncChange.IssueRef;

/**
 * The apply rules: what Jira says about an issue becomes the state of the report linked to it. Webhooks and polls
 * go through the same rules, so together they converge:
 * <ul>
 *   <li>out of order: a value older (by Jira's time) than the one applied for that report and field is dropped;</li>
 *   <li>never twice: comments are kept per Jira comment id, equal values change nothing, deleted comments stay
 *   deleted;</li>
 *   <li>echo: a priority equal to the one we last sent to Jira updates the Jira side only, never the report's own
 *   priority (and nothing here ever sends anything to Jira).</li>
 * </ul>
 * All changes for one issue are applied in one transaction holding the report's row lock.
 */
public final class SyncApplier {

    /** What applying did: whether a report was concerned, how many values changed, and a line per decision. */
    public record Outcome(boolean matched, int changed, List<String> notes) {

        public String summary() {
            return notes.isEmpty() ? (changed == 0 ? "nothing to change" : changed + " changes")
                    : String.join("; ", notes);
        }

        Outcome plus(Outcome other) {
            List<String> all = new ArrayList<>(notes);
            all.addAll(other.notes);
            return new Outcome(matched || other.matched, changed + other.changed, all);
        }

        static final Outcome NONE = new Outcome(false, 0, List.of());
    }

    private final Database database;
    private final SyncRepository store;

    public SyncApplier(Database database, SyncRepository store) {
        this.database = database;
        this.store = store;
    }

    /** Records what applying did, in the transaction of the last issue's changes. */
    @FunctionalInterface
    public interface OutcomeRecord {
        void write(Connection c, Outcome outcome) throws SQLException;
    }

    /** Applies changes about any number of issues of one integration. */
    public Outcome apply(Integration integration, List<SyncChange> changes) {
        // nothing to record: no changes need no transaction
        return changes.isEmpty() ? Outcome.NONE : apply(integration, changes, (c, outcome) -> { });
    }

    /**
     * {@link #apply(Integration, List)}, and {@code record} with the whole outcome in the last issue's transaction
     * (in one of its own when there are no changes): a webhook delivery is marked done in the commit that applies it.
     */
    public Outcome apply(Integration integration, List<SyncChange> changes, OutcomeRecord record) {
        Map<IssueRef, List<SyncChange>> byIssue = changes.stream()
                .collect(Collectors.groupingBy(SyncChange::issue, LinkedHashMap::new, Collectors.toList()));
        if (byIssue.isEmpty()) {
            return database.inTransaction(c -> {
                record.write(c, Outcome.NONE);
                return Outcome.NONE;
            });
        }
        Outcome outcome = Outcome.NONE;
        int left = byIssue.size();
        for (Map.Entry<IssueRef, List<SyncChange>> issue : byIssue.entrySet()) {
            boolean last = --left == 0;
            Outcome before = outcome;
            outcome = database.inTransaction(c -> {
                Outcome after = before.plus(applyToIssue(c, integration, issue.getKey(), issue.getValue(), null));
                if (last) {
                    record.write(c, after);
                }
                return after;
            });
        }
        return outcome;
    }

    /**
     * Applies the complete comment list of an issue read by a poll: each comment is upserted, and a comment we hold
     * that Jira no longer lists is deleted, if it existed when the issue was read ({@code issueReadAt}, the issue's
     * updated time then); younger ones came in after the read and are kept.
     */
    public Outcome applyCommentList(Integration integration, IssueRef issue, List<SyncChange> comments,
                                    Instant issueReadAt) {
        return database.inTransaction(c -> applyToIssue(c, integration, issue, comments,
                issueReadAt == null ? null : new CommentListing(issueReadAt, comments.stream()
                        .filter(CommentSeen.class::isInstance).map(s -> ((CommentSeen) s).commentId())
                        .collect(Collectors.toSet()))));
    }

    private record CommentListing(Instant readAt, Set<String> ids) {
    }

    /** One decision: what happened and whether it changed what the report shows. */
    private record Step(String note, boolean changed) {

        static Step changed(String note) {
            return new Step(note, true);
        }

        static Step kept(String note) {
            return new Step(note, false);
        }
    }

    private static final Step SAME = new Step(null, false);

    private Outcome applyToIssue(Connection c, Integration integration, IssueRef ref, List<SyncChange> changes,
                                 CommentListing listing) throws SQLException {
        List<LinkedReport> linked = store.lockLinked(c, integration.id(), integration.connection().siteUrl(),
                ref.id(), ref.key());
        if (linked.isEmpty()) {
            return new Outcome(false, 0, List.of("no report for " + ref));
        }
        Outcome outcome = Outcome.NONE;
        for (LinkedReport report : linked) {
            if (ref.id() != null && report.jiraId() != null && !ref.id().equals(report.jiraId())) {
                // found by key only: the key was handed out again (a reset Jira), so this is another issue
                outcome = outcome.plus(new Outcome(false, 0, List.of(ref + " is issue " + ref.id() + " but report "
                        + report.id() + " links issue " + report.jiraId() + " under that key; not applied")));
                continue;
            }
            outcome = outcome.plus(applyToReport(c, integration, ref, report, changes, listing));
        }
        return outcome;
    }

    private Outcome applyToReport(Connection c, Integration integration, IssueRef ref, LinkedReport report,
                                  List<SyncChange> changes, CommentListing listing) throws SQLException {
        SyncSettings settings = SyncSettings.of(integration);
        List<String> notes = new ArrayList<>();
        int changed = 0;
        boolean deleted = report.jiraDeletedAt() != null;
        for (SyncChange change : changes) {
            Step step;
            if (deleted) {
                step = Step.kept(ref + ": the issue was deleted; " + describe(change) + " ignored");
            } else {
                step = applyOne(c, report, change, settings, integration);
                deleted = change instanceof IssueDeleted;
            }
            if (step.note() != null) {
                notes.add(step.note());
            }
            if (step.changed()) {
                changed++;
            }
        }
        if (listing != null && settings.comments() && !deleted) {
            for (JiraComment held : store.liveJiraComments(c, report.id())) {
                OffsetDateTime heldAt = held.updatedAt() != null ? held.updatedAt() : held.createdAt();
                if (!listing.ids().contains(held.jiraId()) && !heldAt.toInstant().isAfter(listing.readAt())) {
                    store.tombstone(c, report.id(), held.jiraId(), listing.readAt());
                    notes.add(ref + ": comment " + held.jiraId() + " deleted");
                    changed++;
                }
            }
        }
        return new Outcome(true, changed, notes);
    }

    private Step applyOne(Connection c, LinkedReport report, SyncChange change, SyncSettings settings,
                          Integration integration) throws SQLException {
        String ref = change.issue().toString();
        if (change instanceof FieldValue value) {
            return field(c, report, value, settings, integration);
        }
        if (change instanceof IssueDeleted gone) {
            store.markIssueDeleted(c, report.id(), gone.at() != null ? gone.at() : Instant.now());
            return Step.changed(ref + ": issue deleted");
        }
        if (!settings.comments()) {
            return Step.kept(ref + ": comment sync is off");
        }
        if (change instanceof CommentSeen comment) {
            return comment(c, report, comment);
        }
        return commentDeleted(c, report, (CommentDeleted) change);
    }

    // ---- fields

    private Step field(Connection c, LinkedReport report, FieldValue value, SyncSettings settings,
                       Integration integration) throws SQLException {
        String ref = value.issue().toString();
        String name = value.field().column();
        boolean enabled = switch (value.field()) {
            case STATUS, RESOLUTION, ASSIGNEE -> settings.status();
            case PRIORITY -> settings.priority();
            case KEY -> true;
        };
        if (!enabled) {
            return SAME;
        }
        Optional<FieldState> state = store.fieldState(c, report.id(), name);
        OffsetDateTime appliedAt = state.map(FieldState::appliedAt).orElse(null);
        if (appliedAt != null && (value.at() == null || value.at().isBefore(appliedAt.toInstant()))) {
            return Step.kept(ref + ": " + name + " " + quote(value.value()) + " is older than the value shown; ignored");
        }
        String pushed = state.map(FieldState::pushedValue).orElse(null);
        Step step;
        switch (value.field()) {
            case STATUS -> {
                boolean same = Objects.equals(value.value(), report.jiraStatus())
                        && (value.category() == null || value.category().equals(report.jiraStatusCategory()));
                if (!same) {
                    store.setStatus(c, report.id(), value.value(), value.category());
                }
                step = same ? SAME : Step.changed(ref + ": status -> " + quote(value.value()));
            }
            case RESOLUTION -> {
                boolean same = Objects.equals(value.value(), report.jiraResolution());
                if (!same) {
                    store.setResolution(c, report.id(), value.value());
                }
                step = same ? SAME : Step.changed(ref + ": resolution -> " + quote(value.value()));
            }
            case ASSIGNEE -> {
                boolean same = Objects.equals(value.value(), report.jiraAssignee());
                if (!same) {
                    store.setAssignee(c, report.id(), value.value());
                }
                step = same ? SAME : Step.changed(ref + ": assignee -> " + quote(value.value()));
            }
            case KEY -> {
                // only an event that names the issue by id can tell that its key changed (a move)
                boolean moved = value.value() != null && !value.value().equals(report.jiraKey())
                        && Objects.equals(value.valueId(), report.jiraId());
                if (moved) {
                    store.setKey(c, report.id(), value.value(), movedUrl(report, value.value()));
                }
                step = moved ? Step.changed(ref + ": key " + report.jiraKey() + " -> " + value.value()) : SAME;
            }
            case PRIORITY -> {
                // before any push, the priority sent at creation is the one whose echo must not count
                String sent = state.isPresent() ? pushed : report.jiraPriority();
                boolean jiraSideSame = Objects.equals(value.value(), report.jiraPriority());
                if (!jiraSideSame) {
                    store.setJiraPriority(c, report.id(), value.value());
                }
                if (sent != null && value.value() != null && matches(sent, value.value(), value.valueId())) {
                    pushed = sent;
                    step = jiraSideSame ? SAME : Step.changed(ref + ": priority -> " + quote(value.value())
                            + " (our own change; report priority kept)");
                } else {
                    pushed = null;
                    step = priorityFromJira(c, report, value, integration, jiraSideSame);
                }
            }
            default -> throw new IllegalStateException("unknown field " + value.field());
        }
        if (value.at() != null || appliedAt == null) {
            OffsetDateTime at = value.at() != null ? value.at().atOffset(ZoneOffset.UTC) : null;
            store.saveFieldState(c, report.id(), name, new FieldState(at, pushed));
        }
        return step;
    }

    /** A priority someone set in Jira: shown as is, and the report's priority follows where the map allows. */
    private Step priorityFromJira(Connection c, LinkedReport report, FieldValue value, Integration integration,
                                  boolean jiraSideSame) throws SQLException {
        String ref = value.issue().toString();
        if (store.priorityPushPending(c, report.id())) {
            // a priority set on the report wins until it has been pushed; the push's own read reconciles after
            return jiraSideSame ? SAME : Step.changed(ref + ": priority -> " + quote(value.value())
                    + " (the report's own change waits to be pushed; report priority kept)");
        }
        Map<String, String> overrides = integration.mapping() == null ? null : integration.mapping().priorityMap();
        String reportPriority = PriorityMap.toReport(value.value(), overrides);
        if (reportPriority == null) {
            reportPriority = PriorityMap.toReport(value.valueId(), overrides);
        }
        if (reportPriority != null && !reportPriority.equals(report.priority())) {
            store.setReportPriority(c, report.id(), reportPriority);
            return Step.changed(ref + ": priority -> " + quote(value.value()) + " (report priority "
                    + report.priority() + " -> " + reportPriority + ")");
        }
        if (jiraSideSame) {
            return SAME;
        }
        return Step.changed(ref + ": priority -> " + quote(value.value())
                + (reportPriority == null ? " (no report priority maps to it; shown as is)" : ""));
    }

    /** True when Jira's priority is the one we sent, which may be a name or an id. */
    private static boolean matches(String sent, String name, String id) {
        return sent.equalsIgnoreCase(name) || (PriorityMap.isId(sent) && sent.equals(id));
    }

    private static String movedUrl(LinkedReport report, String newKey) {
        String url = report.jiraUrl();
        if (url != null && report.jiraKey() != null && url.endsWith("/browse/" + report.jiraKey())) {
            return url.substring(0, url.length() - report.jiraKey().length()) + newKey;
        }
        return url;
    }

    // ---- comments

    private Step comment(Connection c, LinkedReport report, CommentSeen comment) throws SQLException {
        String ref = comment.issue().toString();
        Optional<JiraComment> held = store.jiraComment(c, report.id(), comment.commentId());
        if (held.isEmpty()) {
            store.insertJiraComment(c, report.id(), comment.commentId(), comment.author(), comment.markdown(),
                    comment.created(), comment.at());
            return Step.changed(ref + ": comment " + comment.commentId() + " added");
        }
        JiraComment existing = held.get();
        if (existing.deletedAt() != null) {
            return Step.kept(ref + ": comment " + comment.commentId() + " was deleted; ignored");
        }
        if (existing.updatedAt() != null && (comment.at() == null
                || comment.at().isBefore(existing.updatedAt().toInstant()))) {
            return Step.kept(ref + ": comment " + comment.commentId() + " is older than the one shown; ignored");
        }
        if (Objects.equals(existing.body(), comment.markdown()) && Objects.equals(existing.author(), comment.author())) {
            return SAME;
        }
        store.updateJiraComment(c, existing.id(), comment.author(), comment.markdown(), comment.at());
        return Step.changed(ref + ": comment " + comment.commentId() + " edited");
    }

    private Step commentDeleted(Connection c, LinkedReport report, CommentDeleted comment) throws SQLException {
        Optional<JiraComment> held = store.jiraComment(c, report.id(), comment.commentId());
        if (held.isPresent() && held.get().deletedAt() != null) {
            return SAME;
        }
        store.tombstone(c, report.id(), comment.commentId(), comment.at());
        return Step.changed(comment.issue() + ": comment " + comment.commentId() + " deleted");
    }

    private static String describe(SyncChange change) {
        if (change instanceof FieldValue value) {
            return value.field().column();
        }
        if (change instanceof CommentSeen comment) {
            return "comment " + comment.commentId();
        }
        if (change instanceof CommentDeleted comment) {
            return "deletion of comment " + comment.commentId();
        }
        return "deletion";
    }

    private static String quote(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }
}
