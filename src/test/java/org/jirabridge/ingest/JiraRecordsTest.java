package org.jirabridge.ingest;

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
    }
}
