package org.jirabridge.component.jira;

/** The operations of {@code jirarest:<operation>}; URI names are camel-jira's where camel-jira has them. */
public enum JiraRestOperation {
    ADD_ISSUE("addIssue"),
    UPDATE_ISSUE("updateIssue"),
    TRANSITION_ISSUE("transitionIssue"),
    ADD_COMMENT("addComment"),
    FETCH_ISSUE("fetchIssue"),
    FETCH_COMMENTS("fetchComments"),
    ATTACH("attach"),
    DELETE_ISSUE("deleteIssue"),
    WATCHERS("watchers"),
    SEARCH("search"),
    SERVER_INFO("serverInfo"),
    MYSELF("myself"),
    MY_PERMISSIONS("myPermissions"),
    PROJECTS("projects"),
    ISSUE_TYPES("issueTypes"),
    FIELDS("fields"),
    PRIORITIES("priorities"),
    ASSIGNABLE_USERS("assignableUsers"),
    REQUEST("request");

    private final String uriName;

    JiraRestOperation(String uriName) {
        this.uriName = uriName;
    }

    public String uriName() {
        return uriName;
    }

    /** Case-insensitive, as camel-jira's {@code jira:ADDISSUE} and {@code jira:addIssue} both worked. */
    public static JiraRestOperation fromUriName(String name) {
        for (JiraRestOperation operation : values()) {
            if (operation.uriName.equalsIgnoreCase(name) || operation.name().equalsIgnoreCase(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown jirarest operation '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(JiraRestOperation::uriName).toList());
    }

    @Override
    public String toString() {
        return uriName;
    }
}
