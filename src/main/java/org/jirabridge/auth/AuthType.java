package org.jirabridge.auth;

/** Every way Atlassian lets a client authenticate against Jira; names match the integrations API. */
public enum AuthType {
    BASIC,
    PAT,
    OAUTH2,
    OAUTH2_CLIENT_CREDENTIALS,
    SCOPED_API_TOKEN,
    OAUTH1,
    CONNECT
}
