package org.jirabridge.component.jira.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagesAndAdfTest {

    @Test
    void offsetPagesAreReadUntilTotal() {
        List<Integer> asked = new ArrayList<>();
        List<Object> all = Pages.offset(startAt -> {
            asked.add(startAt);
            List<Object> items = new ArrayList<>();
            for (int i = startAt; i < Math.min(startAt + 2, 5); i++) {
                items.add(i);
            }
            return Map.of("startAt", startAt, "maxResults", 2, "total", 5, "values", items);
        }, Integer.MAX_VALUE, "issueTypes", "values");

        assertThat(all).containsExactly(0, 1, 2, 3, 4);
        assertThat(asked).containsExactly(0, 2, 4);
    }

    @Test
    void offsetPagesStopAtIsLastAndAtTheLimit() {
        List<Object> stopped = Pages.offset(startAt -> Map.of("isLast", true, "comments", List.of("a", "b")),
                Integer.MAX_VALUE, "comments");
        List<Object> limited = Pages.offset(startAt -> Map.of("total", 100, "issues", List.of(startAt, startAt + 1)),
                3, "issues");

        assertThat(stopped).containsExactly("a", "b");
        assertThat(limited).containsExactly(0, 1, 2);
    }

    @Test
    void arrayPagesEndWithAShortPage() {
        List<Object> all = Pages.array((startAt, max) -> startAt < 4 ? List.of("u" + startAt, "u" + (startAt + 1))
                : List.of("last"), 2, Integer.MAX_VALUE);

        assertThat(all).containsExactly("u0", "u1", "u2", "u3", "last");
    }

    @Test
    void cursorPagesFollowNextPageTokenUntilIsLast() {
        List<String> tokens = new ArrayList<>();
        List<Object> all = Pages.cursor((token, wanted) -> {
            tokens.add(token);
            if (token == null) {
                return Map.of("issues", List.of("A-1", "A-2"), "nextPageToken", "t2", "isLast", false);
            }
            return Map.of("issues", List.of("A-3"), "isLast", true);
        }, "issues", 50);

        assertThat(all).containsExactly("A-1", "A-2", "A-3");
        assertThat(tokens).containsExactly(null, "t2");
    }

    @Test
    void plainTextBecomesOneParagraphPerBlockWithHardBreaks() {
        Map<String, Object> doc = AdfDocuments.fromPlainText("Crash on start\nafter update\n\n\nSteps: open app");

        assertThat(doc).containsEntry("type", "doc").containsEntry("version", 1);
        assertThat(Json.write(doc)).isEqualTo("{\"type\":\"doc\",\"version\":1,\"content\":["
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Crash on start\"},"
                + "{\"type\":\"hardBreak\"},{\"type\":\"text\",\"text\":\"after update\"}]},"
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Steps: open app\"}]}]}");
        assertThat(AdfDocuments.isDocument(doc)).isTrue();
        assertThat(AdfDocuments.isDocument(Map.of("body", "x"))).isFalse();
        assertThat(Json.list(AdfDocuments.fromPlainText("  \n ").get("content"))).isEmpty();
    }

    @Test
    void headerValuesBecomeSingleEncodedPathSegments() {
        assertThat(JiraPaths.segment("DEMO-12")).isEqualTo("DEMO-12");
        assertThat(JiraPaths.segment("../myself?x=1")).isEqualTo("..%2Fmyself%3Fx%3D1");
        assertThatThrownBy(() -> JiraPaths.segment("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawPathsMustStayOnTheSite() {
        assertThat(JiraPaths.checkRawPath("/rest/api/2/issue/DEMO-1?fields=summary"))
                .isEqualTo("/rest/api/2/issue/DEMO-1?fields=summary");
        for (String bad : List.of("rest/api/2/myself", "//evil.example/x", "/rest/../../admin", "/rest/%2e%2e/x",
                "/a\\b", "/x#frag")) {
            assertThatThrownBy(() -> JiraPaths.checkRawPath(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
