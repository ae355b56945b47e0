package org.jirabridge.component.jira;

import java.util.Map;

import org.apache.camel.spi.Metadata;

/**
 * Message header names of the {@code jirarest} component. The constants hold camel-jira's current names
 * ({@code CamelJira...}); {@link #LEGACY_NAMES} maps each to the older unprefixed spelling, which is read as well
 * unless the endpoint sets {@code legacyHeaders=false}. When both spellings are present the {@code CamelJira...} one
 * wins; output headers are written under both.
 *
 * <p>camel-jira renamed its headers in 4.18.3 (also 4.14.8 and 4.21.0), CAMEL-23576: the Java constants of
 * {@code org.apache.camel.component.jira.JiraConstants} kept their names, their values went from {@code IssueKey},
 * {@code ProjectKey}, {@code linkType}... to {@code CamelJiraIssueKey}, {@code CamelJiraIssueProjectKey},
 * {@code CamelJiraLinkType}... (source: apache/camel pull request 23460, the 4.18.x backport of 23417, and the
 * "camel-jira - potential breaking change" table of camel-4x-upgrade-guide-4_18.adoc, pull request 23475). Every
 * camel-jira header a jirarest operation reads or sets is here under both spellings, so a route written for camel-jira
 * before or after 4.18.3 works unchanged. camel-jira's {@code ChildIssueKey}/{@code CamelJiraChildIssueKey},
 * {@code linkType}/{@code CamelJiraLinkType} (linkIssue) and {@code minutesSpent}/{@code CamelJiraMinutesSpent}
 * (addWorkLog) belong to operations jirarest does not have, and {@code IssueChanged}, {@code IssueWatchedIssues} to
 * its consumers. The unprefixed names of jirarest's own headers (IssueId, IssueUrl, Jql, JiraPermissions,
 * JiraAttachmentName, JiraAttachmentContentType, JiraMethod, JiraPath) follow the same pattern.
 */
public final class JiraRestConstants {

    @Metadata(description = "The key of the issue (input of most operations; set by addIssue)", javaType = "String")
    public static final String ISSUE_KEY = "CamelJiraIssueKey";
    @Metadata(description = "The id of the created issue (set by addIssue)", javaType = "String")
    public static final String ISSUE_ID = "CamelJiraIssueId";
    @Metadata(description = "Browse URL of the created issue (set by addIssue)", javaType = "String")
    public static final String ISSUE_URL = "CamelJiraIssueUrl";
    @Metadata(label = "producer", description = "The key of the project", javaType = "String")
    public static final String ISSUE_PROJECT_KEY = "CamelJiraIssueProjectKey";
    @Metadata(label = "producer", description = "The id of the issue type", javaType = "String")
    public static final String ISSUE_TYPE_ID = "CamelJiraIssueTypeId";
    @Metadata(label = "producer", description = "The name of the issue type", javaType = "String")
    public static final String ISSUE_TYPE_NAME = "CamelJiraIssueTypeName";
    @Metadata(label = "producer", description = "The summary of the issue", javaType = "String")
    public static final String ISSUE_SUMMARY = "CamelJiraIssueSummary";
    @Metadata(label = "producer", description = "The id of the priority", javaType = "String")
    public static final String ISSUE_PRIORITY_ID = "CamelJiraIssuePriorityId";
    @Metadata(label = "producer", description = "The name of the priority", javaType = "String")
    public static final String ISSUE_PRIORITY_NAME = "CamelJiraIssuePriorityName";
    @Metadata(label = "producer", description = "The assignee: accountId on Cloud, user name on Server/DC", javaType = "String")
    public static final String ISSUE_ASSIGNEE = "CamelJiraIssueAssignee";
    @Metadata(label = "producer", description = "The assignee's id: accountId on Cloud, user name on Server/DC",
              javaType = "String")
    public static final String ISSUE_ASSIGNEE_ID = "CamelJiraIssueAssigneeId";
    @Metadata(label = "producer", description = "Comma separated names of the issue's components", javaType = "String")
    public static final String ISSUE_COMPONENTS = "CamelJiraIssueComponents";
    @Metadata(label = "producer", description = "Key of the parent issue (sub-tasks)", javaType = "String")
    public static final String PARENT_ISSUE_KEY = "CamelJiraParentIssueKey";
    @Metadata(label = "producer", description = "Comment added by transitionIssue (else the String body)",
              javaType = "String")
    public static final String ISSUE_COMMENT = "CamelJiraIssueComment";
    @Metadata(label = "producer", description = "The id of the transition", javaType = "String")
    public static final String ISSUE_TRANSITION_ID = "CamelJiraIssueTransitionId";
    @Metadata(label = "producer", description = "Comma separated watchers to add (accountIds on Cloud, names on Server)",
              javaType = "String")
    public static final String ISSUE_WATCHERS_ADD = "CamelJiraIssueWatchersAdd";
    @Metadata(label = "producer", description = "Comma separated watchers to remove", javaType = "String")
    public static final String ISSUE_WATCHERS_REMOVE = "CamelJiraIssueWatchersRemove";
    @Metadata(label = "producer", description = "JQL of the search operation (else the String body, else the jql option)",
              javaType = "String")
    public static final String JQL = "CamelJiraJql";
    @Metadata(label = "producer", description = "Comma separated permission keys asked by myPermissions",
              javaType = "String")
    public static final String PERMISSIONS = "CamelJiraPermissions";
    @Metadata(label = "producer", description = "File name of an attachment (else CamelFileName)", javaType = "String")
    public static final String ATTACHMENT_NAME = "CamelJiraAttachmentName";
    @Metadata(label = "producer", description = "Content type of an attachment (else Content-Type, else guessed)",
              javaType = "String")
    public static final String ATTACHMENT_CONTENT_TYPE = "CamelJiraAttachmentContentType";
    @Metadata(label = "producer", description = "HTTP method of the request operation (default GET)", javaType = "String")
    public static final String JIRA_METHOD = "CamelJiraMethod";
    @Metadata(label = "producer", description = "Path of the request operation, e.g. /rest/api/2/issue/DEMO-1",
              javaType = "String")
    public static final String JIRA_PATH = "CamelJiraPath";
    @Metadata(label = "producer", description = "true: the request operation answers a Jackson JsonNode, parsed as the "
              + "answer arrives (a big page is never held as text too), instead of Maps and Lists; an answer that is "
              + "not JSON comes as a text node", javaType = "Boolean")
    public static final String RESPONSE_TREE = "CamelJiraResponseTree";
    @Metadata(label = "producer", description = "HTTP status Jira answered to the request operation", javaType = "int")
    public static final String RESPONSE_CODE = "CamelJiraResponseCode";
    @Metadata(label = "producer", description = "CLOUD or SERVER: the deployment the operation talked to",
              javaType = "String")
    public static final String DEPLOYMENT = "CamelJiraDeployment";

    @Metadata(label = "producer", description = "Id of the integration whose connection the exchange uses, read when"
              + " the URI gives neither integration nor jiraUrl (the header jira-bridge's routes carry)",
              javaType = "String")
    public static final String INTEGRATION_ID = "JiraBridgeIntegrationId";

    /**
     * The spelling before CAMEL-23576 (camel-jira before 4.18.3 and 4.14.8) of each CamelJira name: read when
     * the CamelJira header is absent, written next to it.
     */
    public static final Map<String, String> LEGACY_NAMES = Map.ofEntries(
            Map.entry(ISSUE_KEY, "IssueKey"),
            Map.entry(ISSUE_ID, "IssueId"),
            Map.entry(ISSUE_URL, "IssueUrl"),
            Map.entry(ISSUE_PROJECT_KEY, "ProjectKey"),
            Map.entry(ISSUE_TYPE_ID, "IssueTypeId"),
            Map.entry(ISSUE_TYPE_NAME, "IssueTypeName"),
            Map.entry(ISSUE_SUMMARY, "IssueSummary"),
            Map.entry(ISSUE_PRIORITY_ID, "IssuePriorityId"),
            Map.entry(ISSUE_PRIORITY_NAME, "IssuePriorityName"),
            Map.entry(ISSUE_ASSIGNEE, "IssueAssignee"),
            Map.entry(ISSUE_ASSIGNEE_ID, "IssueAssigneeId"),
            Map.entry(ISSUE_COMPONENTS, "IssueComponents"),
            Map.entry(PARENT_ISSUE_KEY, "ParentIssueKey"),
            Map.entry(ISSUE_COMMENT, "IssueComment"),
            Map.entry(ISSUE_TRANSITION_ID, "IssueTransitionId"),
            Map.entry(ISSUE_WATCHERS_ADD, "IssueWatchersAdd"),
            Map.entry(ISSUE_WATCHERS_REMOVE, "IssueWatchersRemove"),
            Map.entry(JQL, "Jql"),
            Map.entry(PERMISSIONS, "JiraPermissions"),
            Map.entry(ATTACHMENT_NAME, "JiraAttachmentName"),
            Map.entry(ATTACHMENT_CONTENT_TYPE, "JiraAttachmentContentType"),
            Map.entry(JIRA_METHOD, "JiraMethod"),
            Map.entry(JIRA_PATH, "JiraPath"));

    private JiraRestConstants() {
    }
}
