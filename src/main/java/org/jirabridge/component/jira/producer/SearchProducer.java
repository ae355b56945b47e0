package org.jirabridge.component.jira.producer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Pages;

/**
 * {@code search}: JQL from CamelJiraJql/Jql, else a String body, else the {@code jql} option. Cloud: POST
 * /rest/api/3/search/jql, paged by nextPageToken; Server/DC: POST /rest/api/2/search, paged by startAt. Result: List
 * of issue Maps, at most {@code maxResults}, read across pages.
 */
public class SearchProducer extends JiraRestProducer {

    /** Cloud's search/jql returns only ids unless fields are named; *navigable matches the classic search. */
    private static final String DEFAULT_FIELDS = "*navigable";

    public SearchProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String jql = headers.text(JiraRestConstants.JQL);
        if (jql == null && exchange.getMessage().getBody() instanceof String text && !text.isBlank()) {
            jql = text.trim();
        }
        if (jql == null) {
            jql = configuration().getJql();
        }
        if (jql == null || jql.isBlank()) {
            throw new IllegalArgumentException("search needs JQL: header " + JiraRestConstants.JQL
                    + ", a String body or the jql option");
        }
        String query = jql;
        List<String> fields = split(configuration().getFields() != null ? configuration().getFields() : DEFAULT_FIELDS);
        String expand = configuration().getExpand();
        int limit = configuration().getMaxResults();
        int pageSize = configuration().getPageSize();
        List<Object> issues;
        if (client.isCloud()) {
            issues = Pages.cursor((token, wanted) -> {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("jql", query);
                request.put("maxResults", Math.min(pageSize, wanted));
                request.put("fields", fields);
                if (expand != null) {
                    request.put("expand", expand);
                }
                if (token != null) {
                    request.put("nextPageToken", token);
                }
                return client.post(client.api("/search/jql"), Map.of(), request);
            }, "issues", limit);
        } else {
            issues = Pages.offset(startAt -> {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("jql", query);
                request.put("startAt", startAt);
                request.put("maxResults", Math.min(pageSize, limit - startAt));
                request.put("fields", fields);
                if (expand != null) {
                    request.put("expand", split(expand));
                }
                return client.post(client.api("/search"), Map.of(), request);
            }, limit, "issues");
        }
        exchange.getMessage().setBody(issues);
    }

    private static List<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
