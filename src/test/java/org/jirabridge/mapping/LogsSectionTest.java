package org.jirabridge.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jirabridge.component.jira.Deployment;
import org.jirabridge.report.Report;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The opt-in "logs" section: the end of each text attachment inline, as a code block that user text cannot close. */
class LogsSectionTest {

    private static Report.Attachment file(String name, String type, String content) {
        return new Report.Attachment(name, type, Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static Report report(List<Report.Attachment> attachments) {
        return new Report("Crash", null, "crash", null, null, null, null, null, null, attachments, null, null);
    }

    private static final MappingConfig LOGS = new MappingConfig("DEMO", "Bug", null, List.of("logs"), null);

    @Test
    void theLastLinesOfEachTextAttachmentBecomeACodeBlock() {
        String log = IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Report report = report(List.of(file("crash.log", "application/octet-stream", log),
                file("screen.png", "image/png", "not text"), file("console.txt", "text/plain", "ready")));

        String wiki = (String) IssueMapper.description(report, "r-1", LOGS, Deployment.SERVER);
        @SuppressWarnings("unchecked")
        Map<String, Object> adf = (Map<String, Object>) IssueMapper.description(report, "r-1", LOGS, Deployment.CLOUD);

        assertThat(wiki).startsWith("h3. Log: crash.log\n\n{noformat}\n\u2026 (earlier lines left out)\nline 11\n")
                .contains("line 60\n{noformat}").doesNotContain("line 10\n").doesNotContain("screen.png")
                .endsWith("h3. Log: console.txt\n\n{noformat}\nready\n{noformat}");
        List<?> blocks = (List<?>) adf.get("content");
        assertThat(blocks).hasSize(4);
        assertThat(Adf.type(blocks.get(1))).isEqualTo("codeBlock");
        assertThat(blocks.get(1).toString()).contains("line 60").doesNotContain("line 10,");
        AdfValidator.assertValid(adf);
    }

    @Test
    void aLogCannotCloseTheMacroOrBeLeftOutByDefault() {
        Report report = report(List.of(file("evil.log", "text/plain", "x\n{noformat}\nh1. injected\n{code}")));

        String wiki = (String) IssueMapper.description(report, "r-1", LOGS, Deployment.SERVER);
        Object defaults = IssueMapper.description(report, "r-1", MappingConfig.defaults("DEMO", "Bug"), Deployment.SERVER);

        assertThat(wiki).isEqualTo("h3. Log: evil.log\n\n{noformat}\nx\n{\u200Bnoformat}\nh1. injected\n{\u200Bcode}\n{noformat}");
        assertThat(defaults.toString()).doesNotContain("injected").contains("evil.log");
    }
}
