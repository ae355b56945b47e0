package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jirabridge.component.jira.Deployment;
import org.jirabridge.report.Report;

/**
 * A report and an integration's mapping to the body of Jira's create-issue request
 * (POST /rest/api/3/issue on Cloud with an ADF description, /rest/api/2/issue on Server/DC with
 * wiki markup). Pure: same input, same output (maps keep a fixed key order), no I/O.
 */
public final class IssueMapper {

    /** Jira rejects longer summaries ("Summary must be less than 255 characters"). */
    public static final int SUMMARY_MAX = 255;
    /** Jira's limit for one label. */
    public static final int LABEL_MAX = 255;
    /** Every issue the bridge creates carries this label, so they can be found with one JQL clause. */
    public static final String BRIDGE_LABEL = "jira-bridge";

    private static final int TYPE_MAX = 50;

    private IssueMapper() {
    }

    /**
     * {"fields":{project:{key}, issuetype:{name}, summary, description, labels, priority:{name} or {id}, assignee,
     * custom fields…}}. "description" is left out when the report has no description and no section has anything to
     * show.
     */
    public static Map<String, Object> toCreatePayload(Report report, String reportId, MappingConfig config,
                                                      Deployment deployment) {
        return map(report, reportId, config, deployment).payload();
    }

    /**
     * The create payload, where each field came from in the integration ({@code origins}: field id to
     * "target.projectKey", "mapping.customFields[2] (…)"…), and the mapping entries that gave no value because the
     * report's value did not fit the field ({@code skipped}).
     */
    public record MappedIssue(Map<String, Object> payload, Map<String, String> origins, List<String> skipped) {
    }

    public static MappedIssue map(Report report, String reportId, MappingConfig config, Deployment deployment) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(deployment, "deployment");
        if (config.projectKey() == null || config.projectKey().isBlank()) {
            throw new IllegalArgumentException("mapping has no project key");
        }
        if (config.issueType() == null || config.issueType().isBlank()) {
            throw new IllegalArgumentException("mapping has no issue type");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", config.projectKey().strip()));
        fields.put("issuetype", issueTypeReference(config.issueType()));
        fields.put("summary", summary(report));
        Object description = description(report, reportId, config, deployment);
        if (description != null) {
            fields.put("description", description);
        }
        fields.put("labels", labels(report));
        fields.put("priority", priority(report.priority(), config.priorityMap()));
        if (config.assignee() != null) {
            // Cloud refers to people by accountId only; Server/DC by user name
            fields.put("assignee", Map.of(deployment == Deployment.CLOUD ? "accountId" : "name", config.assignee()));
        }
        CustomFieldMapper.Result custom = CustomFieldMapper.apply(report, reportId, config.customFields(), deployment);
        fields.putAll(custom.fields());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("fields", fields);
        Map<String, String> origins = new LinkedHashMap<>(STANDARD_ORIGINS);
        origins.putAll(custom.origins());
        return new MappedIssue(payload, origins, custom.skipped());
    }

    /** Where the fields the mapper fills itself come from, in the words of the integration body. */
    public static final Map<String, String> STANDARD_ORIGINS = Map.of(
            "project", "target.projectKey",
            "issuetype", "target.issueType",
            "summary", "title (the report's)",
            "description", "description (the report's, with the sections of mapping.include)",
            "labels", "tags (the report's type and tags)",
            "priority", "mapping.priorityMap",
            "assignee", "target.assignee");

    /** {"id": …} for an all-digit issue type (an id), else {"name": …}. */
    static Map<String, Object> issueTypeReference(String issueType) {
        String type = issueType.strip();
        return Map.of(type.chars().allMatch(c -> c >= '0' && c <= '9') ? "id" : "name", type);
    }

    /**
     * The title on one line (whitespace runs as one space, control characters dropped), at most
     * {@link #SUMMARY_MAX} code points, cut ones ending in "…"; an empty title gives "Bug report" and the like.
     */
    public static String summary(Report report) {
        String title = UserText.singleLine(report.title());
        if (title.isEmpty()) {
            String type = UserText.truncate(UserText.singleLine(report.type()), TYPE_MAX);
            title = type.isEmpty() ? "Report"
                    : type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1).toLowerCase(Locale.ROOT) + " report";
        }
        return UserText.truncate(title, SUMMARY_MAX);
    }

    /**
     * {@link #BRIDGE_LABEL}, then the report type in lower case, then the tags in order; whitespace inside a
     * label becomes "-", control characters are dropped, each label is cut to {@link #LABEL_MAX} code
     * points, empty ones are dropped and duplicates (exact, after this normalisation) kept once.
     */
    public static List<String> labels(Report report) {
        Set<String> labels = new LinkedHashSet<>();
        labels.add(BRIDGE_LABEL);
        String type = label(report.type());
        if (!type.isEmpty()) {
            labels.add(type.toLowerCase(Locale.ROOT));
        }
        if (report.tags() != null) {
            for (String tag : report.tags()) {
                String label = label(tag);
                if (!label.isEmpty()) {
                    labels.add(label);
                }
            }
        }
        return new ArrayList<>(labels);
    }

    /** One tag as a Jira label: trimmed, every whitespace run replaced by "-", cut to LABEL_MAX. */
    static String label(String tag) {
        String line = UserText.singleLine(tag);
        return UserText.truncateHard(line.replace(' ', '-'), LABEL_MAX);
    }

    /** {"name": ...} or, when the mapped value is all digits, {"id": ...}. */
    public static Map<String, Object> priority(String reportPriority, Map<String, String> overrides) {
        String jira = PriorityMap.toJira(reportPriority, overrides);
        return Map.of(PriorityMap.isId(jira) ? "id" : "name", jira);
    }

    /** The description for the deployment: an ADF doc (Cloud) or a wiki markup string (Server), or null when empty. */
    public static Object description(Report report, String reportId, MappingConfig config, Deployment deployment) {
        List<ReportSections.Section> sections = ReportSections.of(report, reportId, config);
        if (deployment == Deployment.CLOUD) {
            List<Map<String, Object>> blocks = new ArrayList<>(MarkdownToAdf.blocks(report.description()));
            blocks.addAll(ReportSections.toAdf(sections));
            return blocks.isEmpty() ? null : Adf.doc(blocks);
        }
        List<String> blocks = new ArrayList<>(MarkdownToWiki.blocks(report.description()));
        blocks.addAll(ReportSections.toWiki(sections));
        return blocks.isEmpty() ? null : String.join("\n\n", blocks);
    }
}
