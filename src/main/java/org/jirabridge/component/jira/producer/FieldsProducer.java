package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/**
 * {@code fields}: with CamelJiraIssueProjectKey and CamelJiraIssueTypeId (or CamelJiraIssueTypeName), the fields of
 * that create screen (create metadata, all pages; each has fieldId, name, required, schema, allowedValues...);
 * otherwise every field of the site (GET /field). Result: List of field Maps.
 */
public class FieldsProducer extends JiraRestProducer {

    public FieldsProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String project = headers.text(JiraRestConstants.ISSUE_PROJECT_KEY);
        String typeId = headers.text(JiraRestConstants.ISSUE_TYPE_ID);
        String typeName = headers.text(JiraRestConstants.ISSUE_TYPE_NAME);
        int pageSize = configuration().getPageSize();
        if (project != null && (typeId != null || typeName != null)) {
            String id = typeId != null ? typeId : CreateMeta.issueTypeId(client, project, typeName, pageSize);
            exchange.getMessage().setBody(CreateMeta.fields(client, project, id, pageSize));
        } else {
            exchange.getMessage().setBody(Json.list(client.get(client.api("/field"), Map.of())));
        }
    }
}
