package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An integration's mapping: target project and issue type, priority overrides (report priority to Jira
 * priority name, or id when all digits), which report sections the description carries, and the base
 * URL of links back to the report (null: no link section).
 *
 * @param priorityMap overrides of {@link PriorityMap#DEFAULT}; null means none
 * @param include     section names from {@link #SECTIONS}, rendered in the given order; null means all,
 *                    an empty list none; unknown names are ignored
 * @param assignee    who new issues are assigned to: accountId on Cloud, user name on Server/DC; null: Jira decides
 * @param customFields entries filling further fields (custom fields, components, fix versions…); null means none
 */
public record MappingConfig(String projectKey, String issueType, Map<String, String> priorityMap,
                            List<String> include, String reportLinkBase, String assignee,
                            List<CustomFieldMapping> customFields) {

    /** The sections the description carries by default ({@code include} null), in that order. */
    public static final List<String> SECTIONS =
            List.of("reporter", "app", "device", "tags", "attributes", "attachments", "link");

    /**
     * Every section an integration may include: the defaults plus "logs" (the end of each text attachment inline,
     * opt-in because it copies file contents into the issue).
     */
    public static final List<String> KNOWN_SECTIONS =
            List.of("reporter", "app", "device", "tags", "attributes", "attachments", "logs", "link");

    public MappingConfig {
        Map<String, String> priorities = new LinkedHashMap<>();
        if (priorityMap != null) {
            priorityMap.forEach((key, value) -> {
                if (key != null && value != null) {
                    priorities.put(key, value);
                }
            });
        }
        priorityMap = Collections.unmodifiableMap(priorities);
        List<String> sections = new ArrayList<>();
        for (String name : include == null ? SECTIONS : include) {
            if (name != null) {
                sections.add(name);
            }
        }
        include = Collections.unmodifiableList(sections);
        assignee = assignee == null || assignee.isBlank() ? null : assignee.strip();
        customFields = customFields == null ? List.of() : List.copyOf(customFields);
    }

    /** Without assignee and custom fields. */
    public MappingConfig(String projectKey, String issueType, Map<String, String> priorityMap, List<String> include,
                         String reportLinkBase) {
        this(projectKey, issueType, priorityMap, include, reportLinkBase, null, null);
    }

    /** The default priority map, every section, no report link. */
    public static MappingConfig defaults(String projectKey, String issueType) {
        return new MappingConfig(projectKey, issueType, PriorityMap.DEFAULT, SECTIONS, null);
    }
}
