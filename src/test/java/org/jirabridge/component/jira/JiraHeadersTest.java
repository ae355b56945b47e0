package org.jirabridge.component.jira;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JiraHeadersTest {

    /**
     * CAMEL-23576 (camel-jira 4.18.3, 4.14.8, 4.21.0): the header values of camel-jira's JiraConstants before -> after,
     * for every one a jirarest operation reads or sets (from the upgrade guide's table, apache/camel pull requests
     * 23460 and 23475).
     */
    private static final Map<String, String> CAMEL_23576 = Map.ofEntries(
            Map.entry("IssueKey", "CamelJiraIssueKey"),
            Map.entry("ProjectKey", "CamelJiraIssueProjectKey"),
            Map.entry("IssueTypeId", "CamelJiraIssueTypeId"),
            Map.entry("IssueTypeName", "CamelJiraIssueTypeName"),
            Map.entry("IssueSummary", "CamelJiraIssueSummary"),
            Map.entry("IssuePriorityId", "CamelJiraIssuePriorityId"),
            Map.entry("IssuePriorityName", "CamelJiraIssuePriorityName"),
            Map.entry("IssueAssignee", "CamelJiraIssueAssignee"),
            Map.entry("IssueAssigneeId", "CamelJiraIssueAssigneeId"),
            Map.entry("IssueComponents", "CamelJiraIssueComponents"),
            Map.entry("IssueComment", "CamelJiraIssueComment"),
            Map.entry("IssueTransitionId", "CamelJiraIssueTransitionId"),
            Map.entry("IssueWatchersAdd", "CamelJiraIssueWatchersAdd"),
            Map.entry("IssueWatchersRemove", "CamelJiraIssueWatchersRemove"),
            Map.entry("ParentIssueKey", "CamelJiraParentIssueKey"));

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void closeContext() throws Exception {
        context.close();
    }

    @Test
    void prefixedNameWinsOverTheLegacyOne() {
        Message message = message();
        message.setHeader("IssueKey", "OLD-1");
        message.setHeader("CamelJiraIssueKey", "NEW-1");

        assertThat(new JiraHeaders(message, true).text(JiraRestConstants.ISSUE_KEY)).isEqualTo("NEW-1");
    }

    @Test
    void legacyNamesAreReadUnlessTurnedOff() {
        Message message = message();
        message.setHeader("ProjectKey", " DEMO ");
        message.setHeader("IssueTransitionId", 31);

        assertThat(new JiraHeaders(message, true).text(JiraRestConstants.ISSUE_PROJECT_KEY)).isEqualTo("DEMO");
        assertThat(new JiraHeaders(message, true).text(JiraRestConstants.ISSUE_TRANSITION_ID)).isEqualTo("31");
        assertThat(new JiraHeaders(message, false).text(JiraRestConstants.ISSUE_PROJECT_KEY)).isNull();
    }

    @Test
    void listsSplitOnCommasAndDropBlanks() {
        Message message = message();
        message.setHeader("IssueComponents", "ios, android,, ");

        assertThat(new JiraHeaders(message, true).list(JiraRestConstants.ISSUE_COMPONENTS))
                .containsExactly("ios", "android");
    }

    @Test
    void missingRequiredHeaderNamesBothSpellings() {
        assertThatThrownBy(() -> new JiraHeaders(message(), true).required(JiraRestConstants.ISSUE_KEY, "the issue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CamelJiraIssueKey").hasMessageContaining("IssueKey");
    }

    @Test
    void outputHeadersAreWrittenUnderBothNames() {
        Message message = message();
        new JiraHeaders(message, true).set(JiraRestConstants.ISSUE_KEY, "DEMO-7");

        assertThat(message.getHeader("CamelJiraIssueKey")).isEqualTo("DEMO-7");
        assertThat(message.getHeader("IssueKey")).isEqualTo("DEMO-7");
    }

    @Test
    void everyCamelJiraHeaderIsReadAndWrittenUnderItsNameBeforeAndAfterCamel23576() {
        CAMEL_23576.forEach((before, after) -> {
            assertThat(JiraRestConstants.LEGACY_NAMES).as(after).containsEntry(after, before);

            Message old = message();
            old.setHeader(before, "written for camel-jira 4.18.2");
            Message renamed = message();
            renamed.setHeader(after, "written for camel-jira 4.18.3");
            Message both = message();
            both.setHeader(before, "old");
            both.setHeader(after, "new");
            Message output = message();
            new JiraHeaders(output, true).set(after, "set");

            assertThat(new JiraHeaders(old, true).text(after)).as(before).isEqualTo("written for camel-jira 4.18.2");
            assertThat(new JiraHeaders(renamed, true).text(after)).as(after).isEqualTo("written for camel-jira 4.18.3");
            assertThat(new JiraHeaders(renamed, false).text(after)).as(after).isEqualTo("written for camel-jira 4.18.3");
            assertThat(new JiraHeaders(both, true).text(after)).as(after + " wins").isEqualTo("new");
            assertThat(output.getHeaders()).as(after).containsEntry(before, "set").containsEntry(after, "set");
        });
    }

    private Message message() {
        return new DefaultExchange(context).getMessage();
    }
}
