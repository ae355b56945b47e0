package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
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
 * Markdown (CommonMark + ~~strikethrough~~) to an Atlassian Document Format document for Jira Cloud.
 * User text only ever lands in text nodes; raw HTML becomes literal text; links keep their mark only
 * for http(s) targets. Constructs a container may not hold in ADF are reshaped: a heading inside a
 * list or quote becomes a paragraph, a quote inside a list or quote is flattened, a rule there is dropped.
 */
public final class MarkdownToAdf {

    /** Where a block sits, which decides the ADF nodes it may become. */
    private enum Container { DOC, QUOTE, LIST_ITEM }

    private MarkdownToAdf() {
    }

    /** {"type":"doc","version":1,"content":[...]}; null or blank Markdown gives an empty content list. */
    public static Map<String, Object> convert(String markdown) {
        return Adf.doc(blocks(markdown));
    }

    /** The top-level blocks of the converted document (for callers that append more blocks). */
    static List<Map<String, Object>> blocks(String markdown) {
        List<Map<String, Object>> out = new ArrayList<>();
        childBlocks(MarkdownSource.parse(markdown), Container.DOC, 0, out);
        return out;
    }

    private static void childBlocks(Node parent, Container container, int depth, List<Map<String, Object>> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            block(child, container, depth, out);
        }
    }

    private static void block(Node node, Container container, int depth, List<Map<String, Object>> out) {
        if (depth > MarkdownSource.MAX_DEPTH) {
            addParagraph(plainInlines(MarkdownSource.plainText(node)), out);
        } else if (node instanceof Paragraph) {
            addParagraph(inlines(node, depth), out);
        } else if (node instanceof Heading heading) {
            List<Map<String, Object>> content = inlines(heading, depth);
            if (container == Container.DOC) {
                if (!content.isEmpty()) {
                    out.add(Adf.heading(heading.getLevel(), content));
                }
            } else {
                // ADF allows no heading inside a list item or quote
                addParagraph(content, out);
            }
        } else if (node instanceof FencedCodeBlock fenced) {
            out.add(Adf.codeBlock(MarkdownSource.language(fenced.getInfo()), MarkdownSource.codeLiteral(fenced)));
        } else if (node instanceof IndentedCodeBlock) {
            out.add(Adf.codeBlock(null, MarkdownSource.codeLiteral(node)));
        } else if (node instanceof HtmlBlock html) {
            addParagraph(plainInlines(html.getLiteral()), out);
        } else if (node instanceof ThematicBreak) {
            if (container == Container.DOC) {
                out.add(Adf.rule());
            }
        } else if (node instanceof BlockQuote) {
            if (container == Container.DOC) {
                List<Map<String, Object>> inner = new ArrayList<>();
                childBlocks(node, Container.QUOTE, depth + 1, inner);
                if (!inner.isEmpty()) {
                    out.add(Adf.blockquote(inner));
                }
            } else {
                // ADF quotes cannot nest and list items cannot hold quotes: keep the content in place
                childBlocks(node, container, depth + 1, out);
            }
        } else if (node instanceof ListBlock list) {
            out.add(list(list, depth));
        } else if (node instanceof LinkReferenceDefinition) {
            // definitions only feed links; they have no text of their own
        } else {
            addParagraph(plainInlines(MarkdownSource.plainText(node)), out);
        }
    }

    private static Map<String, Object> list(ListBlock list, int depth) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Node child = list.getFirstChild(); child != null; child = child.getNext()) {
            List<Map<String, Object>> itemBlocks = new ArrayList<>();
            if (child instanceof ListItem) {
                childBlocks(child, Container.LIST_ITEM, depth + 1, itemBlocks);
            } else {
                block(child, Container.LIST_ITEM, depth + 1, itemBlocks);
            }
            items.add(Adf.listItem(itemBlocks));
        }
        if (list instanceof OrderedList ordered) {
            Integer start = ordered.getMarkerStartNumber();
            return Adf.orderedList(start == null ? 1 : start, items);
        }
        return Adf.bulletList(items);
    }

    private static void addParagraph(List<Map<String, Object>> content, List<Map<String, Object>> out) {
        // an empty paragraph is noise at top level; in a list item Adf.listItem adds one where required
        if (!content.isEmpty()) {
            out.add(Adf.paragraph(content));
        }
    }

    private static List<Map<String, Object>> plainInlines(String text) {
        Adf.Inlines inlines = new Adf.Inlines();
        String[] lines = UserText.clean(text).strip().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                inlines.hardBreak();
            }
            inlines.text(lines[i], Adf.Marks.NONE);
        }
        return inlines.build();
    }

    private static List<Map<String, Object>> inlines(Node parent, int depth) {
        Adf.Inlines out = new Adf.Inlines();
        inlineChildren(parent, Adf.Marks.NONE, depth, out);
        return out.build();
    }

    private static void inlineChildren(Node parent, Adf.Marks marks, int depth, Adf.Inlines out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            inline(child, marks, depth + 1, out);
        }
    }

    private static void inline(Node node, Adf.Marks marks, int depth, Adf.Inlines out) {
        if (depth > MarkdownSource.MAX_DEPTH * 2) {
            out.text(MarkdownSource.plainText(node), marks);
        } else if (node instanceof Text text) {
            out.text(text.getLiteral(), marks);
        } else if (node instanceof Emphasis) {
            inlineChildren(node, marks.withEm(), depth, out);
        } else if (node instanceof StrongEmphasis) {
            inlineChildren(node, marks.withStrong(), depth, out);
        } else if (node instanceof Strikethrough) {
            inlineChildren(node, marks.withStrike(), depth, out);
        } else if (node instanceof Code code) {
            out.text(code.getLiteral(), marks.withCode());
        } else if (node instanceof Link link) {
            inlineChildren(node, marks.withLink(SafeUrl.httpUrl(link.getDestination())), depth, out);
        } else if (node instanceof Image image) {
            // ADF media needs Jira's media store; an image becomes its alt text linking to the picture
            String alt = MarkdownSource.plainText(image);
            String href = SafeUrl.httpUrl(image.getDestination());
            String shown = !alt.isEmpty() ? alt : href != null ? href : UserText.singleLine(image.getDestination());
            out.text(shown, marks.withLink(href));
        } else if (node instanceof HtmlInline html) {
            out.text(html.getLiteral(), marks);
        } else if (node instanceof SoftLineBreak) {
            out.text(" ", marks);
        } else if (node instanceof HardLineBreak) {
            out.hardBreak();
        } else {
            inlineChildren(node, marks, depth, out);
        }
    }
}
