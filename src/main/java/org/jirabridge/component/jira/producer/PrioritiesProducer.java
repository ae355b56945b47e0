package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;

/** {@code priorities}: GET /priority; result: List of priority Maps (id, name...). */
public class PrioritiesProducer extends JiraRestProducer {

    public PrioritiesProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        exchange.getMessage().setBody(client.get(client.api("/priority"), Map.of()));
    }
}
