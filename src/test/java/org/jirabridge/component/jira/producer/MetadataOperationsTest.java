package org.jirabridge.component.jira.producer;

import java.util.List;
import java.util.Map;

import org.jirabridge.component.jira.SandboxTestSupport;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.sandbox.Flavour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** serverInfo, myself, myPermissions, projects, issueTypes, fields, priorities, assignableUsers. */
class MetadataOperationsTest extends SandboxTestSupport {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void serverInfoAndMyself(Flavour flavour) {
        Map<String, Object> info = Json.map(call(uri("serverInfo", flavour), null, Map.of()));
        Map<String, Object> me = Json.map(call(uri("myself", flavour), null, Map.of()));

        assertThat(info.get("deploymentType")).isEqualTo(flavour.deploymentType());
        if (flavour == Flavour.CLOUD) {
            assertThat(me.get("emailAddress")).isEqualTo("demo@example.com");
            assertThat(me).containsKey("accountId");
        } else {
            assertThat(me.get("name")).isEqualTo("admin");
        }
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void myPermissionsAsksForTheDefaultKeysOrTheHeaders(Flavour flavour) {
        Map<String, Object> defaults = Json.map(Json.map(call(uri("myPermissions", flavour), null,
                Map.of("ProjectKey", "DEMO"))).get("permissions"));
        Map<String, Object> asked = Json.map(Json.map(call(uri("myPermissions", flavour), null,
                Map.of("CamelJiraPermissions", "BROWSE_PROJECTS"))).get("permissions"));

        assertThat(defaults).containsKeys("CREATE_ISSUES", "BROWSE_PROJECTS", "ADD_COMMENTS");
        assertThat(Json.map(defaults.get("CREATE_ISSUES")).get("havePermission")).isEqualTo(true);
        assertThat(asked).containsOnlyKeys("BROWSE_PROJECTS");
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void projectsPrioritiesAndAllFields(Flavour flavour) {
        control(flavour, "POST", "/_sandbox/seed", Map.of("projects", List.of(Map.of("key", "OPS", "name", "Operations"))));

        List<Object> projects = Json.list(call(uri("projects", flavour, "pageSize=1"), null, Map.of()));
        List<Object> priorities = Json.list(call(uri("priorities", flavour), null, Map.of()));
        List<Object> fields = Json.list(call(uri("fields", flavour), null, Map.of()));

        assertThat(projects).extracting(p -> Json.map(p).get("key")).containsExactlyInAnyOrder("DEMO", "REQ", "BIZ", "HELP", "OPS");
        if (flavour == Flavour.CLOUD) {
            // Cloud pages projects: one per page plus the page that says it is the last
            assertThat(requests(flavour)).filteredOn(e -> e.path().equals("/rest/api/3/project/search")).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(priorities).extracting(p -> Json.map(p).get("name"))
                .containsExactly("Highest", "High", "Medium", "Low", "Lowest", "P1", "P2", "P3", "P4");
        assertThat(fields).extracting(f -> Json.map(f).get("id")).contains("summary", "description");
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void issueTypesAndCreateFieldsOfAProjectReadEveryPage(Flavour flavour) {
        List<Object> types = Json.list(call(uri("issueTypes", flavour, "pageSize=2"), null, Map.of("ProjectKey", "DEMO")));
        List<Object> createFields = Json.list(call(uri("fields", flavour, "pageSize=3"), null,
                Map.of("ProjectKey", "DEMO", "IssueTypeName", "Bug")));

        assertThat(types).extracting(t -> Json.map(t).get("name")).containsExactlyInAnyOrder("Bug", "Task", "Story");
        assertThat(createFields).extracting(f -> Json.map(f).get("fieldId"))
                .contains("summary", "issuetype", "project", "description", "priority");
        assertThat(requests(flavour).stream().filter(e -> e.path().contains("/issue/createmeta/DEMO/issuetypes")).count())
                .as("pages of issue types (2) plus the name lookup (2) plus pages of fields").isGreaterThanOrEqualTo(6);
        assertNoSpecViolations(flavour);
    }

    @Test
    void serverBefore84WithoutPagedCreateMetaFallsBackToTheOldForm() {
        // 8.20 still serves the old form; 404 on the paged form plays a server from before 8.4, which lacks it
        control(Flavour.SERVER, "POST", "/_sandbox/seed", Map.of("serverVersion", "8.20.10"));
        sandbox(Flavour.SERVER).fault(Map.of("path", "/rest/api/2/issue/createmeta/{projectIdOrKey}/issuetypes",
                "status", 404, "count", 2));
        sandbox(Flavour.SERVER).fault(Map.of("path",
                "/rest/api/2/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", "status", 404, "count", 1));

        List<Object> types = Json.list(call(uri("issueTypes", Flavour.SERVER), null, Map.of("ProjectKey", "DEMO")));
        List<Object> fields = Json.list(call(uri("fields", Flavour.SERVER), null,
                Map.of("ProjectKey", "DEMO", "IssueTypeName", "Bug")));

        assertThat(types).extracting(t -> Json.map(t).get("name")).containsExactlyInAnyOrder("Bug", "Task", "Story");
        assertThat(fields).extracting(f -> Json.map(f).get("fieldId")).contains("summary", "issuetype", "project");
        assertThat(Json.map(fields.get(0))).containsKeys("name", "required");
        assertThat(requests(Flavour.SERVER)).extracting(e -> e.path())
                .filteredOn("/rest/api/2/issue/createmeta"::equals).hasSize(3);
        assertNoSpecViolations(Flavour.SERVER, false);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void assignableUsersOfAProjectAcrossPages(Flavour flavour) {
        List<Object> users = Json.list(call(uri("assignableUsers", flavour, "pageSize=1"), null,
                Map.of("ProjectKey", "DEMO")));

        assertThat(users).hasSize(2);
        String id = flavour == Flavour.CLOUD ? "accountId" : "name";
        assertThat(users).extracting(u -> Json.map(u).get(id)).doesNotContainNull().doesNotHaveDuplicates();
        assertNoSpecViolations(flavour);
    }
}
