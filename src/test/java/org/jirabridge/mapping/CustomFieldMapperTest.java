package org.jirabridge.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Field types from real Jira schemas (samples under src/test/resources/jira-samples/fields, see SOURCES.md) and the
 * value conversion per type for Cloud (REST v3) and Server/DC (REST v2), as tables.
 */
class CustomFieldMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sample(String name) {
        try (InputStream in = CustomFieldMapperTest.class.getResourceAsStream("/jira-samples/fields/" + name)) {
            return JSON.readValue(in, List.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> createMetaEpicFields() {
        try (InputStream in = CustomFieldMapperTest.class.getResourceAsStream("/jira-samples/fields/atlascode__createmeta.json")) {
            Map<String, Object> meta = JSON.readValue(in, Map.class);
            List<Map<String, Object>> projects = (List<Map<String, Object>>) meta.get("projects");
            for (Map<String, Object> type : (List<Map<String, Object>>) projects.get(0).get("issuetypes")) {
                if ("Epic".equals(type.get("name"))) {
                    return (Map<String, Map<String, Object>>) type.get("fields");
                }
            }
            throw new IllegalStateException("no Epic in the sample");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- types from real schemas

    static Stream<Arguments> fieldSamples() {
        return Stream.of(
                arguments("customfield_11959", FieldType.TEXT),          // textfield
                arguments("customfield_10600", FieldType.TEXTAREA),      // textarea
                arguments("customfield_11956", FieldType.NUMBER),        // float
                arguments("customfield_12327", FieldType.DATE),          // datepicker
                arguments("customfield_14181", FieldType.DATETIME),      // datetime
                arguments("customfield_11948", FieldType.URL),           // url
                arguments("customfield_14141", FieldType.LABELS),        // labels
                arguments("customfield_11955", FieldType.SELECT),        // select
                arguments("customfield_12996", FieldType.SELECT),        // radiobuttons
                arguments("customfield_11941", FieldType.MULTISELECT),   // multicheckboxes
                arguments("customfield_15533", FieldType.CASCADING_SELECT),
                arguments("customfield_11021", FieldType.USER),          // userpicker
                arguments("customfield_12462", FieldType.MULTI_USER),    // multiuserpicker
                arguments("customfield_14197", FieldType.MULTI_USER),    // people
                arguments("components", FieldType.COMPONENTS),
                arguments("fixVersions", FieldType.MULTI_VERSION),
                arguments("versions", FieldType.MULTI_VERSION),
                arguments("environment", FieldType.TEXTAREA),
                arguments("duedate", FieldType.DATE),
                arguments("labels", FieldType.LABELS),
                arguments("assignee", FieldType.USER),
                arguments("customfield_11301", null),                    // multigrouppicker: not fillable
                arguments("customfield_10114", null));                   // atlassian-team: not fillable
    }

    @ParameterizedTest
    @MethodSource("fieldSamples")
    void theTypeOfARealFieldComesFromItsSchema(String fieldId, FieldType expected) {
        Map<String, Object> field = sample("atlascode__field.subset.json").stream()
                .filter(f -> fieldId.equals(f.get("id"))).findFirst().orElseThrow();

        assertThat(FieldType.ofSchema((Map<?, ?>) field.get("schema")).orElse(null)).isEqualTo(expected);
    }

    @Test
    void typesOfARealCreateScreenAndOfAnAppsNumberField() {
        Map<String, Map<String, Object>> epic = createMetaEpicFields();
        Map<String, FieldType> expected = new LinkedHashMap<>();
        expected.put("customfield_10015", FieldType.DATE);          // datepicker
        expected.put("customfield_10021", FieldType.MULTISELECT);   // multicheckboxes
        expected.put("duedate", FieldType.DATE);
        expected.put("labels", FieldType.LABELS);
        expected.put("assignee", FieldType.USER);
        expected.put("description", FieldType.TEXTAREA);
        expected.put("customfield_10001", null);                    // team
        expected.put("customfield_10019", null);                    // rank: "any"
        expected.put("customfield_10017", null);                    // an app's string type (issue colour)
        expected.put("issuelinks", null);
        expected.forEach((id, type) -> assertThat(FieldType.ofSchema((Map<?, ?>) epic.get(id).get("schema")).orElse(null))
                .as(id).isEqualTo(type));

        Map<String, Object> storyPoints = sample("jira-cli__fields.json").stream()
                .filter(f -> "customfield_10111".equals(f.get("id"))).findFirst().orElseThrow();
        assertThat(FieldType.ofSchema((Map<?, ?>) storyPoints.get("schema"))).contains(FieldType.NUMBER);
    }

    @Test
    void typesAreNamedByApiNameOrJirasUiName() {
        assertThat(FieldType.named("radio")).contains(FieldType.SELECT);
        assertThat(FieldType.named("Checkboxes")).contains(FieldType.MULTISELECT);
        assertThat(FieldType.named("cascadingselect")).contains(FieldType.CASCADING_SELECT);
        assertThat(FieldType.named("multiversion")).contains(FieldType.MULTI_VERSION);
        assertThat(FieldType.named("team")).isEmpty();
    }

    // ---- conversion per type, Cloud (v3) and Server (v2)

    private static Map<String, Object> adfParagraph(Object... inlines) {
        Map<String, Object> paragraph = new LinkedHashMap<>();
        paragraph.put("type", "paragraph");
        paragraph.put("content", List.of(inlines));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", List.of(paragraph));
        return doc;
    }

    private static Map<String, Object> text(String text, String... marks) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", "text");
        node.put("text", text);
        if (marks.length > 0) {
            List<Object> list = new ArrayList<>();
            for (String mark : marks) {
                list.add(Map.of("type", mark));
            }
            node.put("marks", list);
        }
        return node;
    }

    /** type, value, by, Cloud (v3) value, Server (v2) value. */
    static Stream<Arguments> conversions() {
        return Stream.of(
                arguments(FieldType.TEXT, "  Login  fails\n now ", null, "Login fails now", "Login fails now"),
                arguments(FieldType.TEXT, "x".repeat(300), null, "x".repeat(254) + "\u2026", "x".repeat(254) + "\u2026"),
                arguments(FieldType.TEXT, 3.0, null, "3", "3"),
                arguments(FieldType.TEXT, List.of("a", "b"), null, "a, b", "a, b"),
                arguments(FieldType.TEXTAREA, "Tap **Pay**", null,
                        adfParagraph(text("Tap "), text("Pay", "strong")), "Tap *Pay*"),
                arguments(FieldType.TEXTAREA, "{code}x{code} [~admin]", null,
                        adfParagraph(text("{code}x{code} [~admin]")), "\\{code\\}x\\{code\\} \\[\\~admin\\]"),
                arguments(FieldType.NUMBER, "42", null, 42L, 42L),
                arguments(FieldType.NUMBER, " 4.50 ", null, 4.5, 4.5),
                arguments(FieldType.NUMBER, 7, null, 7L, 7L),
                arguments(FieldType.DATE, "2026-03-01", null, "2026-03-01", "2026-03-01"),
                arguments(FieldType.DATE, "2026-03-01T23:30:00-05:00", null, "2026-03-01", "2026-03-01"),
                arguments(FieldType.DATE, 1767225600000L, null, "2026-01-01", "2026-01-01"),
                arguments(FieldType.DATETIME, "2026-03-01T14:30:00Z", null,
                        "2026-03-01T14:30:00.000+0000", "2026-03-01T14:30:00.000+0000"),
                arguments(FieldType.DATETIME, "2026-03-01T14:30:00+02:00", null,
                        "2026-03-01T14:30:00.000+0200", "2026-03-01T14:30:00.000+0200"),
                arguments(FieldType.DATETIME, "2026-03-01T14:30:00.000+0200", null,
                        "2026-03-01T14:30:00.000+0200", "2026-03-01T14:30:00.000+0200"),
                arguments(FieldType.DATETIME, "2026-03-01", null,
                        "2026-03-01T00:00:00.000+0000", "2026-03-01T00:00:00.000+0000"),
                arguments(FieldType.URL, "https://logs.example.com/c?id=1", null,
                        "https://logs.example.com/c?id=1", "https://logs.example.com/c?id=1"),
                arguments(FieldType.LABELS, List.of("two words", "ok", "ok"), null,
                        List.of("two-words", "ok"), List.of("two-words", "ok")),
                arguments(FieldType.LABELS, "single", null, List.of("single"), List.of("single")),
                arguments(FieldType.SELECT, "Major", null, Map.of("value", "Major"), Map.of("value", "Major")),
                arguments(FieldType.SELECT, "10021", "id", Map.of("id", "10021"), Map.of("id", "10021")),
                arguments(FieldType.MULTISELECT, List.of("Checkout", "Login"), null,
                        List.of(Map.of("value", "Checkout"), Map.of("value", "Login")),
                        List.of(Map.of("value", "Checkout"), Map.of("value", "Login"))),
                arguments(FieldType.MULTISELECT, "Checkout", null,
                        List.of(Map.of("value", "Checkout")), List.of(Map.of("value", "Checkout"))),
                arguments(FieldType.CASCADING_SELECT, "Apple > iPad", null,
                        Map.of("value", "Apple", "child", Map.of("value", "iPad")),
                        Map.of("value", "Apple", "child", Map.of("value", "iPad"))),
                arguments(FieldType.CASCADING_SELECT, List.of("Android", "Tablet"), null,
                        Map.of("value", "Android", "child", Map.of("value", "Tablet")),
                        Map.of("value", "Android", "child", Map.of("value", "Tablet"))),
                arguments(FieldType.CASCADING_SELECT, "Apple", null, Map.of("value", "Apple"), Map.of("value", "Apple")),
                arguments(FieldType.USER, "alex", null, Map.of("accountId", "alex"), Map.of("name", "alex")),
                arguments(FieldType.MULTI_USER, List.of("a", "b", "a"), null,
                        List.of(Map.of("accountId", "a"), Map.of("accountId", "b")),
                        List.of(Map.of("name", "a"), Map.of("name", "b"))),
                arguments(FieldType.VERSION, "3.4.1", null, Map.of("name", "3.4.1"), Map.of("name", "3.4.1")),
                arguments(FieldType.VERSION, "10101", "id", Map.of("id", "10101"), Map.of("id", "10101")),
                arguments(FieldType.MULTI_VERSION, "3.5.0", null, List.of(Map.of("name", "3.5.0")),
                        List.of(Map.of("name", "3.5.0"))),
                arguments(FieldType.COMPONENTS, List.of("Checkout", "Login"), null,
                        List.of(Map.of("name", "Checkout"), Map.of("name", "Login")),
                        List.of(Map.of("name", "Checkout"), Map.of("name", "Login"))));
    }

    @ParameterizedTest
    @MethodSource("conversions")
    void valuesBecomeWhatEachFieldTypeTakesOnCloudAndServer(FieldType type, Object value, String by, Object cloud,
                                                            Object server) {
        assertThat(CustomFieldMapper.convert(type, value, by, Deployment.CLOUD)).isEqualTo(cloud);
        assertThat(CustomFieldMapper.convert(type, value, by, Deployment.SERVER)).isEqualTo(server);
    }

    /** type, value, the start of the message. */
    static Stream<Arguments> mismatches() {
        return Stream.of(
                arguments(FieldType.NUMBER, "abc", "'abc' is not a number"),
                arguments(FieldType.NUMBER, List.of("1", "2"), "a list of 2 values cannot be one number value"),
                arguments(FieldType.DATE, "01/03/2026", "'01/03/2026' is not a date"),
                arguments(FieldType.DATETIME, "soon", "'soon' is not a date-time"),
                arguments(FieldType.URL, "javascript:alert(1)", "'javascript:alert(1)' is not an http(s) URL"),
                arguments(FieldType.URL, "https://x.example.com/a b", "'https://x.example.com/a b' is not an http(s) URL"),
                arguments(FieldType.SELECT, List.of("a", "b"), "a list of 2 values cannot be one select value"),
                arguments(FieldType.CASCADING_SELECT, "a > b > c", "'a > b > c' is not a cascading choice"),
                arguments(FieldType.USER, Map.of("id", 1), "an object cannot be a user value"),
                arguments(FieldType.MULTISELECT, List.of(List.of("nested")), "a list may hold only strings and numbers"));
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void valuesThatCannotBeOfTheTypeAreRefusedWithAReason(FieldType type, Object value, String message) {
        assertThatThrownBy(() -> CustomFieldMapper.convert(type, value, null, Deployment.CLOUD))
                .isInstanceOf(CustomFieldMapper.ConversionException.class).hasMessageStartingWith(message);
    }

    @Test
    void emptyValuesSendNothing() {
        for (FieldType type : FieldType.values()) {
            assertThat(CustomFieldMapper.convert(type, null, null, Deployment.CLOUD)).as(type.name()).isNull();
            assertThat(CustomFieldMapper.convert(type, "  ", null, Deployment.SERVER)).as(type.name()).isNull();
            assertThat(CustomFieldMapper.convert(type, List.of(), null, Deployment.CLOUD)).as(type.name()).isNull();
        }
    }

    // ---- entries: sources, constants, templates, lookups, defaults

    private static Report report() {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("os", "iPadOS");
        device.put("memory", Map.of("freeMb", 512));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("plan", "gold");
        attributes.put("seats", "many");
        attributes.put("areas", List.of("Checkout", "Cart"));
        return new Report("Pay button dead", "Tap **Pay**", "crash", "Major",
                new Report.Reporter("ann@example.com", "Ann"), new Report.App("Shop", "3.4.1", "iOS"), device,
                List.of("checkout flow", "payments"), attributes, null, null, "ext-7");
    }

    private static CustomFieldMapping entry(Map<String, Object> raw) {
        CustomFieldMapping.Parsed parsed = CustomFieldMapping.parseAll(List.of(raw));
        assertThat(parsed.problems()).isEmpty();
        return parsed.mappings().get(0);
    }

    @Test
    void anEntryTakesItsValueFromASourceAConstantATemplateALookupOrItsDefault() {
        Report report = report();
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("source", "app.version", "field", "customfield_1")),
                report, "r-1")).isEqualTo("3.4.1");
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("source", "device.memory.freeMb", "field", "customfield_1")),
                report, "r-1")).isEqualTo(512);
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("constant", "Web", "field", "customfield_1")),
                report, "r-1")).isEqualTo("Web");
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("template", "{{app.name}} {{app.version}} ({{reportId}})",
                "field", "customfield_1")), report, "r-1")).isEqualTo("Shop 3.4.1 (r-1)");
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("source", "device.os", "field", "customfield_1",
                "lookup", Map.of("iPadOS", "Apple > iPad"))), report, "r-1")).isEqualTo("Apple > iPad");
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("source", "attributes.plan", "field", "customfield_1",
                "lookup", Map.of("silver", "Minor"), "default", "Major")), report, "r-1")).isEqualTo("Major");
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("source", "attributes.missing", "field", "customfield_1",
                "default", 3)), report, "r-1")).isEqualTo(3);
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("source", "attributes.areas", "field", "customfield_1",
                "lookup", Map.of("Checkout", "Checkout", "Cart", "Checkout"))), report, "r-1"))
                .isEqualTo(List.of("Checkout", "Checkout"));
        assertThat(CustomFieldMapper.valueOf(entry(Map.of("source", "type", "field", "customfield_1")),
                new Report("t", null, null, null, null, null, null, null, null, null, null, null), "r-1"))
                .isEqualTo("bug");
    }

    @Test
    void applyFillsEveryMappedFieldAndLeavesOutValuesThatDoNotFit() {
        List<Map<String, Object>> raw = List.of(
                Map.of("source", "app.version", "field", "customfield_10010", "type", "text"),
                Map.of("source", "attributes.seats", "field", "customfield_10013", "type", "number"),
                Map.of("source", "device.os", "field", "customfield_10021", "type", "cascadingselect",
                        "lookup", Map.of("iPadOS", "Apple > iPad")),
                Map.of("source", "tags", "field", "customfield_10017", "type", "labels"),
                Map.of("source", "description", "field", "environment", "type", "textarea"),
                Map.of("constant", "alex", "field", "customfield_10022", "type", "user"),
                Map.of("source", "app.version", "field", "fixVersions", "type", "multiversion"),
                Map.of("source", "title", "field", "customfield_10099"));
        List<CustomFieldMapping> mappings = CustomFieldMapping.parseAll(raw).mappings();

        CustomFieldMapper.Result cloud = CustomFieldMapper.apply(report(), "r-1", mappings, Deployment.CLOUD);
        CustomFieldMapper.Result server = CustomFieldMapper.apply(report(), "r-1", mappings, Deployment.SERVER);

        assertThat(cloud.fields()).containsEntry("customfield_10010", "3.4.1")
                .containsEntry("customfield_10021", Map.of("value", "Apple", "child", Map.of("value", "iPad")))
                .containsEntry("customfield_10017", List.of("checkout-flow", "payments"))
                .containsEntry("customfield_10022", Map.of("accountId", "alex"))
                .containsEntry("fixVersions", List.of(Map.of("name", "3.4.1")))
                .doesNotContainKeys("customfield_10013", "customfield_10099");
        assertThat(cloud.fields().get("environment")).isInstanceOf(Map.class);
        assertThat(server.fields()).containsEntry("customfield_10022", Map.of("name", "alex"))
                .containsEntry("environment", "Tap *Pay*");
        assertThat(cloud.skipped()).containsExactly(
                "mapping.customFields[1] (attributes.seats -> customfield_10013): 'many' is not a number",
                "mapping.customFields[7] (title -> customfield_10099): the field's type is not known (save the"
                        + " integration through the API while Jira is reachable, or give \"type\")");
        assertThat(cloud.origins()).containsEntry("customfield_10013", "mapping.customFields[1] (attributes.seats -> customfield_10013)");
    }

    @Test
    void entriesWithProblemsAreNamedOneByOne() {
        List<Map<String, Object>> raw = new ArrayList<>();
        raw.add(Map.of("source", "app.version", "field", "customfield_1", "colour", "red"));
        raw.add(Map.of("source", "app.version", "field", "priority"));
        raw.add(Map.of("source", "app.version", "constant", "x", "field", "customfield_2"));
        raw.add(Map.of("source", "app.build", "field", "customfield_3"));
        raw.add(Map.of("template", "{{app.name}} {{nope}}", "field", "customfield_4"));
        raw.add(Map.of("source", "title", "field", "customfield_5", "type", "team"));
        raw.add(Map.of("source", "title", "field", "customfield_6", "by", "label"));
        raw.add(Map.of("source", "title", "field", "customfield_7", "lookup", Map.of("a", Map.of("b", "c"))));
        raw.add(Map.of("source", "title", "field", "customfield_8"));
        raw.add(Map.of("source", "title", "field", "customfield_8"));
        raw.add(Map.of("field", "customfield_9"));

        List<String> problems = CustomFieldMapping.parseAll(raw).problems().stream()
                .map(p -> p.path() + ": " + p.problem()).toList();

        assertThat(problems).anyMatch(p -> p.startsWith("mapping.customFields[0].colour: is not a known key"))
                .anyMatch(p -> p.startsWith("mapping.customFields[1].field: priority is filled by jira-bridge itself"))
                .anyMatch(p -> p.startsWith("mapping.customFields[2]: needs exactly one of"))
                .anyMatch(p -> p.startsWith("mapping.customFields[3].source: 'app.build' is not a report path"))
                .anyMatch(p -> p.startsWith("mapping.customFields[4].template: {{nope}} is not a report path"))
                .anyMatch(p -> p.startsWith("mapping.customFields[5].type: 'team' is not a field type"))
                .anyMatch(p -> p.startsWith("mapping.customFields[6].by: must be value, name or id"))
                .anyMatch(p -> p.startsWith("mapping.customFields[7].lookup.a: must be a string"))
                .anyMatch(p -> p.startsWith("mapping.customFields[9].field: customfield_8 is filled by an earlier entry"))
                .anyMatch(p -> p.startsWith("mapping.customFields[10]: needs exactly one of"));
        assertThat(problems).noneMatch(p -> p.startsWith("mapping.customFields[8]"));
    }

    @Test
    void anEntryAlwaysHasAValueOnlyWithAConstantADefaultOrAPathEveryReportHas() {
        assertThat(entry(Map.of("constant", "x", "field", "customfield_1")).alwaysHasValue()).isTrue();
        assertThat(entry(Map.of("source", "app.version", "field", "customfield_1", "default", "0")).alwaysHasValue()).isTrue();
        assertThat(entry(Map.of("source", "title", "field", "customfield_1")).alwaysHasValue()).isTrue();
        assertThat(entry(Map.of("template", "build {{app.version}}", "field", "customfield_1")).alwaysHasValue()).isTrue();
        assertThat(entry(Map.of("source", "app.version", "field", "customfield_1")).alwaysHasValue()).isFalse();
        assertThat(entry(Map.of("source", "priority", "field", "customfield_1", "lookup", Map.of("Major", "High")))
                .alwaysHasValue()).isFalse();
    }

    @Test
    void theMapperAddsAssigneeAndCustomFieldsAndSaysWhereEachFieldCameFrom() {
        List<CustomFieldMapping> custom = CustomFieldMapping.parseAll(List.of(
                Map.of("source", "attributes.plan", "field", "customfield_10011", "type", "select",
                        "lookup", Map.of("gold", "Critical")))).mappings();
        MappingConfig config = new MappingConfig("DEMO", "10001", null, List.of(), null, "557058:abc", custom);

        IssueMapper.MappedIssue cloud = IssueMapper.map(report(), "r-1", config, Deployment.CLOUD);
        IssueMapper.MappedIssue server = IssueMapper.map(report(), "r-1",
                new MappingConfig("DEMO", "Bug", null, List.of(), null, "alex", custom), Deployment.SERVER);

        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) cloud.payload().get("fields");
        assertThat(fields.get("issuetype")).isEqualTo(Map.of("id", "10001"));
        assertThat(fields.get("assignee")).isEqualTo(Map.of("accountId", "557058:abc"));
        assertThat(fields.get("customfield_10011")).isEqualTo(Map.of("value", "Critical"));
        assertThat(((Map<?, ?>) server.payload().get("fields")).get("assignee")).isEqualTo(Map.of("name", "alex"));
        assertThat(cloud.origins()).containsEntry("assignee", "target.assignee")
                .containsEntry("priority", "mapping.priorityMap")
                .containsEntry("customfield_10011", "mapping.customFields[0] (attributes.plan -> customfield_10011)");
        assertThat(cloud.skipped()).isEmpty();
    }
}
