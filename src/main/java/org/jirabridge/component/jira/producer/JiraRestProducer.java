package org.jirabridge.component.jira.producer;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConfiguration;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraPaths;
import org.jirabridge.component.jira.client.JiraRestClient;

/**
 * Base of the one-class-per-operation producers: gets the client of the exchange's connection, reads headers in both
 * spellings, and records which deployment answered. Failures surface as
 * {@link org.jirabridge.component.jira.JiraRestException} (from the client) or IllegalArgumentException (bad input).
 */
public abstract class JiraRestProducer extends DefaultProducer {

    /** Read everything: paginated metadata is small, and callers expect complete lists. */
    protected static final int ALL = Integer.MAX_VALUE;

    protected JiraRestProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public JiraRestEndpoint getEndpoint() {
        return (JiraRestEndpoint) super.getEndpoint();
    }

    protected JiraRestConfiguration configuration() {
        return getEndpoint().getConfiguration();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JiraHeaders headers = new JiraHeaders(exchange.getMessage(), configuration().isLegacyHeaders());
        // per exchange, not per endpoint: one endpoint without integration= serves every integration
        String integration = getEndpoint().integration(exchange);
        if (integration != null) {
            // a site marked down gets no request at all; the caller's error handling decides what waits
            getEndpoint().getComponent().siteGuard().beforeRequest(exchange, integration);
        }
        JiraRestClient client = getEndpoint().client(integration);
        invoke(exchange, client, headers);
        exchange.getMessage().setHeader(JiraRestConstants.DEPLOYMENT, client.deployment().name());
    }

    /** Performs the operation; sets the result as the message body where the operation has one. */
    protected abstract void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) throws Exception;

    /** {@code /rest/api/<v>/issue/<key><suffix>} with the key encoded as one segment. */
    protected static String issuePath(JiraRestClient client, String issueKey, String suffix) {
        return client.api("/issue/" + JiraPaths.segment(issueKey) + suffix);
    }

    protected static String issueKey(JiraHeaders headers) {
        return headers.required(JiraRestConstants.ISSUE_KEY, "the key of the issue");
    }
}
