package org.jirabridge.component.jira.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.component.jira.client.JiraPaths;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.component.jira.client.Pages;

/**
 * Create metadata in both of Jira's forms: the paged {@code /issue/createmeta/{project}/issuetypes[/{id}]} (Cloud,
 * Server/DC 8.4+, the only form on 9+) and, when a Server answers 404 to it, the old
 * {@code /issue/createmeta?projectKeys=..&expand=projects.issuetypes.fields} (Server/DC before 8.4).
 */
final class CreateMeta {

    private CreateMeta() {
    }

    static List<Object> issueTypes(JiraRestClient client, String project, int pageSize) {
        String path = client.api("/issue/createmeta/" + JiraPaths.segment(project) + "/issuetypes");
        try {
            // Cloud names the list issueTypes, Server/DC values
            return Pages.offset(startAt -> client.get(path, Map.of("startAt", startAt, "maxResults", pageSize)),
                    Integer.MAX_VALUE, "issueTypes", "values");
        } catch (JiraRestException notThere) {
            if (!oldFormMayAnswer(client, notThere)) {
                throw notThere;
            }
            Map<String, Object> meta = oldForm(client, project, Map.of());
            return new ArrayList<>(Json.list(oneProject(meta, project, notThere).get("issuetypes")));
        }
    }

    static List<Object> fields(JiraRestClient client, String project, String issueTypeId, int pageSize) {
        String path = client.api("/issue/createmeta/" + JiraPaths.segment(project) + "/issuetypes/"
                + JiraPaths.segment(issueTypeId));
        try {
            // Cloud names the list fields, Server/DC values
            return Pages.offset(startAt -> client.get(path, Map.of("startAt", startAt, "maxResults", pageSize)),
                    Integer.MAX_VALUE, "fields", "values");
        } catch (JiraRestException notThere) {
            if (!oldFormMayAnswer(client, notThere)) {
                throw notThere;
            }
            Map<String, Object> meta = oldForm(client, project,
                    Map.of("issuetypeIds", issueTypeId, "expand", "projects.issuetypes.fields"));
            List<Object> types = Json.list(oneProject(meta, project, notThere).get("issuetypes"));
            if (types.isEmpty()) {
                throw notThere;
            }
            // the old form keys fields by id; the new form lists them with fieldId, which callers get either way
            List<Object> fields = new ArrayList<>();
            Json.map(Json.map(types.get(0)).get("fields")).forEach((fieldId, field) -> {
                Map<String, Object> entry = new LinkedHashMap<>(Json.map(field));
                entry.putIfAbsent("fieldId", fieldId);
                fields.add(entry);
            });
            return fields;
        }
    }

    /** The issue type id for a name (case-insensitive), from the project's create metadata. */
    static String issueTypeId(JiraRestClient client, String project, String name, int pageSize) {
        for (Object type : issueTypes(client, project, pageSize)) {
            Map<String, Object> issueType = Json.map(type);
            if (name.equalsIgnoreCase(String.valueOf(issueType.get("name")))) {
                return String.valueOf(issueType.get("id"));
            }
        }
        throw new IllegalArgumentException("Project " + project + " has no issue type named '" + name + "'");
    }

    private static boolean oldFormMayAnswer(JiraRestClient client, JiraRestException failure) {
        return !client.isCloud() && failure.failure() == JiraRestException.Failure.NOT_FOUND;
    }

    private static Map<String, Object> oldForm(JiraRestClient client, String project, Map<String, String> extra) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("projectKeys", project);
        query.putAll(extra);
        return Json.map(client.get(client.api("/issue/createmeta"), query));
    }

    private static Map<String, Object> oneProject(Map<String, Object> meta, String project, JiraRestException notFound) {
        List<Object> projects = Json.list(meta.get("projects"));
        if (projects.isEmpty()) {
            // the old form answers an empty list for unknown projects; the 404 says that better
            throw notFound;
        }
        return Json.map(projects.get(0));
    }
}
