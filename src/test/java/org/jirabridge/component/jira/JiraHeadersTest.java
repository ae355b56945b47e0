package org.jirabridge.component.jira;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JiraHeadersTest {

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

    private Message message() {
        return new DefaultExchange(context).getMessage();
    }
}
