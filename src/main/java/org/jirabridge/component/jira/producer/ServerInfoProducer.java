package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;

/** {@code serverInfo}: GET /serverInfo; result: Map with version, versionNumbers, deploymentType... */
public class ServerInfoProducer extends JiraRestProducer {

    public ServerInfoProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        exchange.getMessage().setBody(client.get(client.api("/serverInfo"), Map.of()));
    }
}
