package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.component.jira.client.Pages;

/**
 * {@code projects}: every project the credentials can see. Cloud: GET /project/search, all pages (GET /project is
 * deprecated there); Server/DC: GET /project, one unpaged list. Result: List of project Maps.
 */
public class ProjectsProducer extends JiraRestProducer {

    public ProjectsProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        if (client.isCloud()) {
            int pageSize = configuration().getPageSize();
            exchange.getMessage().setBody(Pages.offset(
                    startAt -> client.get(client.api("/project/search"),
                            Map.of("startAt", startAt, "maxResults", pageSize)),
                    ALL, "values"));
        } else {
            exchange.getMessage().setBody(Json.list(client.get(client.api("/project"), Map.of())));
        }
    }
}
