package org.jirabridge.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;
import org.jirabridge.store.Database;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.jirabridge.store.SyncRepository;
import org.jirabridge.sync.SyncChange.CommentDeleted;
import org.jirabridge.sync.SyncChange.CommentSeen;
import org.jirabridge.sync.SyncChange.Field;
import org.jirabridge.sync.SyncChange.FieldValue;
import org.jirabridge.sync.SyncChange.IssueDeleted;
import org.jirabridge.sync.SyncChange.IssueRef;
import org.jirabridge.testsupport.StoreRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The apply rules on a real (in-memory) database: order, duplicates, echoes, deletions, switches. */
class SyncApplierTest {

    private static final IssueRef ISSUE = new IssueRef("10001", "DEMO-1");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private Database database;
    private SyncApplier applier;
    private SyncRepository store;
    private ReportRepository reports;
    private String reportId;

    @BeforeEach
    void open() {
        database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        store = new SyncRepository(database);
        reports = new ReportRepository(database);
        applier = new SyncApplier(database, store);
        reportId = UUID.randomUUID().toString();
        database.inTransaction(c -> {
            StoreRows.integration(c, "i");
            OffsetDateTime now = OffsetDateTime.now();
            // created with priority Major, sent to Jira as High
            reports.insert(c, new StoredReport(reportId, "i", null, "bug", "Major", "t",
                    "{\"title\":\"t\",\"priority\":\"Major\"}", ReportStatus.FORWARDED, "DEMO-1", "10001",
                    "https://jira.example.com/browse/DEMO-1", null, "High", 1, null, now, now));
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Integration integration(Map<String, Object> sync, Map<String, String> priorityMap) {
        return new Integration("i", "i", false, Integration.Connection.basic("cloud", "https://jira.example.com",
                AuthType.BASIC, "a@example.com", null), new Integration.Target("DEMO", "Bug", null),
                new Integration.Mapping(priorityMap, null, null, null),
                Integration.Sync.of(sync));
    }

    private static Integration integration() {
        return integration(Map.of(), null);
    }

    private static FieldValue status(String name, Instant at) {
        return new FieldValue(ISSUE, at, Field.STATUS, name, null, "indeterminate");
    }

    private static FieldValue priority(String name, Instant at) {
        return new FieldValue(ISSUE, at, Field.PRIORITY, name, null, null);
    }

    private SyncApplier.Outcome apply(SyncChange... changes) {
        return applier.apply(integration(), List.of(changes));
    }

    private StoredReport report() {
        return reports.find(reportId).orElseThrow();
    }

    @Test
    void anOlderValueDoesNotOverwriteANewerOneButAnEqualTimeDoes() {
        apply(status("Done", T0.plusSeconds(10)));
        SyncApplier.Outcome older = apply(status("In Progress", T0));
        apply(status("Closed", T0.plusSeconds(10)));

        assertThat(older.changed()).isZero();
        assertThat(older.summary()).contains("older than the value shown");
        assertThat(report().jiraStatus()).isEqualTo("Closed");
    }

    @Test
    void theOutcomeIsRecordedOnceInTheCommitThatAppliesTheLastIssue() {
        IssueRef unlinked = new IssueRef("10002", "DEMO-2");
        List<SyncApplier.Outcome> recorded = new ArrayList<>();
        SyncApplier.Outcome outcome = applier.apply(integration(), List.of(status("Done", T0),
                new FieldValue(unlinked, T0, Field.STATUS, "Done", null, "done")), (c, applied) -> recorded.add(applied));
        // one record, holding both issues' decisions
        assertThat(recorded).containsExactly(outcome);
        assertThat(outcome.changed()).isEqualTo(1);
        assertThat(outcome.summary()).contains("DEMO-1").contains("DEMO-2");

        // a record that cannot be written takes the change with it: a delivery is never applied but left unfinished
        assertThatThrownBy(() -> applier.apply(integration(), List.of(status("Closed", T0.plusSeconds(5))),
                (c, applied) -> {
                    throw new SQLException("the finish failed");
                })).isInstanceOf(RuntimeException.class);
        assertThat(report().jiraStatus()).isEqualTo("Done");
    }

    @Test
    void noChangesStillRecordTheirOutcome() {
        List<SyncApplier.Outcome> recorded = new ArrayList<>();
        applier.apply(integration(), List.of(), (c, applied) -> recorded.add(applied));
        assertThat(recorded).singleElement().satisfies(applied -> assertThat(applied.matched()).isFalse());
    }

    @Test
    void theSameValueTwiceChangesNothingTheSecondTime() {
        assertThat(apply(status("Done", T0)).changed()).isEqualTo(1);
        assertThat(apply(status("Done", T0)).changed()).isZero();
    }

    @Test
    void aPriorityFromJiraMovesTheReportsPriorityThroughTheReverseMap() {
        SyncApplier.Outcome outcome = apply(priority("Lowest", T0));

        assertThat(outcome.changed()).isEqualTo(1);
        assertThat(report().jiraPriority()).isEqualTo("Lowest");
        assertThat(report().priority()).isEqualTo("Trivial");
        assertThat(report().payloadJson()).contains("\"priority\":\"Trivial\"");
    }

    @Test
    void anUnmappedJiraPriorityIsShownAsIsAndTheReportKeepsItsOwn() {
        SyncApplier.Outcome outcome = apply(priority("Critical", T0));

        assertThat(outcome.summary()).contains("no report priority maps to it");
        assertThat(report().jiraPriority()).isEqualTo("Critical");
        assertThat(report().priority()).isEqualTo("Major");
    }

    @Test
    void theEchoOfTheCreationOrOfAPushDoesNotChangeTheReportsPriority() {
        // Minor and Major both map to High here: a reverse mapping of the creation's echo would pick Minor
        Integration shared = integration(Map.of(), Map.of("Minor", "High"));
        applier.apply(shared, List.of(priority("High", T0)));
        assertThat(report().priority()).isEqualTo("Major");

        database.inTransaction(c -> {
            store.saveFieldState(c, reportId, "priority", new SyncRepository.FieldState(null, "Highest"));
            return null;
        });
        SyncApplier.Outcome echo = applier.apply(shared, List.of(priority("Highest", T0.plusSeconds(5))));

        assertThat(echo.summary()).contains("our own change");
        assertThat(report().jiraPriority()).isEqualTo("Highest");
        assertThat(report().priority()).isEqualTo("Major");

        // a later change by someone in Jira counts again
        applier.apply(shared, List.of(priority("Lowest", T0.plusSeconds(9))));
        assertThat(report().priority()).isEqualTo("Trivial");
    }

    @Test
    void whileALocalPriorityWaitsToBePushedJirasOlderValueDoesNotOverwriteIt() {
        database.inTransaction(c -> new OutboxRepository(database).enqueue(c, reportId, OutboxRepository.PRIORITY));

        SyncApplier.Outcome outcome = apply(priority("Lowest", T0));

        assertThat(outcome.summary()).contains("waits to be pushed");
        assertThat(report().jiraPriority()).isEqualTo("Lowest");
        assertThat(report().priority()).isEqualTo("Major");
    }

    @Test
    void commentsAreKeptPerJiraIdEditedWhenNewerAndNeverRevivedAfterDeletion() {
        CommentSeen first = new CommentSeen(ISSUE, T0, "100", "Kim", "first", T0);
        CommentSeen edited = new CommentSeen(ISSUE, T0.plusSeconds(5), "100", "Kim", "edited", T0);

        apply(first);
        apply(first);
        apply(edited);
        SyncApplier.Outcome stale = apply(first);

        assertThat(stale.summary()).contains("older than the one shown");
        assertThat(reports.comments(reportId)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("body", "edited").containsEntry("jiraId", "100"));

        apply(new CommentDeleted(ISSUE, T0.plusSeconds(6), "100"));
        SyncApplier.Outcome late = apply(new CommentSeen(ISSUE, T0.plusSeconds(7), "100", "Kim", "again", T0));

        assertThat(late.summary()).contains("was deleted");
        assertThat(reports.comments(reportId)).isEmpty();
    }

    @Test
    void aDeletionBeforeTheCommentWasSeenStillWins() {
        apply(new CommentDeleted(ISSUE, T0.plusSeconds(5), "200"));
        apply(new CommentSeen(ISSUE, T0, "200", "Kim", "too late", T0));

        assertThat(reports.comments(reportId)).isEmpty();
    }

    @Test
    void aPolledCommentListDeletesWhatJiraNoLongerHasButKeepsWhatCameAfterTheRead() {
        apply(new CommentSeen(ISSUE, T0, "1", "Kim", "kept", T0));
        apply(new CommentSeen(ISSUE, T0.plusSeconds(1), "2", "Kim", "deleted in Jira", T0.plusSeconds(1)));
        apply(new CommentSeen(ISSUE, T0.plusSeconds(60), "3", "Kim", "came after the read", T0.plusSeconds(60)));

        applier.applyCommentList(integration(), ISSUE, List.of(new CommentSeen(ISSUE, T0, "1", "Kim", "kept", T0)),
                T0.plusSeconds(30));

        assertThat(reports.comments(reportId)).extracting(c -> c.get("jiraId")).containsExactly("1", "3");
    }

    @Test
    void aMoveChangesKeyAndUrlAndADeletedIssueTakesNoFurtherChanges() {
        apply(new FieldValue(new IssueRef("10001", "OPS-9"), T0, Field.KEY, "OPS-9", "10001", null));
        assertThat(report().jiraKey()).isEqualTo("OPS-9");
        assertThat(report().jiraUrl()).isEqualTo("https://jira.example.com/browse/OPS-9");

        apply(new IssueDeleted(ISSUE, T0.plusSeconds(1)));
        SyncApplier.Outcome after = apply(status("Done", T0.plusSeconds(2)));

        assertThat(after.summary()).contains("the issue was deleted");
        assertThat(report().jiraStatus()).isNull();
        assertThat(store.details(reportId).deletedAt()).isNotNull();
    }

    @Test
    void switchesOffLeaveTheirFieldsAlone() {
        Map<String, Object> off = new LinkedHashMap<>();
        off.put("status", false);
        off.put("priority", false);
        off.put("comments", false);

        applier.apply(integration(off, null), List.of(status("Done", T0), priority("Lowest", T0),
                new CommentSeen(ISSUE, T0, "1", "Kim", "x", T0)));

        assertThat(report().jiraStatus()).isNull();
        assertThat(report().priority()).isEqualTo("Major");
        assertThat(reports.comments(reportId)).isEmpty();
    }

    @Test
    void anEventForNoReportIsReportedAsNotMatched() {
        SyncApplier.Outcome outcome = apply(new FieldValue(new IssueRef("999", "NOPE-1"), T0, Field.STATUS, "Done",
                null, null));

        assertThat(outcome.matched()).isFalse();
        assertThat(outcome.summary()).isEqualTo("no report for NOPE-1");
    }

    @Test
    void anEventWhoseIssueIdDiffersFromTheLinkedOneUnderTheSameKeyIsNotApplied() {
        SyncApplier.Outcome outcome = apply(new CommentSeen(new IssueRef("20001", "DEMO-1"), T0, "1", "Kim", "x", T0));

        assertThat(outcome.matched()).isFalse();
        assertThat(outcome.summary()).contains("DEMO-1 is issue 20001 but report " + reportId + " links issue 10001");
        assertThat(reports.comments(reportId)).isEmpty();
    }

    @Test
    void aNewLinkToTheSameSiteAndIssueIdUnlinksTheOlderReportAndEventsReachOnlyTheNewOne() {
        String newer = UUID.randomUUID().toString();
        String site = "https://jira.example.com";
        List<String> unlinked = database.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            reports.insert(c, new StoredReport(newer, "i", null, "bug", "Major", "t", "{\"title\":\"t\"}",
                    ReportStatus.FORWARDING, null, null, null, null, null, 0, null, now, now));
            reports.recordIssue(c, reportId, "DEMO-1", "10001", site + "/browse/DEMO-1", "High", site);
            // the Jira site was reset: the next issue created there has the same key and id again
            return reports.recordIssue(c, newer, "DEMO-1", "10001", site + "/browse/DEMO-1", "High", site);
        });

        SyncApplier.Outcome outcome = apply(new CommentSeen(ISSUE, T0, "1", "Kim", "On it", T0));

        assertThat(unlinked).containsExactly(reportId);
        assertThat(reports.find(reportId).orElseThrow().lastError()).contains("now belongs to report " + newer);
        assertThat(reports.comments(newer)).extracting(c -> c.get("body")).containsExactly("On it");
        assertThat(reports.comments(reportId)).isEmpty();
        assertThat(outcome.summary()).contains("the issue was deleted");
    }

    @Test
    void anIssueOfAnotherSiteWithTheSameIdDoesNotReachTheReport() {
        database.inTransaction(c -> reports.recordIssue(c, reportId, "DEMO-1", "10001",
                "https://jira.example.com/browse/DEMO-1", "High", "https://jira.example.com"));
        Integration moved = new Integration("i", "i", false, Integration.Connection.basic("cloud",
                "https://other.example.com/", AuthType.BASIC, "a@example.com", null),
                new Integration.Target("DEMO", "Bug", null), new Integration.Mapping(null, null, null, null),
                Integration.Sync.of(Map.of()));

        SyncApplier.Outcome outcome = applier.apply(moved, List.of(status("Done", T0)));

        assertThat(outcome.matched()).isFalse();
        assertThat(report().jiraStatus()).isNull();
    }

    @Test
    void aValueWithoutATimeOnlyFillsAFieldNothingNewerWasAppliedTo() {
        apply(new FieldValue(ISSUE, null, Field.ASSIGNEE, "Kim", null, null));
        assertThat(count("SELECT COUNT(*) FROM report WHERE jira_assignee = 'Kim'")).isEqualTo(1);

        apply(new FieldValue(ISSUE, T0, Field.ASSIGNEE, "Lee", null, null));
        apply(new FieldValue(ISSUE, null, Field.ASSIGNEE, "Kim", null, null));
        assertThat(count("SELECT COUNT(*) FROM report WHERE jira_assignee = 'Lee'")).isEqualTo(1);
    }

    private int count(String sql) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

}
