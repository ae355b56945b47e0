package org.jirabridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MarkdownToWikiTest {

    static Stream<Arguments> constructs() {
        return Stream.of(
                arguments("plain paragraph", "Hello world", "Hello world"),
                arguments("emphasis, strong, strike, code", "a *b* **c** ~~d~~ `e`", "a _b_ *c* -d- {{e}}"),
                arguments("nested emphasis", "***both***", "_*both*_"),
                arguments("headings", "# One\n\n###### Six", "h1. One\n\nh6. Six"),
                arguments("soft and hard breaks", "a\nb  \nc", "a b \\\\ c"),
                arguments("code block with language", "```java\nint x;\n```", "{code:java}\nint x;\n{code}"),
                arguments("code block without language", "```\nplain *text*\n```", "{noformat}\nplain *text*\n{noformat}"),
                arguments("nested bullet list", "- a\n  - b\n- c", "* a\n** b\n* c"),
                arguments("ordered list with nested bullets", "1. a\n   - b\n2. c", "# a\n#* b\n# c"),
                arguments("item with two paragraphs", "- x\n\n  more\n- y", "* x \\\\ more\n* y"),
                arguments("code block inside a list item", "- a\n  ```\n  code\n  ```\n- b", "* a\n{noformat}\ncode\n{noformat}\n* b"),
                arguments("empty list item", "-", "* &#160;"),
                arguments("quote with a list", "> q\n>\n> - x", "{quote}\nq\n\n* x\n{quote}"),
                arguments("nested quote is flattened", "> a\n>\n> > b", "{quote}\na\n\nb\n{quote}"),
                arguments("thematic break", "a\n\n---\n\nb", "a\n\n----\n\nb"),
                arguments("link with formatting", "[go **now**](https://e.example/p?q=1)", "[go *now*|https://e.example/p?q=1]"),
                arguments("autolink", "<https://e.example>", "[https://e.example|https://e.example]"),
                arguments("image becomes a link", "![cat](https://i.example/c.png)", "[cat|https://i.example/c.png]"),
                arguments("lone asterisks stay literal", "**a** * b*", "*a* \\* b\\*"),
                arguments("blank", " \n ", ""),
                arguments("null", null, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void convertsSupportedMarkdown(String name, String markdown, String wiki) {
        assertThat(MarkdownToWiki.convert(markdown)).isEqualTo(wiki);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                arguments("every wiki special character", "a * b - c + d ^ e ~ f | g % h { i } j [ k ] l ( m ) n ! o @ p # q _ r ? s",
                        "a \\* b \\- c \\+ d \\^ e \\~ f \\| g \\% h \\{ i \\} j \\[ k \\] l \\( m \\) n \\! o \\@ p \\# q \\_ r \\? s"),
                arguments("code macro in text", "{code}x{code} and {noformat}", "\\{code\\}x\\{code\\} and \\{noformat\\}"),
                arguments("wiki javascript link", "[link|javascript:alert(1)]", "\\[link\\|javascript:alert\\(1\\)\\]"),
                arguments("markdown javascript link keeps its text", "[x](javascript:alert(1))", "x"),
                arguments("script tag", "<script>alert(1)</script>", "<script>alert\\(1\\)</script>"),
                arguments("heading notation at line start", "h1. Title", "h1&#46; Title"),
                arguments("quote notation at line start", "bq. quoted", "bq&#46; quoted"),
                arguments("upper-case heading notation", "H3. x", "H3&#46; x"),
                arguments("heading notation mid-line stays", "see h1. here", "see h1. here"),
                arguments("backslashes", "a\\\\b\\\\", "a&#92;b&#92;"),
                arguments("mention and image notation", "[~admin] !https://evil.example/x.png!", "\\[\\~admin\\] \\!https://evil.example/x.png\\!"),
                arguments("dashes and rules", "a -- b --- c ----", "a \\-\\- b \\-\\-\\- c \\-\\-\\-\\-"),
                arguments("emoticons", ":) (y) (!)", ":\\) \\(y\\) \\(\\!\\)"),
                arguments("table notation", "||a||b|", "\\|\\|a\\|\\|b\\|"),
                arguments("braces in inline code", "`{{x}}`", "{{\\{\\{x\\}\\}}}"),
                arguments("macro tags in a code block", "```\n{code}\n{noformat}\n{Code:java}\n```",
                        "{noformat}\n{\u200Bcode}\n{\u200Bnoformat}\n{\u200BCode:java}\n{noformat}"),
                arguments("macro tags in a code block with language", "```java\n{code:java}evil{code}\n```",
                        "{code:java}\n{\u200Bcode:java}evil{\u200Bcode}\n{code}"),
                arguments("link target with wiki characters", "[x](https://e.example/a]b|c{d})",
                        "[x|https://e.example/a%5Db%7Cc%7Bd%7D]"),
                arguments("control characters", "a\u0007b\u0000c\u009B", "abc"),
                arguments("Markdown decodes references; a literal one stays literal", "&lt;b&gt; &#123; \\&lt; AT&T", "<b> \\{ &amp;lt; AT&T"),
                arguments("html block", "<div onclick=\"x()\">\n*hi*\n</div>", "<div onclick=\"x\\(\\)\"> \\\\ \\*hi\\* \\\\ </div>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void userTextIsEscaped(String name, String markdown, String wiki) {
        assertThat(MarkdownToWiki.convert(markdown)).isEqualTo(wiki);
    }

    private static final java.util.regex.Pattern CHARACTER_REFERENCE = java.util.regex.Pattern.compile("&(?:#92|#46|amp);");

    /** Hostile strings plus random strings over wiki's special characters. */
    static Stream<String> plainTexts() {
        Random random = new Random(7);
        String alphabet = "*_-+^~?|%{}[]()!@#\\&;:. ahq1{code}{noformat}[~x|javascript:y]h1.bq.\t";
        Stream<String> generated = Stream.generate(() -> {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        }).limit(300);
        Stream<String> fixed = Stream.of("h1. x", "bq. y", "*bold*", "_em_", "-strike-", "{{mono}}", "[a|https://x.example]",
                "\\\\", "\\*", "a\\", "&#92;*x*", "&lt;script&gt;", "AT&T;", "{color:red}x{color}", "!img.png!", "----", "??cite??", "+ins+", "^sup^", "~sub~");
        return Stream.concat(fixed, generated);
    }

    @ParameterizedTest
    @MethodSource("plainTexts")
    void escapedTextHasNoActiveWikiCharacterAndReadsBackAsTheSameText(String text) {
        String escaped = WikiMarkup.safeLineStart(WikiMarkup.escape(text));
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            java.util.regex.Matcher reference = CHARACTER_REFERENCE.matcher(escaped).region(i, escaped.length());
            if (reference.lookingAt()) {
                // the character references the escaper writes ("&#92;", "&#46;", "&amp;") are inert
                i = reference.end() - 1;
            } else if (c == '\\') {
                // every backslash we write escapes the next character, and only such characters
                assertThat(WikiMarkup.ESCAPABLE).as("escape at %d in %s", i, escaped).contains(String.valueOf(escaped.charAt(i + 1)));
                i++;
            } else {
                assertThat(WikiMarkup.ESCAPABLE).as("bare special at %d in %s", i, escaped).doesNotContain(String.valueOf(c));
            }
        }
        Map<String, Object> parsed = WikiToMarkdown.toAdf(escaped);
        String expected = text.replace('\n', ' ').strip();
        if (expected.isEmpty()) {
            assertThat((List<?>) parsed.get("content")).isEmpty();
        } else {
            assertThat(parsed.get("content")).isEqualTo(List.of(Adf.paragraph(List.of(Adf.text(expected, Adf.Marks.NONE)))));
        }
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() {
        String wiki = MarkdownToWiki.convert(">".repeat(5000) + " deep\n\n" + "- ".repeat(3000) + "deeper");
        assertThat(wiki).startsWith("{quote}\ndeep\n{quote}").contains("deeper");
    }
}
