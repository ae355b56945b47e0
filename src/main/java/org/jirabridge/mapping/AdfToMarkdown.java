package org.jirabridge.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ADF document (a comment or description from Jira Cloud) to Markdown, good enough to show on a
 * report: paragraphs, headings, strong/em/strike/code, links (http/https only), lists, code blocks,
 * quotes, rules, tables, mentions as "@name", emoji, dates, status lozenges and cards. Text is
 * escaped so that it reads back literally; nodes it does not know degrade to their text.
 */
public final class AdfToMarkdown {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Beyond this nesting a node is written as its plain text (input comes from outside). */
    private static final int MAX_DEPTH = 48;
    private static final Set<String> INLINE_TYPES = Set.of("text", "hardBreak", "mention", "emoji", "inlineCard",
            "date", "status", "placeholder", "mediaInline", "inlineExtension");

    private AdfToMarkdown() {
    }

    /**
     * Accepts an ADF doc as a Map (as Jackson reads it), a Jackson JsonNode or a JSON string; any other
     * string is taken as plain text (a v2 API comment) and escaped. Null gives "".
     */
    public static String convert(Object adfDoc) {
        Object tree = toTree(adfDoc);
        if (tree instanceof String text) {
            MarkdownText plain = new MarkdownText(false);
            plain.text(UserText.clean(text), List.of());
            return plain.finish();
        }
        List<Object> content = tree instanceof Map<?, ?> map && "doc".equals(map.get("type")) ? children(map)
                : tree instanceof List<?> list ? new ArrayList<>(list) : List.of(tree);
        return String.join("\n\n", blocks(content, 0)).strip();
    }

    private static Object toTree(Object adfDoc) {
        if (adfDoc == null) {
            return "";
        }
        if (adfDoc instanceof JsonNode node) {
            return JSON.convertValue(node, Object.class);
        }
        if (adfDoc instanceof String text) {
            String trimmed = text.strip();
            if (trimmed.startsWith("{")) {
                try {
                    Object parsed = JSON.readValue(trimmed, Object.class);
                    if (parsed instanceof Map<?, ?>) {
                        return parsed;
                    }
                } catch (JsonProcessingException e) {
                    // not JSON after all: shown as the text it is
                }
            }
            return text;
        }
        return adfDoc;
    }

    private static List<String> blocks(List<Object> nodes, int depth) {
        List<String> out = new ArrayList<>();
        List<Object> inlineRun = new ArrayList<>();
        String previousList = "";
        for (Object node : nodes) {
            if (INLINE_TYPES.contains(Adf.type(node))) {
                // inline nodes where a block belongs (lenient input) are gathered into a paragraph
                inlineRun.add(node);
                continue;
            }
            flushInline(inlineRun, out);
            String type = Adf.type(node);
            boolean list = type.equals("bulletList") || type.equals("orderedList");
            // two lists of one kind in a row would merge into one list: the second uses the other marker
            boolean alternate = list && previousList.equals(type) && !out.isEmpty();
            String block = block(node, depth, alternate);
            if (block != null && !block.isBlank()) {
                out.add(block);
                previousList = list ? (alternate ? "" : type) : "";
            }
        }
        flushInline(inlineRun, out);
        return out;
    }

    private static void flushInline(List<Object> inlineRun, List<String> out) {
        if (!inlineRun.isEmpty()) {
            String paragraph = inline(inlineRun, false, 0);
            if (!paragraph.isBlank()) {
                out.add(paragraph);
            }
            inlineRun.clear();
        }
    }

    private static String block(Object node, int depth, boolean alternateMarker) {
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        if (depth > MAX_DEPTH) {
            MarkdownText text = new MarkdownText(true);
            text.text(plainText(node), List.of());
            return text.finish();
        }
        String type = Adf.type(node);
        return switch (type) {
            case "paragraph" -> inline(children(map), false, depth);
            case "heading" -> {
                String text = inline(children(map), true, depth);
                yield text.isBlank() ? null : "#".repeat(level(map)) + " " + text;
            }
            case "bulletList", "orderedList", "taskList", "decisionList" -> list(map, depth, alternateMarker);
            case "codeBlock" -> codeBlock(map);
            case "blockquote" -> quote(String.join("\n\n", blocks(children(map), depth + 1)));
            case "rule" -> "---";
            case "table" -> table(map, depth);
            case "expand", "nestedExpand" -> expand(map, depth);
            case "mediaSingle", "mediaGroup", "media" -> media(map);
            case "blockCard", "embedCard" -> card(map);
            default -> {
                List<Object> children = children(map);
                if (children.isEmpty()) {
                    String text = plainText(node);
                    yield text.isEmpty() ? null : inline(List.of(Map.of("type", "text", "text", text)), false, depth);
                }
                yield String.join("\n\n", blocks(children, depth + 1));
            }
        };
    }

    private static int level(Map<?, ?> heading) {
        Object level = attrs(heading).get("level");
        int value = level instanceof Number number ? number.intValue() : 1;
        return Math.max(1, Math.min(6, value));
    }

    private static String list(Map<?, ?> list, int depth, boolean alternateMarker) {
        String type = Adf.type(list);
        boolean ordered = type.equals("orderedList");
        Object order = attrs(list).get("order");
        int number = order instanceof Number n ? Math.max(0, n.intValue()) : 1;
        List<String> items = new ArrayList<>();
        for (Object item : children(list)) {
            String marker;
            if (ordered) {
                marker = number++ + (alternateMarker ? ") " : ". ");
            } else if (type.equals("taskList")) {
                boolean done = item instanceof Map<?, ?> m && "DONE".equals(attrs(m).get("state"));
                marker = (alternateMarker ? "* " : "- ") + (done ? "[x] " : "[ ] ");
            } else {
                marker = alternateMarker ? "* " : "- ";
            }
            String body = listItemBody(item, depth + 1);
            items.add(indentAfterFirst(marker, body));
        }
        return String.join("\n", items);
    }

    /** A list item's blocks; a nested list follows its paragraph directly, other blocks after a blank line. */
    private static String listItemBody(Object item, int depth) {
        if (!(item instanceof Map<?, ?> map)) {
            return "";
        }
        List<Object> content = children(map);
        if (!content.isEmpty() && INLINE_TYPES.contains(Adf.type(content.get(0)))) {
            // taskItem and decisionItem hold inline content directly
            return inline(content, false, depth);
        }
        StringBuilder body = new StringBuilder();
        for (Object child : content) {
            String block = block(child, depth, false);
            if (block == null || block.isBlank()) {
                continue;
            }
            if (body.length() > 0) {
                String type = Adf.type(child);
                body.append(type.equals("bulletList") || type.equals("orderedList") ? "\n" : "\n\n");
            }
            body.append(block);
        }
        return body.toString();
    }

    private static String indentAfterFirst(String marker, String body) {
        if (body.isEmpty()) {
            return marker.stripTrailing();
        }
        String indent = " ".repeat(marker.length());
        String[] lines = body.split("\n", -1);
        StringBuilder out = new StringBuilder(marker).append(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            out.append('\n');
            if (!lines[i].isEmpty()) {
                out.append(indent).append(lines[i]);
            }
        }
        return out.toString();
    }

    private static String codeBlock(Map<?, ?> node) {
        StringBuilder code = new StringBuilder();
        for (Object child : children(node)) {
            if (child instanceof Map<?, ?> text && text.get("text") != null) {
                code.append(text.get("text"));
            }
        }
        String body = UserText.clean(code.toString());
        Object rawLanguage = attrs(node).get("language");
        String language = MarkdownSource.language(rawLanguage == null ? null : String.valueOf(rawLanguage));
        String fence = "`".repeat(Math.max(3, MarkdownText.longestRun(body, '`') + 1));
        return fence + (language == null ? "" : language) + "\n" + body + (body.isEmpty() ? "" : "\n") + fence;
    }

    private static String quote(String inner) {
        if (inner.isBlank()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String line : inner.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.isEmpty() ? ">" : "> " + line);
        }
        return out.toString();
    }

    /** Markdown without a table extension: rows as "| a | b |" lines, readable as text. */
    private static String table(Map<?, ?> table, int depth) {
        List<String> lines = new ArrayList<>();
        for (Object row : children(table)) {
            if (!(row instanceof Map<?, ?> rowMap)) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            boolean header = false;
            for (Object cell : children(rowMap)) {
                header |= "tableHeader".equals(Adf.type(cell));
                MarkdownText text = new MarkdownText(true).midLine();
                text.text(plainText(cell), List.of());
                cells.add(text.finish());
            }
            lines.add("| " + String.join(" | ", cells) + " |");
            if (header && lines.size() == 1) {
                lines.add("|" + " --- |".repeat(cells.size()));
            }
        }
        return String.join("\n", lines);
    }

    private static String expand(Map<?, ?> expand, int depth) {
        List<String> parts = new ArrayList<>();
        Object title = attrs(expand).get("title");
        if (title != null && !String.valueOf(title).isBlank()) {
            MarkdownText text = new MarkdownText(true);
            text.text(String.valueOf(title), List.of(Map.of("type", "strong")));
            parts.add(text.finish());
        }
        parts.addAll(blocks(children(expand), depth + 1));
        return String.join("\n\n", parts);
    }

    private static String media(Map<?, ?> node) {
        String alt = plainAttr(node, "alt");
        for (Object child : children(node)) {
            if (alt.isEmpty() && child instanceof Map<?, ?> childMap) {
                alt = plainAttr(childMap, "alt");
            }
        }
        MarkdownText text = new MarkdownText(true);
        text.text("(attachment" + (alt.isEmpty() ? "" : ": " + alt) + ")", List.of());
        return text.finish();
    }

    private static String card(Map<?, ?> node) {
        String href = SafeUrl.httpUrl(plainAttr(node, "url"));
        return href == null ? null : "<" + href + ">";
    }

    private static String inline(List<Object> nodes, boolean singleLine, int depth) {
        MarkdownText out = new MarkdownText(singleLine);
        inlineInto(nodes, out, depth);
        return out.finish();
    }

    private static void inlineInto(List<Object> nodes, MarkdownText out, int depth) {
        for (Object node : nodes) {
            if (!(node instanceof Map<?, ?> map)) {
                continue;
            }
            switch (Adf.type(node)) {
                case "text" -> out.text(UserText.clean(String.valueOf(map.get("text"))),
                        map.get("marks") instanceof List<?> marks ? marks : List.of());
                case "hardBreak" -> out.hardBreak();
                case "mention" -> {
                    String name = plainAttr(map, "text");
                    if (name.isEmpty()) {
                        name = plainAttr(map, "displayName");
                    }
                    if (name.isEmpty()) {
                        name = plainAttr(map, "id");
                    }
                    out.plain("@" + (name.startsWith("@") ? name.substring(1) : name));
                }
                case "emoji" -> {
                    String text = plainAttr(map, "text");
                    out.plain(text.isEmpty() ? plainAttr(map, "shortName") : text);
                }
                case "date" -> out.plain(date(attrs(map).get("timestamp")));
                case "status" -> out.plain(plainAttr(map, "text"));
                case "inlineCard" -> {
                    String href = SafeUrl.httpUrl(plainAttr(map, "url"));
                    if (href != null) {
                        out.raw("<" + href + ">");
                    }
                }
                case "placeholder" -> {
                    // editor hint text, not content
                }
                default -> {
                    if (depth > MAX_DEPTH) {
                        out.plain(plainText(node));
                    } else {
                        inlineInto(children(map), out, depth + 1);
                    }
                }
            }
        }
    }

    private static String date(Object timestamp) {
        try {
            long millis = timestamp instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(timestamp).strip());
            return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        } catch (RuntimeException e) {
            return timestamp == null ? "" : String.valueOf(timestamp);
        }
    }

    private static List<Object> children(Map<?, ?> node) {
        return node.get("content") instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }

    private static Map<?, ?> attrs(Map<?, ?> node) {
        return node.get("attrs") instanceof Map<?, ?> attrs ? attrs : Map.of();
    }

    private static String plainAttr(Map<?, ?> node, String name) {
        Object value = attrs(node).get(name);
        return value == null ? "" : UserText.singleLine(String.valueOf(value));
    }

    /** All text under a node, without recursion; blocks are separated by spaces. */
    static String plainText(Object root) {
        StringBuilder out = new StringBuilder();
        Deque<Object> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Object node = stack.pop();
            if (!(node instanceof Map<?, ?> map)) {
                continue;
            }
            if (map.get("text") instanceof String text) {
                out.append(text);
            } else if ("mention".equals(map.get("type")) || "emoji".equals(map.get("type")) || "status".equals(map.get("type"))) {
                out.append(plainAttr(map, "text"));
            } else if (!"text".equals(map.get("type"))) {
                out.append(' ');
            }
            List<Object> children = children(map);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
        return UserText.singleLine(out.toString());
    }
}
