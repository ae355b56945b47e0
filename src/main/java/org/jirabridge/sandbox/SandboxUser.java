package org.jirabridge.sandbox;

import java.util.List;

/**
 * A user of the fake Jira. Cloud users are identified by accountId and sign in with email + API token;
 * Server users by username and sign in with password or a personal access token.
 * The account password of a Cloud user exists only so that Cloud can refuse it on the REST API.
 */
record SandboxUser(String accountId, String name, String key, String displayName, String emailAddress,
                   boolean active, String password, List<String> apiTokens, List<String> personalAccessTokens) {

    SandboxUser {
        apiTokens = apiTokens == null ? List.of() : List.copyOf(apiTokens);
        personalAccessTokens = personalAccessTokens == null ? List.of() : List.copyOf(personalAccessTokens);
    }

    /** The id other objects refer to: accountId on Cloud, username on Server. */
    String id(Flavour flavour) {
        return flavour == Flavour.CLOUD ? accountId : name;
    }

    @Override
    public String toString() {
        // holds passwords and tokens: never print them
        return "SandboxUser[accountId=" + accountId + ", name=" + name + ", displayName=" + displayName
                + ", password=******, apiTokens=" + apiTokens.size() + ", personalAccessTokens="
                + personalAccessTokens.size() + "]";
    }
}
