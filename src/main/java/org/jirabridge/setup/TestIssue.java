package org.jirabridge.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jirabridge.api.ApiException;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraConnection;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.forward.ForwardSteps;
import org.jirabridge.gateway.JiraGateway;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.mapping.FieldErrors;
import org.jirabridge.mapping.IssueMapper;
import org.jirabridge.report.Report;

/**
 * POST /api/v1/integrations/{id}/test-issue: creates a clearly marked test issue through the integration's full
 * mapping (a built-in sample report, or the report in the body) and answers with its key, or with Jira's field errors
 * each traced back to the mapping entry that produced the field. Nothing is stored. Called by
 * {@code IntegrationsResource}.
 */
public final class TestIssue {

    /** Every test issue's summary starts with this and carries the label below, so they are easy to find and delete. */
    public static final String SUMMARY_PREFIX = "[jira-bridge test] ";
    public static final String LABEL = "jira-bridge-test";

    private final Integrations integrations;
    private final JiraGateway jira;

    public TestIssue(Integrations integrations, JiraGateway jira) {
        this.integrations = integrations;
        this.jira = jira;
    }

    /**
     * Creates the test issue of {@code report} (a report checked like any other; null: the built-in sample) through
     * the integration's full mapping; 422 naming each field Jira refused and the mapping entry behind it.
     */
    public IntegrationsResource.TestIssueCreated create(Integration integration, Report report) {
        String id = integration.id();
        String testId = "test-" + UUID.randomUUID();
        IssueMapper.MappedIssue mapped = IssueMapper.map(report == null ? sample(id) : report, testId,
                ForwardSteps.mappingConfig(integration), deployment(id));
        Map<String, Object> payload = marked(mapped.payload());
        JiraGateway.Created created;
        try {
            created = jira.site(id).createIssue(payload);
        } catch (JiraRestException refused) {
            throw rejected(refused, mapped.origins());
        }
        Map<?, ?> fields = (Map<?, ?>) payload.get("fields");
        return new IntegrationsResource.TestIssueCreated(created.key(), created.id(), created.url(),
                (String) fields.get("summary"), fields.keySet().stream().map(String::valueOf).toList(),
                mapped.skipped());
    }

    private static Report sample(String integrationId) {
        return new Report("Test issue from jira-bridge",
                "This issue tests the **" + integrationId + "** integration of jira-bridge. You can delete it.",
                "bug", "Major", new Report.Reporter("reporter@example.com", "Test Reporter"),
                new Report.App("jira-bridge", "1.0.0", "test"), Map.of("os", "test"), List.of(LABEL),
                Map.of("source", "test-issue"), List.of(), integrationId, null);
    }

    /** The summary prefixed, the test label added. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> marked(Map<String, Object> payload) {
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) payload.get("fields"));
        String summary = SUMMARY_PREFIX + fields.get("summary");
        int max = IssueMapper.SUMMARY_MAX;
        if (summary.codePointCount(0, summary.length()) > max) {
            summary = summary.substring(0, summary.offsetByCodePoints(0, max - 1)) + "\u2026";
        }
        fields.put("summary", summary);
        List<Object> labels = new ArrayList<>((List<Object>) fields.getOrDefault("labels", List.of()));
        if (!labels.contains(LABEL)) {
            labels.add(LABEL);
        }
        fields.put("labels", labels);
        Map<String, Object> marked = new LinkedHashMap<>(payload);
        marked.put("fields", fields);
        return marked;
    }

    /** Cloud or Server: as configured, else as the site says (serverInfo). */
    private Deployment deployment(String integrationId) {
        JiraConnection connection = integrations.resolve(integrationId);
        if (connection.deployment() != null) {
            return connection.deployment();
        }
        JiraGateway.Site site = jira.site(integrationId);
        try {
            site.serverInfo();
        } catch (JiraRestException failed) {
            throw JiraAnswers.asApiError(failed, "its server information");
        }
        return site.deployment();
    }

    /** Jira's 400 as per-field details that name the mapping entry; other failures as Jira-level errors. */
    private static ApiException rejected(JiraRestException jira, Map<String, String> origins) {
        if (jira.failure() != JiraRestException.Failure.INVALID) {
            return JiraAnswers.asApiError(jira, "the test issue");
        }
        List<Map<String, Object>> details = new ArrayList<>();
        for (FieldErrors.Explained error : FieldErrors.explain(jira.errors(), origins)) {
            details.add(ApiException.fieldProblem(error.path(), error.describe()));
        }
        jira.errorMessages().forEach(message -> details.add(ApiException.fieldProblem("jira", message)));
        return new ApiException(422, "jira_rejected", "Jira refused the test issue: " + details.size()
                + (details.size() == 1 ? " problem" : " problems"), details);
    }
}
