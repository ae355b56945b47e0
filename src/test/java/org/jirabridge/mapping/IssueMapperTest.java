package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jirabridge.component.jira.Deployment;
import org.jirabridge.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class IssueMapperTest {

    private static final MappingConfig NO_SECTIONS = new MappingConfig("MOB", "Bug", null, List.of(), null);

    private static Report report(String title, String description, String type, String priority, List<String> tags) {
        return new Report(title, description, type, priority, null, null, null, tags, null, null, null, null);
    }

    private static Report fullReport(Map<String, Object> device) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("userId", "u-42");
        attributes.put("beta", true);
        return new Report("App crashes on login", "Steps:\n\n1. Open app\n2. Tap *Login*", "crash", "Blocker",
                new Report.Reporter("jane@example.com", "Jane Doe"), new Report.App("Shop", "2.3.1", "iOS"),
                device, List.of("checkout", "p1"), attributes,
                List.of(new Report.Attachment("crash.log", "text/plain", "aGVsbG8=")), null, null);
    }

    private static Map<String, Object> device() {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("os", "iOS 17.2");
        device.put("model", "iPhone 15");
        device.put("memory", Map.of("total", 4096, "free", 512));
        return device;
    }

    private static final MappingConfig ALL_SECTIONS =
            new MappingConfig("MOB", "Bug", null, null, "https://app.example/reports/");

    @Test
    void cloudPayloadHasTheDocumentedShape() {
        Report report = report("Login fails", "Hello *world*", "bug", "Major", List.of("ios", "login flow"));
        Map<String, Object> payload = IssueMapper.toCreatePayload(report, "r-1", NO_SECTIONS, Deployment.CLOUD);
        assertThat(MarkdownToAdfTest.tree(payload)).isEqualTo(MarkdownToAdfTest.tree("{'fields':{"
                + "'project':{'key':'MOB'},'issuetype':{'name':'Bug'},'summary':'Login fails',"
                + "'description':{'type':'doc','version':1,'content':[{'type':'paragraph','content':["
                + "{'type':'text','text':'Hello '},{'type':'text','text':'world','marks':[{'type':'em'}]}]}]},"
                + "'labels':['jira-bridge','bug','ios','login-flow'],'priority':{'name':'High'}}}"));
    }

    @Test
    void serverPayloadCarriesWikiMarkup() {
        Report report = report("Login fails", "Hello *world*", "bug", "Major", List.of("ios"));
        Map<String, Object> payload = IssueMapper.toCreatePayload(report, "r-1", NO_SECTIONS, Deployment.SERVER);
        assertThat(MarkdownToAdfTest.tree(payload)).isEqualTo(MarkdownToAdfTest.tree("{'fields':{"
                + "'project':{'key':'MOB'},'issuetype':{'name':'Bug'},'summary':'Login fails','description':'Hello _world_',"
                + "'labels':['jira-bridge','bug','ios'],'priority':{'name':'High'}}}"));
    }

    @Test
    void serverDescriptionAppendsEverySectionInOrder() {
        Object description = IssueMapper.description(fullReport(device()), "r-1", ALL_SECTIONS, Deployment.SERVER);
        assertThat(description).isEqualTo(String.join("\n", List.of(
                "Steps:",
                "",
                "# Open app",
                "# Tap _Login_",
                "",
                "h3. Reporter",
                "",
                "||Name|Jane Doe|",
                "||Email|jane\\@example.com|",
                "",
                "h3. App",
                "",
                "||Name|Shop|",
                "||Version|2.3.1|",
                "||Platform|iOS|",
                "",
                "h3. Device",
                "",
                "||memory|\\{free: 512, total: 4096\\}|",
                "||model|iPhone 15|",
                "||os|iOS 17.2|",
                "",
                "h3. Tags",
                "",
                "* checkout",
                "* p1",
                "",
                "h3. Attributes",
                "",
                "||beta|true|",
                "||userId|u\\-42|",
                "",
                "h3. Attachments",
                "",
                "* crash.log \\(text/plain, 5 B\\)",
                "",
                "h3. Report",
                "",
                "[Open report r\\-1|https://app.example/reports/r-1]")));
    }

    @Test
    void cloudDescriptionAppendsEverySectionAsValidAdf() {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) IssueMapper.description(fullReport(device()), "r-1", ALL_SECTIONS, Deployment.CLOUD);
        AdfValidator.assertValid(doc);
        List<String> types = new ArrayList<>();
        for (Object block : (List<?>) doc.get("content")) {
            types.add(Adf.type(block));
        }
        assertThat(types).containsExactly("paragraph", "orderedList",
                "heading", "table", "heading", "table", "heading", "table", "heading", "bulletList",
                "heading", "table", "heading", "bulletList", "heading", "paragraph");
        assertThat(AdfToMarkdown.convert(doc)).isEqualTo(String.join("\n", List.of(
                "Steps:", "", "1. Open app", "2. Tap *Login*", "",
                "### Reporter", "", "| Name | Jane Doe |", "| --- | --- |", "| Email | jane@example.com |", "",
                "### App", "", "| Name | Shop |", "| --- | --- |", "| Version | 2.3.1 |", "| Platform | iOS |", "",
                "### Device", "", "| memory | {free: 512, total: 4096} |", "| --- | --- |", "| model | iPhone 15 |", "| os | iOS 17.2 |", "",
                "### Tags", "", "- checkout", "- p1", "",
                "### Attributes", "", "| beta | true |", "| --- | --- |", "| userId | u-42 |", "",
                "### Attachments", "", "- crash.log (text/plain, 5 B)", "",
                "### Report", "", "[Open report r-1](https://app.example/reports/r-1)")));
    }

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void outputDoesNotDependOnMapTypesOrRepetition(Deployment deployment) {
        Map<String, Object> first = IssueMapper.toCreatePayload(fullReport(new HashMap<>(device())), "r-1", ALL_SECTIONS, deployment);
        Map<String, Object> second = IssueMapper.toCreatePayload(fullReport(new TreeMap<>(device())), "r-1", ALL_SECTIONS, deployment);
        assertThat(MarkdownToAdfTest.tree(first).toString()).isEqualTo(MarkdownToAdfTest.tree(second).toString());
    }

    static Stream<Arguments> sectionSelections() {
        return Stream.of(
                arguments(List.of("tags", "reporter"), "h3. Tags\n\n* checkout\n* p1\n\nh3. Reporter\n\n||Name|Jane Doe|\n||Email|jane\\@example.com|"),
                arguments(List.of("TAGS", " tags ", "nonsense"), "h3. Tags\n\n* checkout\n* p1"),
                arguments(List.of("link"), "h3. Report\n\n[Open report r 1/2|https://app.example/reports/r%201%2F2]"),
                arguments(List.of(), null));
    }

    @ParameterizedTest
    @MethodSource("sectionSelections")
    void includeSelectsSectionsInItsOrder(List<String> include, String expected) {
        Report report = new Report(null, null, null, null, new Report.Reporter("jane@example.com", "Jane Doe"), null, null,
                List.of("checkout", "p1"), null, null, null, null);
        MappingConfig config = new MappingConfig("MOB", "Bug", null, include, "https://app.example/reports/");
        assertThat(IssueMapper.description(report, "r 1/2", config, Deployment.SERVER)).isEqualTo(expected);
        assertThat(IssueMapper.toCreatePayload(report, "r 1/2", config, Deployment.CLOUD).get("fields"))
                .satisfies(fields -> assertThat(((Map<?, ?>) fields).containsKey("description")).isEqualTo(expected != null));
    }

    @ParameterizedTest
    @MethodSource("unsafeLinkBases")
    void linkSectionNeedsAnHttpBase(String base) {
        MappingConfig config = new MappingConfig("MOB", "Bug", null, List.of("link"), base);
        assertThat(IssueMapper.description(report("t", null, "bug", null, null), "r-1", config, Deployment.SERVER)).isNull();
    }

    static Stream<String> unsafeLinkBases() {
        return Stream.of(null, "", "javascript:alert(1)//", "ftp://files.example/", "/relative/", "https:///no-host/");
    }

    static Stream<Arguments> summaries() {
        String a255 = "a".repeat(255);
        return Stream.of(
                arguments("Login fails", "bug", "Login fails"),
                arguments("  Crash   on\n\tstart \r\n", "bug", "Crash on start"),
                arguments("a\u0000b\u0007c\u009Bd", "bug", "abcd"),
                arguments("<script>alert(1)</script> *x* {code}", "bug", "<script>alert(1)</script> *x* {code}"),
                arguments("", "bug", "Bug report"),
                arguments(null, "CRASH", "Crash report"),
                arguments(" \n ", "feedback", "Feedback report"),
                arguments(null, null, "Report"),
                arguments(a255, "bug", a255),
                arguments(a255 + "b", "bug", "a".repeat(254) + "\u2026"),
                arguments("\uD83D\uDE00".repeat(300), "bug", "\uD83D\uDE00".repeat(254) + "\u2026"),
                arguments("a".repeat(253) + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "bug", "a".repeat(253) + "\uD83D\uDE00\u2026"),
                arguments("a".repeat(252) + "\uD83D\uDC69\u200D\uD83D\uDCBB" + "x".repeat(10), "bug", "a".repeat(252) + "\uD83D\uDC69\u2026"),
                arguments("a".repeat(253) + " bbbb", "bug", "a".repeat(253) + "\u2026"),
                arguments("x\uD800y", "bug", "x\uFFFDy"));
    }

    @ParameterizedTest
    @MethodSource("summaries")
    void summaryIsOneCleanLineOfAtMost255CodePoints(String title, String type, String summary) {
        String actual = IssueMapper.summary(report(title, null, type, null, null));
        assertThat(actual).isEqualTo(summary);
        assertThat(actual.codePointCount(0, actual.length())).isLessThanOrEqualTo(255);
        // no half of a surrogate pair may be left at the cut
        assertThat(actual.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                arguments("bug", List.of("ios", "login flow"), List.of("jira-bridge", "bug", "ios", "login-flow")),
                arguments("Crash", Arrays.asList(" login  flow ", "ios", "ios", "", "  ", null, "a\tb\nc", "x\u0000y"),
                        List.of("jira-bridge", "crash", "login-flow", "ios", "a-b-c", "xy")),
                arguments(null, List.of("jira-bridge", "<script>", "[x|javascript:y]"), List.of("jira-bridge", "<script>", "[x|javascript:y]")),
                arguments("user feedback", null, List.of("jira-bridge", "user-feedback")),
                arguments("bug", List.of("x".repeat(300)), List.of("jira-bridge", "bug", "x".repeat(255))),
                arguments("bug", List.of("\uD83D\uDE00".repeat(300)), List.of("jira-bridge", "bug", "\uD83D\uDE00".repeat(255))));
    }

    @ParameterizedTest
    @MethodSource("labels")
    void labelsHaveNoWhitespaceAreShortAndUnique(String type, List<String> tags, List<String> expected) {
        assertThat(IssueMapper.labels(report("t", null, type, null, tags))).isEqualTo(expected);
    }

    static Stream<Arguments> priorities() {
        return Stream.of(
                arguments("Blocker", Map.of(), "{'name':'Highest'}"),
                arguments(null, Map.of(), "{'name':'Medium'}"),
                arguments("Major", Map.of("Major", "10002"), "{'id':'10002'}"),
                arguments("Minor", Map.of("minor", "P3 - Normal"), "{'name':'P3 - Normal'}"));
    }

    @ParameterizedTest
    @MethodSource("priorities")
    void priorityIsANameOrAnId(String reportPriority, Map<String, String> overrides, String expected) {
        MappingConfig config = new MappingConfig("MOB", "Bug", overrides, List.of(), null);
        Map<String, Object> payload = IssueMapper.toCreatePayload(report("t", null, "bug", reportPriority, null), "r", config, Deployment.SERVER);
        assertThat(MarkdownToAdfTest.tree(((Map<?, ?>) payload.get("fields")).get("priority"))).isEqualTo(MarkdownToAdfTest.tree(expected));
    }

    /** Every field carries markup, script and control characters. */
    private static Report hostileReport() {
        String evil = "<script>alert(1)</script> *b* _i_ {code}x{code} [link|javascript:alert(1)] [m](javascript:alert(2)) h1. \u0007";
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(evil, evil);
        map.put("nested", Map.of("k", List.of(evil, 1)));
        return new Report(evil, evil + "\n\n```\n{code}\n```", evil, evil, new Report.Reporter(evil, evil), new Report.App(evil, evil, evil),
                map, List.of(evil), map, List.of(new Report.Attachment(evil, evil, "not base64!")), evil, evil);
    }

    @Test
    void hostileReportGivesValidAdfWithoutForeignLinks() {
        MappingConfig config = new MappingConfig("MOB", "Bug", null, null, "https://app.example/r/");
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) IssueMapper
                .toCreatePayload(hostileReport(), "r-1", config, Deployment.CLOUD).get("fields")).get("description");
        AdfValidator.assertValid(doc);
        String json = MarkdownToAdfTest.tree(doc).toString();
        // the only link in the document is the one to the report
        assertThat(json.split("\"href\"", -1)).hasSize(2);
        assertThat(json).contains("\"href\":\"https://app.example/r/r-1\"").doesNotContain("\\u0007");
    }

    @Test
    void hostileReportGivesEscapedWikiMarkup() {
        MappingConfig config = new MappingConfig("MOB", "Bug", null, List.of("reporter", "tags"), null);
        Object wiki = IssueMapper.description(hostileReport(), "r-1", config, Deployment.SERVER);
        String escaped = "<script>alert\\(1\\)</script> \\*b\\* \\_i\\_ \\{code\\}x\\{code\\} \\[link\\|javascript:alert\\(1\\)\\] "
                + "\\[m\\]\\(javascript:alert\\(2\\)\\) h1.";
        // a line starting with <script> is a raw HTML block in Markdown: all of it is text
        assertThat(wiki).isEqualTo(escaped + "\n\n"
                + "{noformat}\n{\u200Bcode}\n{noformat}\n\n"
                + "h3. Reporter\n\n||Name|" + escaped + "|\n||Email|" + escaped + "|\n\n"
                + "h3. Tags\n\n* " + escaped);
    }

    @Test
    void mappingWithoutProjectOrIssueTypeIsRejected() {
        Report report = report("t", null, "bug", null, null);
        assertThatThrownBy(() -> IssueMapper.toCreatePayload(report, "r", new MappingConfig(" ", "Bug", null, null, null), Deployment.CLOUD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("project");
        assertThatThrownBy(() -> IssueMapper.toCreatePayload(report, "r", new MappingConfig("MOB", null, null, null, null), Deployment.CLOUD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issue type");
    }

    @Test
    void defaultsSelectEverySectionAndTheDefaultPriorities() {
        MappingConfig config = MappingConfig.defaults("MOB", "Bug");
        assertThat(config.include()).containsExactly("reporter", "app", "device", "tags", "attributes", "attachments", "link");
        assertThat(config.priorityMap()).isEqualTo(PriorityMap.DEFAULT);
        assertThat(config.reportLinkBase()).isNull();
        assertThat(new MappingConfig("MOB", "Bug", null, null, null).include()).isEqualTo(MappingConfig.SECTIONS);
    }

    @Test
    void attachmentSizesComeFromTheBase64Length() {
        assertThat(ReportSections.decodedSize("aGVsbG8=")).isEqualTo(5);
        assertThat(ReportSections.decodedSize("aGVs\nbG8h")).isEqualTo(6);
        assertThat(ReportSections.decodedSize(null)).isZero();
        assertThat(ReportSections.humanSize(2048)).isEqualTo("2.0 KB");
        assertThat(ReportSections.humanSize(5L * 1024 * 1024)).isEqualTo("5.0 MB");
    }
}
