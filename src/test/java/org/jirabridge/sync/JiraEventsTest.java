package org.jirabridge.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.store.Json;
import org.jirabridge.sync.SyncChange.CommentDeleted;
import org.jirabridge.sync.SyncChange.CommentSeen;
import org.jirabridge.sync.SyncChange.Field;
import org.jirabridge.sync.SyncChange.FieldValue;
import org.jirabridge.sync.SyncChange.IssueDeleted;
import org.jirabridge.sync.SyncChange.IssueRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading real payloads (src/test/resources/jira-samples/webhooks, see SOURCES.md) and search results. */
class JiraEventsTest {

    private static JiraEvents.Parsed sample(String file) throws IOException {
        JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(Path.of("src/test/resources/jira-samples/webhooks", file)));
        return JiraEvents.parse(node);
    }

    private static FieldValue field(JiraEvents.Parsed parsed, Field field) {
        return parsed.changes().stream().filter(c -> c instanceof FieldValue v && v.field() == field)
                .map(FieldValue.class::cast).findFirst().orElseThrow(() -> new AssertionError("no " + field));
    }

    @Test
    void serverStatusUpdateCarriesStatusCategoryAndTheIssuesUpdatedTime() throws IOException {
        JiraEvents.Parsed parsed = sample("jira-trigger-plugin__issue_updated_status_updated.json");

        assertThat(parsed.type()).isEqualTo("jira:issue_updated");
        assertThat(parsed.issue()).isEqualTo(new IssueRef("10010", "TEST-11"));
        FieldValue status = field(parsed, Field.STATUS);
        assertThat(status.value()).isEqualTo("Done");
        assertThat(status.category()).isEqualTo("done");
        assertThat(status.at()).isEqualTo(Instant.parse("2016-01-14T23:06:37.032Z"));
        assertThat(field(parsed, Field.RESOLUTION).value()).isEqualTo("Done");
    }

    @Test
    void cloudStatusChangeWithAnOffsetTimeIsReadInUtc() throws IOException {
        FieldValue status = field(sample("jira-to-matrix__issue-updated-status-changed.json"), Field.STATUS);

        assertThat(status.value()).isEqualTo("In Progress");
        assertThat(status.at()).isEqualTo(Instant.parse("2019-01-30T12:51:33.199Z"));
    }

    @Test
    void commentEventsBecomeMarkdownComments() throws IOException {
        JiraEvents.Parsed created = sample("jira-trigger-plugin__cloud_comment_added.json");
        CommentSeen comment = created.changes().stream().filter(CommentSeen.class::isInstance)
                .map(CommentSeen.class::cast).findFirst().orElseThrow();

        assertThat(comment.commentId()).isEqualTo("10021");
        assertThat(comment.author()).isEqualTo("Wisen Tanasa");
        assertThat(comment.markdown()).isNotBlank();
        assertThat(comment.created()).isNotNull();
    }

    @Test
    void aCommentEventWithoutAnIssueFindsItThroughTheCommentsSelfLink() throws IOException {
        JiraEvents.Parsed parsed = sample("jira-to-matrix__comment-created.json");

        assertThat(parsed.issue()).isEqualTo(new IssueRef("26313", null));
        assertThat(parsed.changes()).singleElement().isInstanceOf(CommentSeen.class);
    }

    @Test
    void deletionsAndOldStringTimestamps() throws IOException {
        JiraEvents.Parsed comment = sample("jira-to-matrix__comment-deleted.json");
        JiraEvents.Parsed issue = sample("jira-slack__issue_deleted.json");

        assertThat(comment.changes()).singleElement().isInstanceOfSatisfying(CommentDeleted.class, deleted -> {
            assertThat(deleted.commentId()).isEqualTo("10757");
            // "2018-12-20 15:45:59,695": no zone in the old Cloud format, read as UTC
            assertThat(deleted.at()).isEqualTo(Instant.parse("2018-12-20T15:45:59.695Z"));
        });
        assertThat(issue.changes()).singleElement().isInstanceOf(IssueDeleted.class);
    }

    @Test
    void trimmedPayloadsWithoutEventNameCountAsUpdatesAndKeepTheChangelogsValues() throws IOException {
        JiraEvents.Parsed status = sample("sentry__edit_issue_status_payload.json");
        JiraEvents.Parsed assignee = sample("sentry__edit_issue_assignee_payload.json");

        assertThat(status.type()).isEqualTo("jira:issue_updated");
        assertThat(status.issue()).isEqualTo(new IssueRef(null, "APP-123"));
        assertThat(field(status, Field.STATUS).value()).isEqualTo("In Progress");
        assertThat(field(status, Field.STATUS).category()).isNull();
        assertThat(field(assignee, Field.ASSIGNEE).value()).isEqualTo("Jess MacQueen");
        assertThat(field(assignee, Field.ASSIGNEE).at()).as("no time in the payload").isNull();
    }

    @Test
    void aMovedIssueReportsItsNewKeyWithItsStableId() throws IOException {
        FieldValue key = field(sample("jira-to-matrix__issue-updated-moved.json"), Field.KEY);

        assertThat(key.value()).isEqualTo("INDEV-130");
        assertThat(key.valueId()).isEqualTo("12490");
    }

    @Test
    void unsyncedEventsAndUnusableBodiesAreIgnoredWithAReason() throws IOException {
        assertThat(JiraEvents.parse(Json.MAPPER.readTree("{\"webhookEvent\":\"sprint_started\",\"sprint\":{}}"))
                .ignoredBecause()).isEqualTo("event sprint_started is not synced");
        assertThat(JiraEvents.parse(Json.MAPPER.readTree("{\"webhookEvent\":\"jira:issue_updated\"}"))
                .ignoredBecause()).isEqualTo("the payload names no issue");
        assertThat(JiraEvents.parse(Json.MAPPER.readTree("{\"issue\":{\"key\":\"A-1\"}}")).ignoredBecause())
                .isEqualTo("the payload names no webhookEvent");
        assertThat(JiraEvents.parse(Json.MAPPER.readTree("[1]")).ignoredBecause()).contains("not a JSON object");
    }

    @Test
    void aSearchResultGivesEveryPolledFieldAsOfItsUpdatedTime() {
        Map<String, Object> issue = Map.of("id", "10001", "key", "DEMO-1", "fields", Map.of(
                "updated", "2026-11-23T07:12:01.123+0000",
                "status", Map.of("name", "In Progress", "id", "3", "statusCategory", Map.of("key", "indeterminate")),
                "priority", Map.of("name", "High", "id", "2"),
                "assignee", Map.of("accountId", "557058:x", "displayName", "Kim"),
                "resolution", Map.of()));
        List<SyncChange> changes = JiraEvents.fromIssue(issue);

        assertThat(changes).extracting(c -> ((FieldValue) c).field())
                .containsExactly(Field.STATUS, Field.PRIORITY, Field.RESOLUTION, Field.ASSIGNEE, Field.KEY);
        assertThat(changes).allMatch(c -> Instant.parse("2026-11-23T07:12:01.123Z").equals(c.at()));
        assertThat(((FieldValue) changes.get(3)).value()).isEqualTo("Kim");
    }

    @Test
    void adfAndWikiCommentBodiesBothBecomeMarkdown() {
        IssueRef ref = new IssueRef("1", "A-1");
        Map<String, Object> adf = Map.of("id", "7", "created", "2026-11-23T07:12:01.123+0000",
                "author", Map.of("displayName", "Kim"),
                "body", Map.of("type", "doc", "version", 1, "content", List.of(Map.of("type", "paragraph",
                        "content", List.of(Map.of("type", "text", "text", "bold", "marks",
                                List.of(Map.of("type", "strong"))))))));
        Map<String, Object> wiki = Map.of("id", "8", "body", "*bold* and _em_");

        assertThat(((CommentSeen) JiraEvents.fromComment(ref, adf).orElseThrow()).markdown()).isEqualTo("**bold**");
        assertThat(((CommentSeen) JiraEvents.fromComment(ref, wiki).orElseThrow()).markdown())
                .isEqualTo("**bold** and *em*");
    }
}
