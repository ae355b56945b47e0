package org.jirabridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MarkdownToAdfTest {

    // expected documents are written with single quotes to keep the table readable
    static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.ALLOW_SINGLE_QUOTES, true);

    static JsonNode tree(Object value) {
        return value instanceof String text ? read(text) : JSON.valueToTree(value);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static Stream<Arguments> constructs() {
        return Stream.of(
                arguments("plain paragraph", "Hello world",
                        "[{'type':'paragraph','content':[{'type':'text','text':'Hello world'}]}]"),
                arguments("emphasis, strong, strike, code", "a *b* **c** ~~d~~ `e`",
                        "[{'type':'paragraph','content':[{'type':'text','text':'a '},"
                                + "{'type':'text','text':'b','marks':[{'type':'em'}]},{'type':'text','text':' '},"
                                + "{'type':'text','text':'c','marks':[{'type':'strong'}]},{'type':'text','text':' '},"
                                + "{'type':'text','text':'d','marks':[{'type':'strike'}]},{'type':'text','text':' '},"
                                + "{'type':'text','text':'e','marks':[{'type':'code'}]}]}]"),
                arguments("nested strong and em share one node", "***both***",
                        "[{'type':'paragraph','content':[{'type':'text','text':'both','marks':[{'type':'strong'},{'type':'em'}]}]}]"),
                arguments("code inside strong keeps only the code mark", "**`x`**",
                        "[{'type':'paragraph','content':[{'type':'text','text':'x','marks':[{'type':'code'}]}]}]"),
                arguments("single tilde is text", "~not struck~",
                        "[{'type':'paragraph','content':[{'type':'text','text':'~not struck~'}]}]"),
                arguments("link with formatting inside", "[go **now**](https://example.com/a?b=1)",
                        "[{'type':'paragraph','content':[{'type':'text','text':'go ','marks':[{'type':'link','attrs':{'href':'https://example.com/a?b=1'}}]},"
                                + "{'type':'text','text':'now','marks':[{'type':'strong'},{'type':'link','attrs':{'href':'https://example.com/a?b=1'}}]}]}]"),
                arguments("code with link", "[`cmd`](http://x.io)",
                        "[{'type':'paragraph','content':[{'type':'text','text':'cmd','marks':[{'type':'code'},{'type':'link','attrs':{'href':'http://x.io'}}]}]}]"),
                arguments("autolink", "<https://x.io/p>",
                        "[{'type':'paragraph','content':[{'type':'text','text':'https://x.io/p','marks':[{'type':'link','attrs':{'href':'https://x.io/p'}}]}]}]"),
                arguments("heading levels", "# One\n\n###### Six",
                        "[{'type':'heading','attrs':{'level':1},'content':[{'type':'text','text':'One'}]},"
                                + "{'type':'heading','attrs':{'level':6},'content':[{'type':'text','text':'Six'}]}]"),
                arguments("soft break is a space, hard break a hardBreak", "a\nb  \nc\\\nd",
                        "[{'type':'paragraph','content':[{'type':'text','text':'a b'},{'type':'hardBreak'},"
                                + "{'type':'text','text':'c'},{'type':'hardBreak'},{'type':'text','text':'d'}]}]"),
                arguments("fenced code with language", "```Java extra\nint x;\n  y();\n```",
                        "[{'type':'codeBlock','attrs':{'language':'java'},'content':[{'type':'text','text':'int x;\\n  y();'}]}]"),
                arguments("code language that is not a plain name is dropped", "```\"><script>\nx\n```",
                        "[{'type':'codeBlock','content':[{'type':'text','text':'x'}]}]"),
                arguments("empty code block", "```\n```",
                        "[{'type':'codeBlock','content':[]}]"),
                arguments("indented code keeps markup as text", "    *not* <b>",
                        "[{'type':'codeBlock','content':[{'type':'text','text':'*not* <b>'}]}]"),
                arguments("nested bullet list", "- a\n  - b\n- c",
                        "[{'type':'bulletList','content':["
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'a'}]},"
                                + "{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'b'}]}]}]}]},"
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'c'}]}]}]}]"),
                arguments("ordered list keeps its start", "7. x\n8. y",
                        "[{'type':'orderedList','attrs':{'order':7},'content':["
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'x'}]}]},"
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'y'}]}]}]}]"),
                arguments("list item starting with a list gets an empty paragraph first", "- - x",
                        "[{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[]},"
                                + "{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'x'}]}]}]}]}]}]"),
                arguments("empty list item", "-",
                        "[{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[]}]}]}]"),
                arguments("code block in a list item", "- ```sh\n  ls\n  ```",
                        "[{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'codeBlock','attrs':{'language':'sh'},'content':[{'type':'text','text':'ls'}]}]}]}]"),
                arguments("heading, quote and rule inside a list item are reshaped", "- # h\n- > q\n- x\n\n  ***",
                        "[{'type':'bulletList','content':["
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'h'}]}]},"
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'q'}]}]},"
                                + "{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'x'}]}]}]}]"),
                arguments("block quote with list; nested quote and heading flattened", "> a\n>\n> - b\n>\n> > c\n>\n> # d",
                        "[{'type':'blockquote','content':[{'type':'paragraph','content':[{'type':'text','text':'a'}]},"
                                + "{'type':'bulletList','content':[{'type':'listItem','content':[{'type':'paragraph','content':[{'type':'text','text':'b'}]}]}]},"
                                + "{'type':'paragraph','content':[{'type':'text','text':'c'}]},"
                                + "{'type':'paragraph','content':[{'type':'text','text':'d'}]}]}]"),
                arguments("thematic break", "a\n\n***\n\nb",
                        "[{'type':'paragraph','content':[{'type':'text','text':'a'}]},{'type':'rule'},"
                                + "{'type':'paragraph','content':[{'type':'text','text':'b'}]}]"),
                arguments("image becomes its alt text linking to the picture", "![a cat](https://img.example/cat.png)",
                        "[{'type':'paragraph','content':[{'type':'text','text':'a cat','marks':[{'type':'link','attrs':{'href':'https://img.example/cat.png'}}]}]}]"),
                arguments("link reference definitions resolve and vanish", "[x][r]\n\n[r]: https://r.example",
                        "[{'type':'paragraph','content':[{'type':'text','text':'x','marks':[{'type':'link','attrs':{'href':'https://r.example'}}]}]}]"),
                arguments("blank input", "  \n\n ", "[]"),
                arguments("null input", null, "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void convertsSupportedMarkdown(String name, String markdown, String expectedContent) {
        Map<String, Object> doc = MarkdownToAdf.convert(markdown);
        assertThat(tree(doc)).isEqualTo(read("{'type':'doc','version':1,'content':" + expectedContent + "}"));
        AdfValidator.assertValid(doc);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                arguments("script tag", "<script>alert(1)</script>",
                        "[{'type':'paragraph','content':[{'type':'text','text':'<script>alert(1)</script>'}]}]"),
                arguments("inline html", "a <img src=x onerror=alert(1)> b",
                        "[{'type':'paragraph','content':[{'type':'text','text':'a <img src=x onerror=alert(1)> b'}]}]"),
                arguments("javascript link keeps its text only", "[click](javascript:alert(1))",
                        "[{'type':'paragraph','content':[{'type':'text','text':'click'}]}]"),
                arguments("data and file links keep their text only", "[a](data:text/html,x) [b](file:///etc/passwd) [c](//evil.example)",
                        "[{'type':'paragraph','content':[{'type':'text','text':'a b c'}]}]"),
                arguments("upper-case scheme with control characters is not a link", "[x](JAVA\u0000SCRIPT:alert(1))",
                        "[{'type':'paragraph','content':[{'type':'text','text':'x'}]}]"),
                arguments("wiki markup is just text", "[link|javascript:alert(1)] {code}x{code} {noformat}",
                        "[{'type':'paragraph','content':[{'type':'text','text':'[link|javascript:alert(1)] {code}x{code} {noformat}'}]}]"),
                arguments("control characters are dropped", "a\u0007b\u001Bc\u009Bd\u0000",
                        "[{'type':'paragraph','content':[{'type':'text','text':'abcd'}]}]"),
                arguments("CR line ends count as line ends", "a\r\n\r\nb\rc",
                        "[{'type':'paragraph','content':[{'type':'text','text':'a'}]},{'type':'paragraph','content':[{'type':'text','text':'b c'}]}]"),
                arguments("lone surrogates become U+FFFD", "x\uD800y\uDC00",
                        "[{'type':'paragraph','content':[{'type':'text','text':'x\uFFFDy\uFFFD'}]}]"),
                arguments("href with quotes, brackets, braces and bars is percent-encoded", "[x](<https://e.example/a\"b[d]{e}|f>)",
                        "[{'type':'paragraph','content':[{'type':'text','text':'x','marks':[{'type':'link','attrs':{'href':'https://e.example/a%22b%5Bd%5D%7Be%7D%7Cf'}}]}]}]"),
                arguments("html block lines become hard breaks", "<div>\n<p>x</p>\n</div>",
                        "[{'type':'paragraph','content':[{'type':'text','text':'<div>'},{'type':'hardBreak'},"
                                + "{'type':'text','text':'<p>x</p>'},{'type':'hardBreak'},{'type':'text','text':'</div>'}]}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void userTextNeverBecomesStructure(String name, String markdown, String expectedContent) {
        Map<String, Object> doc = MarkdownToAdf.convert(markdown);
        assertThat(tree(doc)).isEqualTo(read("{'type':'doc','version':1,'content':" + expectedContent + "}"));
        AdfValidator.assertValid(doc);
    }

    @Test
    void deepNestingIsFlattenedInsteadOfOverflowingTheStack() {
        String quotes = ">".repeat(5000) + " deep";
        String lists = "- ".repeat(3000) + "deep";
        String emphasis = "*a ".repeat(3000) + "x" + " b*".repeat(3000);
        String links = "[".repeat(3000) + "x" + "](https://e.example)".repeat(3000);
        for (String markdown : List.of(quotes, lists, emphasis, links)) {
            Map<String, Object> doc = MarkdownToAdf.convert(markdown);
            AdfValidator.assertValid(doc);
            assertThat(AdfToMarkdown.plainText(doc)).contains(markdown.contains("deep") ? "deep" : "x");
        }
    }

    @Test
    void everyConstructTogetherGivesOneValidDocument() {
        List<String> all = new ArrayList<>();
        constructs().forEach(arguments -> all.add(String.valueOf(arguments.get()[1])));
        hostile().forEach(arguments -> all.add(String.valueOf(arguments.get()[1])));
        Map<String, Object> doc = MarkdownToAdf.convert(String.join("\n\n", all));
        AdfValidator.assertValid(doc);
        assertThat((List<?>) doc.get("content")).hasSizeGreaterThan(20);
    }

    @Test
    void sameInputGivesEqualOutput() {
        String markdown = "# T\n\n- a *b*\n\n```x\ny\n```";
        assertThat(MarkdownToAdf.convert(markdown)).isEqualTo(MarkdownToAdf.convert(markdown));
    }
}
