package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

/**
 * Markdown (CommonMark + ~~strikethrough~~) to Jira wiki markup for Jira Server/Data Center (REST v2).
 * All user text goes through {@link WikiMarkup#escape}; only this class writes markup characters.
 * Wiki markup has no nested quotes, multi-paragraph list items or list start numbers: those degrade
 * (quotes flatten, item paragraphs join with a line break, numbering restarts at 1).
 */
public final class MarkdownToWiki {

    private enum Container { DOC, QUOTE, LIST_ITEM }

    private MarkdownToWiki() {
    }

    /** Wiki markup with blocks separated by a blank line; null or blank Markdown gives "". */
    public static String convert(String markdown) {
        return String.join("\n\n", blocks(markdown));
    }

    /** The top-level blocks, each a piece of wiki markup (for callers that append more blocks). */
    static List<String> blocks(String markdown) {
        List<String> out = new ArrayList<>();
        childBlocks(MarkdownSource.parse(markdown), Container.DOC, 0, out);
        return out;
    }

    private static void childBlocks(Node parent, Container container, int depth, List<String> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            block(child, container, depth, out);
        }
    }

    private static void block(Node node, Container container, int depth, List<String> out) {
        if (depth > MarkdownSource.MAX_DEPTH) {
            addParagraph(WikiMarkup.escape(MarkdownSource.plainText(node)), out);
        } else if (node instanceof Paragraph) {
            addParagraph(inlines(node, depth), out);
        } else if (node instanceof Heading heading) {
            String content = inlines(heading, depth).strip();
            if (container == Container.DOC && !content.isEmpty()) {
                out.add("h" + heading.getLevel() + ". " + content);
            } else {
                addParagraph(content, out);
            }
        } else if (node instanceof FencedCodeBlock fenced) {
            out.add(WikiMarkup.codeBlock(MarkdownSource.language(fenced.getInfo()), MarkdownSource.codeLiteral(fenced)));
        } else if (node instanceof IndentedCodeBlock) {
            out.add(WikiMarkup.codeBlock(null, MarkdownSource.codeLiteral(node)));
        } else if (node instanceof HtmlBlock html) {
            addParagraph(plainLines(html.getLiteral()), out);
        } else if (node instanceof ThematicBreak) {
            if (container != Container.LIST_ITEM) {
                out.add("----");
            }
        } else if (node instanceof BlockQuote) {
            if (container == Container.DOC) {
                List<String> inner = new ArrayList<>();
                childBlocks(node, Container.QUOTE, depth + 1, inner);
                if (!inner.isEmpty()) {
                    out.add("{quote}\n" + String.join("\n\n", inner) + "\n{quote}");
                }
            } else {
                // {quote} cannot nest: the inner quote's content stays in the outer one
                childBlocks(node, container, depth + 1, out);
            }
        } else if (node instanceof ListBlock list) {
            List<String> lines = new ArrayList<>();
            list(list, "", depth, lines);
            if (!lines.isEmpty()) {
                out.add(String.join("\n", lines));
            }
        } else if (node instanceof LinkReferenceDefinition) {
            // definitions only feed links; they have no text of their own
        } else {
            addParagraph(WikiMarkup.escape(MarkdownSource.plainText(node)), out);
        }
    }

    private static void addParagraph(String content, List<String> out) {
        String stripped = content.strip();
        if (!stripped.isEmpty()) {
            out.add(WikiMarkup.safeLineStart(stripped));
        }
    }

    /** Lines of literal text kept apart by forced line breaks. */
    private static String plainLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : UserText.clean(text).strip().split("\n", -1)) {
            lines.add(WikiMarkup.escape(line));
        }
        return String.join(WikiMarkup.LINE_BREAK, lines);
    }

    private static void list(ListBlock list, String prefix, int depth, List<String> lines) {
        String marker = prefix + (list instanceof OrderedList ? "#" : "*");
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            listItem(item, marker, depth + 1, lines);
        }
    }

    private static void listItem(Node item, String marker, int depth, List<String> lines) {
        List<String> text = new ArrayList<>();
        boolean itemLineWritten = false;
        Node first = item instanceof ListItem ? item.getFirstChild() : item;
        for (Node child = first; child != null; child = item instanceof ListItem ? child.getNext() : null) {
            if (child instanceof ListBlock nested && depth <= MarkdownSource.MAX_DEPTH) {
                lines.add(marker + " " + itemText(text));
                text.clear();
                itemLineWritten = true;
                list(nested, marker, depth, lines);
            } else if (child instanceof FencedCodeBlock || child instanceof IndentedCodeBlock) {
                // a code macro cannot sit inside a list line; it follows the item on its own lines
                lines.add(marker + " " + itemText(text));
                text.clear();
                itemLineWritten = true;
                List<String> code = new ArrayList<>();
                block(child, Container.LIST_ITEM, depth, code);
                lines.addAll(code);
            } else {
                List<String> blocks = new ArrayList<>();
                block(child, Container.LIST_ITEM, depth, blocks);
                text.addAll(blocks);
            }
        }
        if (!text.isEmpty() || !itemLineWritten) {
            lines.add(marker + " " + itemText(text));
        }
    }

    private static String itemText(List<String> paragraphs) {
        String joined = String.join(WikiMarkup.LINE_BREAK, paragraphs).replace("\n", WikiMarkup.LINE_BREAK);
        // an item with no text still needs content after the marker to stay a list item
        return joined.isBlank() ? "&#160;" : joined;
    }

    private static String inlines(Node parent, int depth) {
        StringBuilder out = new StringBuilder();
        inlineChildren(parent, depth, out);
        return out.toString();
    }

    private static void inlineChildren(Node parent, int depth, StringBuilder out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            inline(child, depth + 1, out);
        }
    }

    private static void inline(Node node, int depth, StringBuilder out) {
        if (depth > MarkdownSource.MAX_DEPTH * 2) {
            out.append(WikiMarkup.escape(MarkdownSource.plainText(node)));
        } else if (node instanceof Text text) {
            out.append(WikiMarkup.escape(text.getLiteral()));
        } else if (node instanceof Emphasis) {
            wrap("_", node, depth, out);
        } else if (node instanceof StrongEmphasis) {
            wrap("*", node, depth, out);
        } else if (node instanceof Strikethrough) {
            wrap("-", node, depth, out);
        } else if (node instanceof Code code) {
            String literal = WikiMarkup.escape(code.getLiteral());
            out.append(literal.isBlank() ? literal : "{{" + literal + "}}");
        } else if (node instanceof Link link) {
            link(SafeUrl.httpUrl(link.getDestination()), inlines(node, depth), out);
        } else if (node instanceof Image image) {
            // an embedded remote image (!url!) would make every viewer fetch it: link to it instead
            String href = SafeUrl.httpUrl(image.getDestination());
            String alt = MarkdownSource.plainText(image);
            String shown = !alt.isEmpty() || href != null ? alt : UserText.singleLine(image.getDestination());
            link(href, WikiMarkup.escape(shown), out);
        } else if (node instanceof HtmlInline html) {
            out.append(WikiMarkup.escape(html.getLiteral()));
        } else if (node instanceof SoftLineBreak) {
            out.append(' ');
        } else if (node instanceof HardLineBreak) {
            out.append(WikiMarkup.LINE_BREAK);
        } else {
            inlineChildren(node, depth, out);
        }
    }

    private static void link(String href, String text, StringBuilder out) {
        if (href == null) {
            out.append(text);
        } else if (text.isBlank()) {
            out.append('[').append(href).append(']');
        } else {
            out.append('[').append(text.strip()).append('|').append(href).append(']');
        }
    }

    /** Emphasis markers hug the text: Jira ignores "* bold *", so edge whitespace moves outside. */
    private static void wrap(String marker, Node node, int depth, StringBuilder out) {
        String inner = inlines(node, depth);
        String stripped = inner.strip();
        if (stripped.isEmpty()) {
            out.append(inner);
            return;
        }
        int start = inner.indexOf(stripped);
        out.append(inner, 0, start).append(marker).append(stripped).append(marker)
                .append(inner.substring(start + stripped.length()));
    }
}
