package org.jirabridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WikiToMarkdownTest {

    static Stream<Arguments> comments() {
        return Stream.of(
                // the comment body of shared/jira-samples/responses/atlascode__addComment-dc.json
                arguments("plain comment", "This is a test comment added via e2e test", "This is a test comment added via e2e test"),
                arguments("heading", "h2. Title", "## Title"),
                arguments("inline styles", "*bold* _it_ -strike- {{co*de}} ??cite?? +ins+ ^sup^ ~sub~",
                        "**bold** *it* ~~strike~~ `co*de` *cite* ins sup sub"),
                arguments("styles need word boundaries", "a*b*c snake_case_name x-y-z 2*3*4", "a\\*b\\*c snake\\_case\\_name x-y-z 2\\*3\\*4"),
                arguments("links", "[Google|https://google.com] and [https://x.io/a]", "[Google](https://google.com) and [https://x.io/a](https://x.io/a)"),
                arguments("link text with styles", "[*bold* link|https://e.example]", "[**bold** link](https://e.example)"),
                arguments("javascript link is text", "[evil|javascript:alert(1)]", "evil"),
                arguments("mentions", "[~jdoe] [Jane Doe|~jdoe] [~accountid:5b10ac8d]", "@jdoe @Jane Doe @5b10ac8d"),
                arguments("attachment and issue links show their text", "[^log.txt] [ABC-12]", "log.txt ABC-12"),
                arguments("lists", "* a\n** b\n* c\n\n# one\n# two", "- a\n  - b\n- c\n\n1. one\n2. two"),
                arguments("mixed nested list", "# one\n#* sub\n# two", "1. one\n   - sub\n2. two"),
                arguments("dash list", "- a\n- b", "- a\n- b"),
                arguments("code with language", "{code:java}\nint x = 1;\n{code}", "```java\nint x = 1;\n```"),
                arguments("code with parameters", "{code:title=A.kt|language=kotlin}\nval x = 1\n{code}", "```kotlin\nval x = 1\n```"),
                arguments("code without language", "{code}\nx\n{code}", "```\nx\n```"),
                arguments("noformat keeps markup raw", "{noformat}\n*raw* [x|y]\n{noformat}", "```\n*raw* [x|y]\n```"),
                arguments("code on one line", "{code}a(){code} after", "```\na()\n```\n\nafter"),
                arguments("unterminated code runs to the end", "{code}\nx\ny", "```\nx\ny\n```"),
                arguments("quote macro", "{quote}\nquoted *text*\n\nsecond\n{quote}", "> quoted **text**\n>\n> second"),
                arguments("bq", "bq. short quote", "> short quote"),
                arguments("line breaks", "line one\nline two\\\\three", "line one\\\nline two\\\nthree"),
                arguments("table", "||h1||h2||\n|a|[x|https://e.example]|", "| h1 | h2 |\n| --- | --- |\n| a | x |"),
                arguments("rule", "a\n\n----\n\nb", "a\n\n---\n\nb"),
                arguments("escapes and references", "\\*not bold\\* &#92; &amp; &lt;b&gt; &#x41;", "\\*not bold\\* \\\\ & \\<b\\> A"),
                arguments("unknown macros and images degrade to text", "{color:red}red{color} !screen.png|thumbnail! (y) :)",
                        "red screen.png (y) :)"),
                arguments("bang sentences are not images", "Wow! Really!", "Wow! Really!"),
                arguments("blank", "  \n", ""),
                arguments("null", null, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("comments")
    void convertsWikiMarkup(String name, String wiki, String markdown) {
        assertThat(WikiToMarkdown.convert(wiki)).isEqualTo(markdown);
    }

    /** What we send to Server comes back as the Markdown it was made from. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Plain text.",
            "**bold** and *italic* and ~~struck~~ and `code`",
            "[a link](https://example.com/path?q=1)",
            "# Heading 1\n\n### Heading 3",
            "line one\\\nline two",
            "```java\nclass A {}\n```",
            "```\n{code} and {noformat} inside\n```",
            "- one\n- two\n  - nested\n- three",
            "1. one\n2. two",
            "> quoted\n>\n> - list in quote",
            "para\n\n---\n\npara",
            "Escaped \\*stars\\* and \\_underscores\\_, a \\\\ backslash, \\[\\~user\\] and {braces}",
            "h1. is text here",
            "Emoji 😀 (y) :) -- dashes",
    })
    void markdownRoundTripsThroughWikiMarkup(String markdown) {
        String expected = markdown.replace("{code} and {noformat}", "{\u200Bcode} and {\u200Bnoformat}");
        assertThat(WikiToMarkdown.convert(MarkdownToWiki.convert(markdown))).isEqualTo(expected);
    }

    @Test
    void longLinesFullOfOpenMarkersConvertQuickly() {
        String wiki = "*a [b {{c ".repeat(20000);
        long start = System.nanoTime();
        String markdown = WikiToMarkdown.convert(wiki);
        // unbounded look-ahead for closing markers would take minutes here
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(markdown).startsWith("\\*a \\[b {{c");
    }

    @Test
    void deepListsAndQuotesDoNotOverflowTheStack() {
        String wiki = "*".repeat(5000) + " deep\n" + "{quote}\n".repeat(2000) + "inner";
        assertThat(WikiToMarkdown.convert(wiki)).contains("deep").contains("inner");
    }
}
