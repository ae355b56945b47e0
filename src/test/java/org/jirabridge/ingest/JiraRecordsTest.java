package org.jirabridge.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.store.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JiraRecordsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void sprintIdsComeFromCloudObjectsAndServerGreenhopperStrings() throws Exception {
        JsonNode cloud = json("""
                {"id": "1", "key": "A-1", "fields": {"customfield_10100": [{"id": 7, "name": "S7"}]}}""");
        JsonNode server = json("""
                {"id": "2", "key": "A-2", "fields": {"customfield_10100": [
                 "com.atlassian.greenhopper.service.sprint.Sprint@1f[id=12,rapidViewId=3,state=CLOSED,name=S 12,goal=]"]}}""");
        assertThat(JiraRecords.issue(cloud, "customfield_10100").sprintIds()).containsExactly(7L);
        assertThat(JiraRecords.issue(server, "customfield_10100").sprintIds()).containsExactly(12L);
        assertThat(JiraRecords.issue(server, null).sprintIds()).isEmpty();
    }

    @Test
    void richTextBecomesMarkdownFromAdfAndFromWikiMarkup() throws Exception {
        JsonNode adf = json("""
                {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [
                 {"type": "text", "text": "Pay", "marks": [{"type": "strong"}]}, {"type": "text", "text": " fails"}]}]}""");
        assertThat(JiraRecords.markdown(adf)).isEqualTo("**Pay** fails");
        assertThat(JiraRecords.markdown(json("\"*Pay* fails\""))).isEqualTo("**Pay** fails");
        assertThat(JiraRecords.markdown(null)).isNull();
    }

    @Test
    void usersAreKeyedByAccountIdOnCloudAndByKeyOnServerAndHiddenEmailsStayUnknown() throws Exception {
        IngestRows.User cloud = JiraRecords.user(json("""
                {"accountId": "557058:x", "displayName": "Kim", "active": true, "timeZone": "Europe/Berlin"}"""));
        IngestRows.User server = JiraRecords.user(json("""
                {"name": "kim", "key": "JIRAUSER10100", "displayName": "Kim", "emailAddress": "kim@example.com"}"""));
        assertThat(cloud).isEqualTo(new IngestRows.User("557058:x", "Kim", null, "Europe/Berlin", true));
        assertThat(server.id()).isEqualTo("JIRAUSER10100");
        assertThat(server.email()).isEqualTo("kim@example.com");
    }

    @Test
    void jiraTimesAndAgileTimesAreRead() throws Exception {
        assertThat(JiraRecords.time(json("\"2026-11-23T07:12:01.123+0100\""))).hasToString("2026-11-23T06:12:01.123Z");
        assertThat(JiraRecords.time(json("\"2026-11-23T07:12:01.123Z\""))).hasToString("2026-11-23T07:12:01.123Z");
        assertThat(JiraRecords.time(json("null"))).isNull();
        // read by position, as the formatter reads them: offsets both ways, half hours, leap days, no millis
        for (String text : List.of("2026-11-23T07:12:01.123+0000", "2026-12-31T23:59:59.999-0800",
                "2024-02-29T00:00:00.000+0530", "2027-01-01T00:30:00.005+1300", "1999-07-04T12:00:00.000-1200")) {
            assertThat(JiraRecords.jiraTime(text)).as(text).isEqualTo(OffsetDateTime.parse(text,
                    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")).toInstant());
        }
        assertThat(JiraRecords.time(json("\"2026-11-23T07:12:01+0100\""))).hasToString("2026-11-23T06:12:01Z");
        // a date that does not exist is left to the formatter, as before
        assertThat(JiraRecords.jiraTime("2026-02-30T07:12:01.123+0100")).isNull();
    }

    @Test
    void answersBecomeTheTreesJacksonWouldMake() throws Exception {
        String text = """
                {"issues": [{"id": "1", "n": 7, "big": 12345678901, "ratio": 0.5, "ok": true, "none": null,
                 "fields": {"labels": ["a", "b"], "empty": {}, "list": []}}], "nextPageToken": null}""";
        Object body = Json.MAPPER.readValue(text, Object.class);
        assertThat(JsonTree.of(body)).isEqualTo(Json.MAPPER.valueToTree(body)).isEqualTo(json(text));
        assertThat(JsonTree.of(null).isNull()).isTrue();
    }

    @Test
    void incrementalQueriesAreDatedInTheUsersZoneOrEarlyEnoughForAnyZone() {
        Instant cursor = Instant.parse("2026-12-01T10:00:30Z");
        Duration overlap = Duration.ofSeconds(60);
        assertThat(IngestRun.jqlFrom(cursor, overlap, ZoneId.of("Pacific/Auckland"), true)).isEqualTo("2026-12-01 22:59");
        assertThat(IngestRun.jqlFrom(cursor, overlap, ZoneId.of("America/Los_Angeles"), true)).isEqualTo("2026-12-01 01:59");
        assertThat(IngestRun.jqlFrom(cursor, overlap, ZoneId.of("UTC"), true)).isEqualTo("2026-12-01 09:59");
        // Auckland sets its clocks back from 03:00 to 02:00 on 2026-04-05: 02:30 names two instants, so an hour earlier
        Instant second = Instant.parse("2026-04-04T14:31:00Z");
        assertThat(second.atZone(ZoneId.of("Pacific/Auckland")).toLocalDateTime()).hasToString("2026-04-05T02:31");
        assertThat(IngestRun.jqlFrom(second, overlap, ZoneId.of("Pacific/Auckland"), true)).isEqualTo("2026-04-05 01:30");
        // zone unknown: UTC less 12 hours, which even UTC-12 reads as no later than the cursor
        String unknown = IngestRun.jqlFrom(cursor, overlap, ZoneId.of("UTC"), false);
        assertThat(unknown).isEqualTo("2026-11-30 21:59");
        for (String zone : ZoneId.getAvailableZoneIds()) {
            Instant readAs = LocalDateTime.parse(unknown, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                    .atZone(ZoneId.of(zone)).toInstant();
            assertThat(readAs).as(zone).isBeforeOrEqualTo(cursor.minus(overlap));
        }
    }
}
