package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for the subset of Atlassian Document Format this package writes. Nodes are plain
 * LinkedHashMaps (stable key order, so serialised JSON is deterministic). The builders enforce the
 * ADF rules the renderers rely on: no empty text nodes, codeBlock holds unmarked text only,
 * listItem starts with a paragraph or codeBlock, the code mark only combines with link.
 */
final class Adf {

    private Adf() {
    }

    static Map<String, Object> doc(List<Map<String, Object>> blocks) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", new ArrayList<>(blocks));
        return doc;
    }

    static Map<String, Object> node(String type, Map<String, Object> attrs, List<Map<String, Object>> content) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", type);
        if (attrs != null) {
            node.put("attrs", attrs);
        }
        if (content != null) {
            node.put("content", new ArrayList<>(content));
        }
        return node;
    }

    static Map<String, Object> paragraph(List<Map<String, Object>> inlines) {
        return node("paragraph", null, inlines);
    }

    static Map<String, Object> heading(int level, List<Map<String, Object>> inlines) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("level", Math.max(1, Math.min(6, level)));
        return node("heading", attrs, inlines);
    }

    /** A code block; the text is kept as is (without marks), an empty text gives an empty content list. */
    static Map<String, Object> codeBlock(String language, String text) {
        Map<String, Object> attrs = null;
        if (language != null && !language.isEmpty()) {
            attrs = new LinkedHashMap<>();
            attrs.put("language", language);
        }
        List<Map<String, Object>> content = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            content.add(text(text, Marks.NONE));
        }
        return node("codeBlock", attrs, content);
    }

    static Map<String, Object> bulletList(List<Map<String, Object>> items) {
        return node("bulletList", null, items);
    }

    static Map<String, Object> orderedList(int order, List<Map<String, Object>> items) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("order", Math.max(0, order));
        return node("orderedList", attrs, items);
    }

    /** A list item; when its first block is not a paragraph or code block an empty paragraph goes first. */
    static Map<String, Object> listItem(List<Map<String, Object>> blocks) {
        List<Map<String, Object>> content = new ArrayList<>(blocks);
        if (content.isEmpty() || !isOneOf(content.get(0), "paragraph", "codeBlock")) {
            content.add(0, paragraph(List.of()));
        }
        return node("listItem", null, content);
    }

    static Map<String, Object> blockquote(List<Map<String, Object>> blocks) {
        return node("blockquote", null, blocks);
    }

    static Map<String, Object> rule() {
        return node("rule", null, null);
    }

    static Map<String, Object> table(List<Map<String, Object>> rows) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("isNumberColumnEnabled", false);
        attrs.put("layout", "default");
        return node("table", attrs, rows);
    }

    static Map<String, Object> tableRow(List<Map<String, Object>> cells) {
        return node("tableRow", null, cells);
    }

    /** A header (or plain) cell holding one paragraph of unmarked text. */
    static Map<String, Object> tableCell(boolean header, String text) {
        Inlines inlines = new Inlines();
        inlines.text(text, Marks.NONE);
        return node(header ? "tableHeader" : "tableCell", null, List.of(paragraph(inlines.build())));
    }

    static Map<String, Object> hardBreak() {
        return node("hardBreak", null, null);
    }

    static Map<String, Object> text(String text, Marks marks) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", "text");
        node.put("text", text);
        List<Map<String, Object>> markList = marks.toList();
        if (!markList.isEmpty()) {
            node.put("marks", markList);
        }
        return node;
    }

    static Map<String, Object> mention(String id, String displayText) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("id", id);
        attrs.put("text", displayText);
        return node("mention", attrs, null);
    }

    static String type(Object node) {
        if (node instanceof Map<?, ?> map && map.get("type") instanceof String type) {
            return type;
        }
        return "";
    }

    static boolean isOneOf(Object node, String... types) {
        String type = type(node);
        for (String candidate : types) {
            if (candidate.equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** The marks of one text node. {@code href} is an already vetted http(s) URL or null. */
    record Marks(boolean strong, boolean em, boolean strike, boolean code, String href) {

        static final Marks NONE = new Marks(false, false, false, false, null);

        Marks withStrong() {
            return new Marks(true, em, strike, code, href);
        }

        Marks withEm() {
            return new Marks(strong, true, strike, code, href);
        }

        Marks withStrike() {
            return new Marks(strong, em, true, code, href);
        }

        Marks withCode() {
            return new Marks(strong, em, strike, true, href);
        }

        Marks withLink(String vettedHref) {
            return new Marks(strong, em, strike, code, vettedHref);
        }

        /** ADF mark list; code drops strong, em and strike because ADF only lets code combine with link. */
        List<Map<String, Object>> toList() {
            List<Map<String, Object>> marks = new ArrayList<>();
            if (code) {
                marks.add(Map.of("type", "code"));
            } else {
                if (strong) {
                    marks.add(Map.of("type", "strong"));
                }
                if (em) {
                    marks.add(Map.of("type", "em"));
                }
                if (strike) {
                    marks.add(Map.of("type", "strike"));
                }
            }
            if (href != null) {
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("type", "link");
                link.put("attrs", Map.of("href", href));
                marks.add(link);
            }
            return marks;
        }

        /** Marks as ADF sees them (code hides strong/em/strike), for merging neighbours. */
        Marks effective() {
            return code ? new Marks(false, false, false, true, href) : this;
        }
    }

    /** Collects inline content: merges neighbouring text with equal marks and drops empty text. */
    static final class Inlines {
        private final List<Map<String, Object>> nodes = new ArrayList<>();
        private final StringBuilder pendingText = new StringBuilder();
        private Marks pendingMarks;

        void text(String text, Marks marks) {
            if (text == null || text.isEmpty()) {
                return;
            }
            Marks effective = marks.effective();
            // inline text is one line; line structure is expressed with hardBreak nodes
            text = text.replace('\n', ' ');
            if (pendingMarks != null && !pendingMarks.equals(effective)) {
                flush();
            }
            pendingMarks = effective;
            pendingText.append(text);
        }

        void hardBreak() {
            flush();
            nodes.add(Adf.hardBreak());
        }

        void node(Map<String, Object> inlineNode) {
            flush();
            nodes.add(inlineNode);
        }

        boolean isEmpty() {
            return nodes.isEmpty() && pendingText.length() == 0;
        }

        List<Map<String, Object>> build() {
            flush();
            // breaks at the edges of a paragraph show as blank lines and carry nothing
            while (!nodes.isEmpty() && "hardBreak".equals(type(nodes.get(nodes.size() - 1)))) {
                nodes.remove(nodes.size() - 1);
            }
            while (!nodes.isEmpty() && "hardBreak".equals(type(nodes.get(0)))) {
                nodes.remove(0);
            }
            return new ArrayList<>(nodes);
        }

        private void flush() {
            if (pendingText.length() > 0) {
                nodes.add(Adf.text(pendingText.toString(), pendingMarks));
            }
            pendingText.setLength(0);
            pendingMarks = null;
        }
    }
}
