package org.jirabridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdfToMarkdownTest {

    private static Object doc(String content) {
        return MarkdownToAdfTest.JSON.convertValue(MarkdownToAdfTest.tree("{'type':'doc','version':1,'content':" + content + "}"), Map.class);
    }

    private static String paragraph(String inline) {
        return "[{'type':'paragraph','content':[" + inline + "]}]";
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                // body of Atlassian's example in the v3 spec (shared/jira-samples/responses/spec-examples/platform-v3__issue-comment-add.201.json)
                arguments("spec example comment", paragraph("{'type':'text','text':'Lorem ipsum dolor sit amet, consectetur adipiscing elit.'}"),
                        "Lorem ipsum dolor sit amet, consectetur adipiscing elit."),
                arguments("marks", paragraph("{'type':'text','text':'b','marks':[{'type':'strong'}]},{'type':'text','text':' '},"
                                + "{'type':'text','text':'i','marks':[{'type':'em'}]},{'type':'text','text':' '},"
                                + "{'type':'text','text':'s','marks':[{'type':'strike'}]},{'type':'text','text':' '},"
                                + "{'type':'text','text':'c','marks':[{'type':'code'}]},{'type':'text','text':' u','marks':[{'type':'underline'}]}"),
                        "**b** *i* ~~s~~ `c` u"),
                arguments("link", paragraph("{'type':'text','text':'docs','marks':[{'type':'link','attrs':{'href':'https://e.example/a(b)'}}]}"),
                        "[docs](https://e.example/a%28b%29)"),
                arguments("link with a space in the target is text", paragraph("{'type':'text','text':'docs','marks':[{'type':'link','attrs':{'href':'https://e.example/a b'}}]}"),
                        "docs"),
                arguments("javascript link is text", paragraph("{'type':'text','text':'x','marks':[{'type':'link','attrs':{'href':'javascript:alert(1)'}}]}"), "x"),
                // mention as in Atlassian's mention node documentation
                arguments("mention with text", paragraph("{'type':'mention','attrs':{'id':'ABCDE-ABCDE-ABCDE-ABCDE','text':'@Bradley Ayers','userType':'APP'}}"),
                        "@Bradley Ayers"),
                arguments("mention with id only", paragraph("{'type':'text','text':'hi '},{'type':'mention','attrs':{'id':'5b10ac8d82e05b22cc7d4ef5'}}"),
                        "hi @5b10ac8d82e05b22cc7d4ef5"),
                arguments("mention with markdown in the name", paragraph("{'type':'mention','attrs':{'id':'1','text':'@*evil*_name_'}}"),
                        "@\\*evil\\*\\_name\\_"),
                arguments("emoji", paragraph("{'type':'emoji','attrs':{'shortName':':grinning:','text':'\uD83D\uDE00'}},{'type':'emoji','attrs':{'shortName':':custom:'}}"),
                        "\uD83D\uDE00:custom:"),
                arguments("date and status", paragraph("{'type':'date','attrs':{'timestamp':'1700000000000'}},{'type':'text','text':' '},"
                        + "{'type':'status','attrs':{'text':'In progress','color':'blue'}}"), "2023-11-14 In progress"),
                arguments("inline card", paragraph("{'type':'inlineCard','attrs':{'url':'https://atlassian.com'}}"), "<https://atlassian.com>"),
                arguments("hard break", paragraph("{'type':'text','text':'a'},{'type':'hardBreak'},{'type':'text','text':'b'}"), "a\\\nb"),
                arguments("markdown characters in text are escaped",
                        paragraph("{'type':'text','text':'*a* _b_ `c` [d](e) <f> ~~g~~ \\\\ | &amp; x&y ![h]'}"),
                        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> \\~\\~g\\~\\~ \\\\ \\| \\&amp; x&y \\!\\[h\\]"),
                arguments("block markers at line start are escaped",
                        "[{'type':'paragraph','content':[{'type':'text','text':'# no'}]},{'type':'paragraph','content':[{'type':'text','text':'1. no'}]},"
                                + "{'type':'paragraph','content':[{'type':'text','text':'- no'}]},{'type':'paragraph','content':[{'type':'text','text':'> no'}]},"
                                + "{'type':'paragraph','content':[{'type':'text','text':'a'},{'type':'hardBreak'},{'type':'text','text':'+ no'}]}]",
                        "\\# no\n\n1\\. no\n\n\\- no\n\n\\> no\n\na\\\n\\+ no"),
                arguments("heading, quote, rule",
                        "[{'type':'heading','attrs':{'level':2},'content':[{'type':'text','text':'Title'}]},"
                                + "{'type':'blockquote','content':[{'type':'paragraph','content':[{'type':'text','text':'q1'}]},{'type':'paragraph','content':[{'type':'text','text':'q2'}]}]},"
                                + "{'type':'rule'}]",
                        "## Title\n\n> q1\n>\n> q2\n\n---"),
                arguments("code block with backticks and language",
                        "[{'type':'codeBlock','attrs':{'language':'JavaScript'},'content':[{'type':'text','text':'a ```\\nb'}]}]",
                        "````javascript\na ```\nb\n````"),
                arguments("nested and ordered lists",
                        "[{'type':'orderedList','attrs':{'order':3},'content':[{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'x'}]},"
                                + "{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'y'}]}]}]}]},"
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'z'}]}]}]}]",
                        "3. x\n   - y\n4. z"),
                arguments("two lists in a row keep apart",
                        "[{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'a'}]}]}]},"
                                + "{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'b'}]}]}]}]",
                        "- a\n\n* b"),
                arguments("task list",
                        "[{'type':'taskList','attrs':{'localId':'1'},'content':[{'type':'taskItem','attrs':{'localId':'2','state':'DONE'},'content':[{'type':'text','text':'done'}]},"
                                + "{'type':'taskItem','attrs':{'localId':'3','state':'TODO'},'content':[{'type':'text','text':'todo'}]}]}]",
                        "- [x] done\n- [ ] todo"),
                arguments("table",
                        "[{'type':'table','content':[{'type':'tableRow','content':[{'type':'tableHeader','content':[{'type':'paragraph','content':[{'type':'text','text':'K'}]}]},"
                                + "{'type':'tableHeader','content':[{'type':'paragraph','content':[{'type':'text','text':'V'}]}]}]},"
                                + "{'type':'tableRow','content':[{'type':'tableCell','content':[{'type':'paragraph','content':[{'type':'text','text':'a|b'}]}]},"
                                + "{'type':'tableCell','content':[{'type':'paragraph','content':[{'type':'text','text':'c'}]}]}]}]}]",
                        "| K | V |\n| --- | --- |\n| a\\|b | c |"),
                arguments("panel and expand degrade to their content",
                        "[{'type':'panel','attrs':{'panelType':'info'},'content':[{'type':'paragraph','content':[{'type':'text','text':'note'}]}]},"
                                + "{'type':'expand','attrs':{'title':'More'},'content':[{'type':'paragraph','content':[{'type':'text','text':'hidden'}]}]}]",
                        "note\n\n**More**\n\nhidden"),
                arguments("media", "[{'type':'mediaSingle','content':[{'type':'media','attrs':{'id':'x','type':'file','collection':'c','alt':'screen.png'}}]}]",
                        "(attachment: screen.png)"),
                arguments("unknown nodes degrade to their text",
                        "[{'type':'futureBlock','content':[{'type':'paragraph','content':[{'type':'text','text':'kept'}]}]},"
                                + "{'type':'paragraph','content':[{'type':'futureInline','content':[{'type':'text','text':'also'}]}]},"
                                + "{'type':'text','text':'stray inline'}]",
                        "kept\n\nalso\n\nstray inline"),
                arguments("control characters in text are dropped", paragraph("{'type':'text','text':'a\\u0007b\\u001bc'}"), "abc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void convertsAdf(String name, String content, String markdown) {
        assertThat(AdfToMarkdown.convert(doc(content))).isEqualTo(markdown);
    }

    @Test
    void acceptsJsonTextJsonNodesPlainTextAndNull() throws Exception {
        String json = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"marks\":[{\"type\":\"strong\"}]}]}]}";
        assertThat(AdfToMarkdown.convert(json)).isEqualTo("**hi**");
        assertThat(AdfToMarkdown.convert(MarkdownToAdfTest.JSON.readTree(json))).isEqualTo("**hi**");
        assertThat(AdfToMarkdown.convert("*plain* text from the v2 API")).isEqualTo("\\*plain\\* text from the v2 API");
        assertThat(AdfToMarkdown.convert("{not json")).isEqualTo("{not json");
        assertThat(AdfToMarkdown.convert(null)).isEmpty();
    }

    /** Common constructs whose Markdown comes back unchanged through ADF. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Plain text.",
            "**bold** and *italic* and ~~struck~~ and `code`",
            "***bold italic*** text",
            "[a link](https://example.com/path?q=1) and [**bold link**](https://example.com)",
            "# Heading 1\n\n## Heading 2\n\n###### Heading 6",
            "line one\\\nline two",
            "```java\nclass A {}\n```",
            "```\nno language\n```",
            "- one\n- two\n  - nested\n    - deeper\n- three",
            "1. one\n2. two\n   1. nested",
            "5. five\n6. six",
            "> quoted\n>\n> - list in quote",
            "para\n\n---\n\npara",
            "- item\n\n  second paragraph\n- next",
            "Escaped \\*stars\\* and \\_underscores\\_ and \\<tags\\>",
            "\\# not a heading",
            "Emoji 😀 and accents é",
    })
    void markdownRoundTripsThroughAdf(String markdown) {
        Map<String, Object> adf = MarkdownToAdf.convert(markdown);
        AdfValidator.assertValid(adf);
        assertThat(AdfToMarkdown.convert(adf)).isEqualTo(markdown);
    }

    /**
     * Random paragraphs of words with random mark sets (runs separated by plain spaces) survive
     * ADF -> Markdown -> ADF: same characters with the same marks (whitespace styling is invisible and ignored).
     */
    @Test
    void randomlyMarkedTextSurvivesAdfToMarkdownToAdf() {
        Random random = new Random(42);
        String[] words = {"alpha", "b", "x*y", "_u_", "[k]", "`t`", "1.", "#", "a\\b", "<i>", "&amp;", "~~s~~", "é", "😀", "-", "!["};
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            Adf.Inlines inlines = new Adf.Inlines();
            int runs = 1 + random.nextInt(5);
            for (int k = 0; k < runs; k++) {
                Adf.Marks marks = Adf.Marks.NONE;
                marks = random.nextInt(3) == 0 ? marks.withStrong() : marks;
                marks = random.nextInt(3) == 0 ? marks.withEm() : marks;
                marks = random.nextInt(3) == 0 ? marks.withStrike() : marks;
                marks = random.nextInt(4) == 0 ? marks.withCode() : marks;
                marks = random.nextInt(3) == 0 ? marks.withLink("https://e.example/" + random.nextInt(2)) : marks;
                if (k > 0) {
                    inlines.text(" ", Adf.Marks.NONE);
                }
                inlines.text(words[random.nextInt(words.length)], marks);
            }
            Map<String, Object> original = Adf.doc(List.of(Adf.paragraph(inlines.build())));
            String markdown = AdfToMarkdown.convert(original);
            Map<String, Object> back = MarkdownToAdf.convert(markdown);
            if (!visible(original).equals(visible(back))) {
                failures.add(markdown);
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Each visible character with its marks; spaces collapsed and unmarked. */
    private static String visible(Map<String, Object> doc) {
        StringBuilder out = new StringBuilder();
        for (Object paragraph : (List<?>) doc.get("content")) {
            for (Object node : (List<?>) ((Map<?, ?>) paragraph).get("content")) {
                Map<?, ?> text = (Map<?, ?>) node;
                Object marks = text.get("marks");
                for (int codePoint : String.valueOf(text.get("text")).codePoints().toArray()) {
                    if (codePoint == ' ') {
                        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                            out.append(' ');
                        }
                    } else {
                        out.appendCodePoint(codePoint).append(marks == null ? "" : marks.toString()).append('|');
                    }
                }
            }
        }
        return out.toString().strip();
    }

    @Test
    void deeplyNestedInputDoesNotOverflowTheStack() {
        Map<String, Object> node = Adf.paragraph(List.of(Adf.text("bottom", Adf.Marks.NONE)));
        for (int i = 0; i < 20000; i++) {
            node = Adf.blockquote(List.of(node));
        }
        assertThat(AdfToMarkdown.convert(Adf.doc(List.of(node)))).contains("bottom");
    }
}
