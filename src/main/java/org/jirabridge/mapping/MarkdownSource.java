package org.jirabridge.mapping;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/** Parsing of a report's Markdown, shared by the ADF and wiki renderers so both read it the same way. */
final class MarkdownSource {

    /** Deeper nesting (quotes in lists in quotes...) is flattened to plain text: keeps renderers off deep recursion. */
    static final int MAX_DEPTH = 24;

    // a built Parser is immutable and safe to share between threads
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(StrikethroughExtension.builder().requireTwoTildes(true).build()))
            .build();

    private MarkdownSource() {
    }

    /** Parses cleaned text (control characters removed first, see {@link UserText#clean}). */
    static Node parse(String markdown) {
        return PARSER.parse(UserText.clean(markdown));
    }

    /** The fence info's first word when it looks like a language name, else null. */
    static String language(String info) {
        if (info == null) {
            return null;
        }
        String word = info.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        // only plain names: the value lands in a macro parameter ({code:x}) and in an ADF attribute
        if (word.isEmpty() || word.length() > 30 || !word.matches("[a-z0-9][a-z0-9+#._-]*")) {
            return null;
        }
        return word;
    }

    /** Code block text without the final line end that the Markdown syntax adds. */
    static String codeLiteral(Node block) {
        String literal = block instanceof FencedCodeBlock fenced ? fenced.getLiteral()
                : block instanceof IndentedCodeBlock indented ? indented.getLiteral() : "";
        if (literal == null) {
            return "";
        }
        return literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    }

    /** All text under a node, walked without recursion (used where nesting is too deep to render). */
    static String plainText(Node root) {
        StringBuilder out = new StringBuilder();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            if (node instanceof Text text) {
                out.append(text.getLiteral());
            } else if (node instanceof Code code) {
                out.append(code.getLiteral());
            } else if (node instanceof HtmlInline html) {
                out.append(html.getLiteral());
            } else if (node instanceof HtmlBlock html) {
                out.append(html.getLiteral()).append(' ');
            } else if (node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock) {
                out.append(codeLiteral(node)).append(' ');
            } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
                out.append(' ');
            }
            if (node instanceof org.commonmark.node.Block && node != root) {
                // blocks are separate words in the flattened text
                out.append(' ');
            }
            Deque<Node> children = new ArrayDeque<>();
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                children.push(child);
            }
            while (!children.isEmpty()) {
                stack.push(children.pop());
            }
        }
        return UserText.singleLine(out.toString());
    }
}
