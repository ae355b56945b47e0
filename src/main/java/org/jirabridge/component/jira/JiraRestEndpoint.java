package org.jirabridge.component.jira;

import java.net.URI;
import java.util.Map;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.jirabridge.auth.AuthStrategies;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.producer.AddCommentProducer;
import org.jirabridge.component.jira.producer.AddIssueProducer;
import org.jirabridge.component.jira.producer.AssignableUsersProducer;
import org.jirabridge.component.jira.producer.AttachProducer;
import org.jirabridge.component.jira.producer.DeleteIssueProducer;
import org.jirabridge.component.jira.producer.FetchCommentsProducer;
import org.jirabridge.component.jira.producer.FetchIssueProducer;
import org.jirabridge.component.jira.producer.FieldsProducer;
import org.jirabridge.component.jira.producer.IssueTypesProducer;
import org.jirabridge.component.jira.producer.MyPermissionsProducer;
import org.jirabridge.component.jira.producer.MyselfProducer;
import org.jirabridge.component.jira.producer.PrioritiesProducer;
import org.jirabridge.component.jira.producer.ProjectsProducer;
import org.jirabridge.component.jira.producer.RequestProducer;
import org.jirabridge.component.jira.producer.SearchProducer;
import org.jirabridge.component.jira.producer.ServerInfoProducer;
import org.jirabridge.component.jira.producer.TransitionIssueProducer;
import org.jirabridge.component.jira.producer.UpdateIssueProducer;
import org.jirabridge.component.jira.producer.WatchersProducer;

/** A {@code jirarest:<operation>} endpoint; producer only (polling consumers are a separate piece of work). */
@UriEndpoint(firstVersion = "0.1.0", scheme = "jirarest", title = "Jira REST", syntax = "jirarest:operation",
             producerOnly = true, category = { Category.DOCUMENT }, headersClass = JiraRestConstants.class)
public class JiraRestEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    @UriPath(description = "The operation, e.g. addIssue, search, request")
    @Metadata(required = true)
    private final JiraRestOperation operation;

    @UriParam
    private final JiraRestConfiguration configuration;

    /** Connection built from explicit URI options; integrations are resolved per exchange instead. */
    private volatile JiraConnection explicitConnection;

    public JiraRestEndpoint(String uri, JiraRestComponent component, JiraRestOperation operation,
                            JiraRestConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public JiraRestComponent getComponent() {
        return (JiraRestComponent) super.getComponent();
    }

    public JiraRestOperation getOperation() {
        return operation;
    }

    public JiraRestConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (configuration.getIntegration() == null && isExplicitForm()) {
            // fail at route start, not on the first message, when explicit options are incomplete
            explicitConnection();
        }
    }

    @Override
    public Producer createProducer() {
        return switch (operation) {
            case ADD_ISSUE -> new AddIssueProducer(this);
            case UPDATE_ISSUE -> new UpdateIssueProducer(this);
            case TRANSITION_ISSUE -> new TransitionIssueProducer(this);
            case ADD_COMMENT -> new AddCommentProducer(this);
            case FETCH_ISSUE -> new FetchIssueProducer(this);
            case FETCH_COMMENTS -> new FetchCommentsProducer(this);
            case ATTACH -> new AttachProducer(this);
            case DELETE_ISSUE -> new DeleteIssueProducer(this);
            case WATCHERS -> new WatchersProducer(this);
            case SEARCH -> new SearchProducer(this);
            case SERVER_INFO -> new ServerInfoProducer(this);
            case MYSELF -> new MyselfProducer(this);
            case MY_PERMISSIONS -> new MyPermissionsProducer(this);
            case PROJECTS -> new ProjectsProducer(this);
            case ISSUE_TYPES -> new IssueTypesProducer(this);
            case FIELDS -> new FieldsProducer(this);
            case PRIORITIES -> new PrioritiesProducer(this);
            case ASSIGNABLE_USERS -> new AssignableUsersProducer(this);
            case REQUEST -> new RequestProducer(this);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("jirarest:" + operation + " cannot consume; it is a producer");
    }

    /**
     * The integration this exchange talks as, resolved the same way for every operation: the URI's {@code integration}
     * option; else none (null) when the URI gives the explicit form ({@code jiraUrl} or credential options); else
     * the exchange's header {@link JiraRestConstants#INTEGRATION_ID}. So one endpoint ({@code to: jirarest:addIssue})
     * serves every integration, each exchange its own.
     *
     * @throws IllegalArgumentException when the URI has neither form and the exchange carries no such header
     */
    public String integration(Exchange exchange) {
        if (configuration.getIntegration() != null) {
            return configuration.getIntegration();
        }
        if (isExplicitForm()) {
            return null;
        }
        String id = exchange.getMessage().getHeader(JiraRestConstants.INTEGRATION_ID, String.class);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("jirarest:" + operation + " does not know which Jira to call: give"
                    + " integration=<id> or jiraUrl in the URI, or the integration's id in header "
                    + JiraRestConstants.INTEGRATION_ID);
        }
        return id.trim();
    }

    /**
     * A client for the connection of the given integration (asked each time, so edited credentials apply at once)
     * or, for null, the one from explicit options, talking REST v3 or v2 as the deployment requires.
     *
     * @param integration from {@link #integration(Exchange)}
     */
    public JiraRestClient client(String integration) {
        JiraConnection connection = integration != null
                ? getComponent().connectionResolver().resolve(integration)
                : explicitConnection();
        String apiBaseUrl;
        try {
            apiBaseUrl = connection.auth().apiBaseUrl(connection.siteUrl());
        } catch (org.jirabridge.auth.CredentialsException e) {
            // no site chosen yet, or the cloud id lookup failed: classified like any other failure
            throw org.jirabridge.component.jira.client.JiraErrors.fromCredentials("RESOLVE", operation.toString(), e);
        }
        CloseableHttpClient http = getComponent().pools().forSite(URI.create(apiBaseUrl),
                configuration.getConnectTimeout(), configuration.getMaxConnectionsPerSite());
        Deployment deployment = configuration.getDeployment() != null ? configuration.getDeployment()
                : connection.deployment();
        if (deployment == null) {
            JiraRestClient probe = newClient(http, connection, apiBaseUrl, Deployment.SERVER, integration);
            deployment = getComponent().detectDeployment(connection.siteUrl(), probe);
        }
        return newClient(http, connection, apiBaseUrl, deployment, integration);
    }

    private JiraRestClient newClient(CloseableHttpClient http, JiraConnection connection, String apiBaseUrl,
                                     Deployment deployment, String integration) {
        String site = URI.create(apiBaseUrl).getAuthority();
        return new JiraRestClient(http, connection.siteUrl(), apiBaseUrl, deployment, connection.auth(),
                configuration.getSocketTimeout(), getComponent().clock(),
                getComponent().pacer(apiBaseUrl, configuration.getMaxRequestsPerSecond()),
                () -> getComponent().observer().rateLimited(integration, site));
    }

    /** Whether the URI states the connection itself (site or credentials) instead of naming an integration. */
    private boolean isExplicitForm() {
        return configuration.getJiraUrl() != null || configuration.getAuthType() != null
               || configuration.getUsername() != null || configuration.getPassword() != null
               || configuration.getAccessToken() != null;
    }

    private JiraConnection explicitConnection() {
        JiraConnection connection = explicitConnection;
        if (connection == null) {
            String jiraUrl = configuration.getJiraUrl();
            if (jiraUrl == null || jiraUrl.isBlank()) {
                throw new IllegalArgumentException("jirarest:" + operation + " needs either integration=<id> or jiraUrl");
            }
            URI site = URI.create(jiraUrl.trim());
            if (site.getScheme() == null || site.getHost() == null) {
                throw new IllegalArgumentException("jiraUrl must be an absolute http(s) URL: " + jiraUrl);
            }
            String siteUrl = jiraUrl.trim().replaceAll("/+$", "");
            connection = new JiraConnection(siteUrl, configuration.getDeployment(),
                    AuthStrategies.fromOptions(configuration.authOptions()));
            explicitConnection = connection;
        }
        return connection;
    }

    @Override
    public String getServiceUrl() {
        if (configuration.getIntegration() != null) {
            return "integration:" + configuration.getIntegration();
        }
        return configuration.getJiraUrl() != null ? configuration.getJiraUrl()
                : "integration:${header." + JiraRestConstants.INTEGRATION_ID + "}";
    }

    @Override
    public String getServiceProtocol() {
        return "rest";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return null;
    }
}
