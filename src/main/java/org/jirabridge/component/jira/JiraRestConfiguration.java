package org.jirabridge.component.jira;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.jirabridge.auth.AuthOptions;
import org.jirabridge.auth.AuthType;

/**
 * Options of a {@code jirarest} endpoint. The component holds one instance as defaults; every endpoint works on its
 * own {@link #copy()}.
 */
@UriParams
public class JiraRestConfiguration implements Cloneable {

    @UriParam(description = "Id of the integration whose connection the JiraConnectionResolver bean supplies;"
                            + " when set, jiraUrl and the credential options are not used. When neither this nor"
                            + " jiraUrl (nor a credential option) is given, each exchange names its integration in"
                            + " header JiraBridgeIntegrationId")
    private String integration;

    @UriParam(label = "connection", description = "The Jira site, e.g. https://acme.atlassian.net (without integration)")
    private String jiraUrl;

    @UriParam(label = "connection", enums = "CLOUD,SERVER",
              description = "CLOUD (REST v3, ADF) or SERVER (REST v2, wiki markup); when neither this option nor the"
                            + " integration says, GET /rest/api/2/serverInfo decides once per site")
    private Deployment deployment;

    @UriParam(label = "security", enums = "BASIC,PAT",
              description = "How to authenticate without an integration; inferred from the credentials when not set")
    private AuthType authType;

    @UriParam(label = "security", secret = true, description = "Cloud e-mail address or Server/DC user name (BASIC)")
    private String username;

    @UriParam(label = "security", secret = true, description = "Cloud API token or Server/DC password (BASIC)")
    private String password;

    @UriParam(label = "security", secret = true, description = "Personal access token (PAT)")
    private String accessToken;

    @UriParam(label = "advanced", defaultValue = "10000", description = "Connect timeout in milliseconds")
    private int connectTimeout = 10_000;

    @UriParam(label = "advanced", defaultValue = "30000",
              description = "Socket (response) timeout in milliseconds: longest wait for Jira's answer")
    private int socketTimeout = 30_000;

    @UriParam(label = "advanced", defaultValue = "20", description = "Most connections held open to one Jira site")
    private int maxConnectionsPerSite = 20;

    @UriParam(label = "advanced", defaultValue = "0", description = "Most requests per second sent to one Jira site;"
            + " 0: no ceiling until Jira announces a limit (X-RateLimit-Limit) or answers 429")
    private double maxRequestsPerSecond;

    @UriParam(defaultValue = "50", description = "search: most issues returned, read across as many pages as needed")
    private int maxResults = 50;

    @UriParam(label = "advanced", defaultValue = "50", description = "Items asked per page when reading pages")
    private int pageSize = 50;

    @UriParam(description = "search: JQL used when neither the CamelJiraJql header nor a String body gives one")
    private String jql;

    @UriParam(description = "search and fetchIssue: comma separated fields to return; search defaults to *navigable,"
                            + " fetchIssue to all fields")
    private String fields;

    @UriParam(description = "search and fetchIssue: comma separated expansions, e.g. renderedFields,changelog")
    private String expand;

    @UriParam(defaultValue = "true",
              description = "Also read camel-jira's unprefixed header names (IssueKey, ProjectKey...). Turn off when"
                            + " headers may come from untrusted callers, so only CamelJira* headers, which HTTP"
                            + " consumers filter, can steer the operation")
    private boolean legacyHeaders = true;

    /** A copy an endpoint may change without touching the component's defaults. */
    public JiraRestConfiguration copy() {
        try {
            return (JiraRestConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The credential options as the auth package takes them. */
    public AuthOptions authOptions() {
        return new AuthOptions(authType, username, password, accessToken);
    }

    public String getIntegration() {
        return integration;
    }

    public void setIntegration(String integration) {
        this.integration = integration;
    }

    public String getJiraUrl() {
        return jiraUrl;
    }

    public void setJiraUrl(String jiraUrl) {
        this.jiraUrl = jiraUrl;
    }

    public Deployment getDeployment() {
        return deployment;
    }

    public void setDeployment(Deployment deployment) {
        this.deployment = deployment;
    }

    public AuthType getAuthType() {
        return authType;
    }

    public void setAuthType(AuthType authType) {
        this.authType = authType;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getAccessToken() {
        return accessToken;
    }

    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public int getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getSocketTimeout() {
        return socketTimeout;
    }

    public void setSocketTimeout(int socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    public int getMaxConnectionsPerSite() {
        return maxConnectionsPerSite;
    }

    public void setMaxConnectionsPerSite(int maxConnectionsPerSite) {
        this.maxConnectionsPerSite = maxConnectionsPerSite;
    }

    public double getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    public void setMaxRequestsPerSecond(double maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public int getMaxResults() {
        return maxResults;
    }

    public void setMaxResults(int maxResults) {
        this.maxResults = maxResults;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public String getJql() {
        return jql;
    }

    public void setJql(String jql) {
        this.jql = jql;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }

    public String getExpand() {
        return expand;
    }

    public void setExpand(String expand) {
        this.expand = expand;
    }

    public boolean isLegacyHeaders() {
        return legacyHeaders;
    }

    public void setLegacyHeaders(boolean legacyHeaders) {
        this.legacyHeaders = legacyHeaders;
    }

    @Override
    public String toString() {
        // secret options show only whether they are set
        return "JiraRestConfiguration[integration=" + integration + ", jiraUrl=" + jiraUrl
                + ", deployment=" + deployment + ", authType=" + authType
                + ", username=" + (username == null ? "null" : "******")
                + ", password=" + (password == null ? "null" : "******")
                + ", accessToken=" + (accessToken == null ? "null" : "******")
                + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", maxResults=" + maxResults + ", pageSize=" + pageSize + "]";
    }
}
