package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;

/** {@code myself}: GET /myself, the user the credentials belong to; result: Map. */
public class MyselfProducer extends JiraRestProducer {

    public MyselfProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        exchange.getMessage().setBody(client.get(client.api("/myself"), Map.of()));
    }
}
