package org.jirabridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A structural check of the ADF subset the mapping writes, following Atlassian's ADF structure
 * documentation (developer.atlassian.com/cloud/jira/platform/apis/document/structure and the node and
 * mark pages): which node may contain which, the required attributes, and which marks may combine.
 */
final class AdfValidator {

    private static final Set<String> TOP_LEVEL =
            Set.of("paragraph", "heading", "bulletList", "orderedList", "blockquote", "codeBlock", "rule", "table");
    private static final Set<String> LIST_ITEM_FIRST = Set.of("paragraph", "codeBlock");
    private static final Set<String> LIST_ITEM_REST = Set.of("paragraph", "bulletList", "orderedList", "codeBlock");
    private static final Set<String> QUOTE_CONTENT = Set.of("paragraph", "bulletList", "orderedList", "codeBlock");
    private static final Set<String> CELL_CONTENT = Set.of("paragraph", "bulletList", "orderedList", "codeBlock", "heading", "rule");
    private static final Set<String> INLINE = Set.of("text", "hardBreak", "mention");
    private static final Set<String> MARKS = Set.of("strong", "em", "strike", "code", "link");

    private AdfValidator() {
    }

    static void assertValid(Map<String, Object> doc) {
        assertThat(problems(doc)).as("ADF problems in %s", doc).isEmpty();
    }

    static List<String> problems(Map<String, Object> doc) {
        List<String> problems = new ArrayList<>();
        keys(doc, "doc", Set.of("type", "version", "content"), problems);
        if (!"doc".equals(doc.get("type"))) {
            problems.add("root type is " + doc.get("type"));
        }
        if (!Integer.valueOf(1).equals(doc.get("version"))) {
            problems.add("doc version is " + doc.get("version"));
        }
        for (Object child : content(doc, "doc", problems)) {
            block(child, TOP_LEVEL, "doc", problems);
        }
        return problems;
    }

    private static void block(Object node, Set<String> allowed, String parent, List<String> problems) {
        String type = type(node);
        if (!allowed.contains(type)) {
            problems.add(type + " is not allowed in " + parent);
            return;
        }
        Map<?, ?> map = (Map<?, ?>) node;
        switch (type) {
            case "paragraph" -> {
                keys(map, type, Set.of("type", "content"), problems);
                inlines(map, type, problems);
            }
            case "heading" -> {
                keys(map, type, Set.of("type", "attrs", "content"), problems);
                Object level = attrs(map).get("level");
                if (!(level instanceof Integer l) || l < 1 || l > 6 || attrs(map).size() != 1) {
                    problems.add("heading attrs " + map.get("attrs"));
                }
                inlines(map, type, problems);
            }
            case "bulletList", "orderedList" -> {
                keys(map, type, type.equals("orderedList") ? Set.of("type", "attrs", "content") : Set.of("type", "content"), problems);
                if (type.equals("orderedList") && map.containsKey("attrs")) {
                    Object order = attrs(map).get("order");
                    if (!(order instanceof Integer o) || o < 0) {
                        problems.add("orderedList order " + order);
                    }
                }
                List<?> items = nonEmpty(map, type, problems);
                for (Object item : items) {
                    listItem(item, problems);
                }
            }
            case "blockquote" -> {
                keys(map, type, Set.of("type", "content"), problems);
                for (Object child : nonEmpty(map, type, problems)) {
                    block(child, QUOTE_CONTENT, type, problems);
                }
            }
            case "codeBlock" -> {
                keys(map, type, Set.of("type", "attrs", "content"), problems);
                if (map.containsKey("attrs")) {
                    Map<?, ?> attrs = attrs(map);
                    if (!attrs.keySet().equals(Set.of("language")) || !(attrs.get("language") instanceof String)) {
                        problems.add("codeBlock attrs " + attrs);
                    }
                }
                for (Object child : content(map, type, problems)) {
                    if (!"text".equals(type(child)) || ((Map<?, ?>) child).containsKey("marks")) {
                        problems.add("codeBlock holds " + child);
                    } else {
                        textValue((Map<?, ?>) child, true, problems);
                    }
                }
            }
            case "rule" -> keys(map, type, Set.of("type"), problems);
            case "table" -> {
                keys(map, type, Set.of("type", "attrs", "content"), problems);
                for (Object row : nonEmpty(map, type, problems)) {
                    if (!"tableRow".equals(type(row))) {
                        problems.add(type(row) + " is not allowed in table");
                        continue;
                    }
                    keys((Map<?, ?>) row, "tableRow", Set.of("type", "content"), problems);
                    for (Object cell : nonEmpty((Map<?, ?>) row, "tableRow", problems)) {
                        String cellType = type(cell);
                        if (!cellType.equals("tableHeader") && !cellType.equals("tableCell")) {
                            problems.add(cellType + " is not allowed in tableRow");
                            continue;
                        }
                        keys((Map<?, ?>) cell, cellType, Set.of("type", "attrs", "content"), problems);
                        for (Object child : nonEmpty((Map<?, ?>) cell, cellType, problems)) {
                            block(child, CELL_CONTENT, cellType, problems);
                        }
                    }
                }
            }
            default -> problems.add("unchecked block " + type);
        }
    }

    private static void listItem(Object item, List<String> problems) {
        if (!"listItem".equals(type(item))) {
            problems.add(type(item) + " is not allowed in a list");
            return;
        }
        Map<?, ?> map = (Map<?, ?>) item;
        keys(map, "listItem", Set.of("type", "content"), problems);
        List<?> content = nonEmpty(map, "listItem", problems);
        for (int i = 0; i < content.size(); i++) {
            block(content.get(i), i == 0 ? LIST_ITEM_FIRST : LIST_ITEM_REST, i == 0 ? "listItem (first)" : "listItem", problems);
        }
    }

    private static void inlines(Map<?, ?> parent, String parentType, List<String> problems) {
        if (!parent.containsKey("content")) {
            return;
        }
        for (Object child : content(parent, parentType, problems)) {
            String type = type(child);
            if (!INLINE.contains(type)) {
                problems.add(type + " is not allowed in " + parentType);
                continue;
            }
            Map<?, ?> map = (Map<?, ?>) child;
            switch (type) {
                case "hardBreak" -> keys(map, type, Set.of("type"), problems);
                case "mention" -> keys(map, type, Set.of("type", "attrs"), problems);
                default -> {
                    keys(map, type, Set.of("type", "text", "marks"), problems);
                    textValue(map, false, problems);
                    marks(map, problems);
                }
            }
        }
    }

    private static void textValue(Map<?, ?> text, boolean newlinesAllowed, List<String> problems) {
        if (!(text.get("text") instanceof String value) || value.isEmpty()) {
            problems.add("empty or missing text in " + text);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && !(newlinesAllowed && c == '\n')) || (c >= 0x7F && c <= 0x9F);
            if (control || (Character.isSurrogate(c) && !validPair(value, i))) {
                problems.add("bad character U+" + Integer.toHexString(c) + " in " + text);
            }
        }
    }

    private static boolean validPair(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    private static void marks(Map<?, ?> text, List<String> problems) {
        if (!text.containsKey("marks")) {
            return;
        }
        if (!(text.get("marks") instanceof List<?> marks) || marks.isEmpty()) {
            problems.add("marks must be a non-empty list: " + text);
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Object mark : marks) {
            String type = type(mark);
            if (!MARKS.contains(type)) {
                problems.add("mark " + type + " is not allowed");
            }
            if (!seen.add(type)) {
                problems.add("mark " + type + " appears twice");
            }
            Map<?, ?> markMap = (Map<?, ?>) mark;
            if (type.equals("link")) {
                keys(markMap, "link", Set.of("type", "attrs"), problems);
                Object href = attrs(markMap).get("href");
                if (!(href instanceof String h) || !(h.startsWith("http://") || h.startsWith("https://"))) {
                    problems.add("link href " + href);
                }
            } else {
                keys(markMap, type, Set.of("type"), problems);
            }
        }
        if (seen.contains("code") && !Set.of("code", "link").containsAll(seen)) {
            problems.add("code combined with " + seen);
        }
    }

    private static List<?> content(Map<?, ?> node, String type, List<String> problems) {
        Object content = node.get("content");
        if (content == null) {
            return List.of();
        }
        if (!(content instanceof List<?> list)) {
            problems.add(type + " content is not a list");
            return List.of();
        }
        return list;
    }

    private static List<?> nonEmpty(Map<?, ?> node, String type, List<String> problems) {
        List<?> content = content(node, type, problems);
        if (content.isEmpty()) {
            problems.add(type + " needs at least one child");
        }
        return content;
    }

    private static void keys(Map<?, ?> node, String type, Set<String> allowed, List<String> problems) {
        for (Object key : node.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                problems.add(type + " has unexpected key " + key);
            }
        }
    }

    private static Map<?, ?> attrs(Map<?, ?> node) {
        return node.get("attrs") instanceof Map<?, ?> attrs ? attrs : Map.of();
    }

    private static String type(Object node) {
        return node instanceof Map<?, ?> map && map.get("type") instanceof String type ? type : String.valueOf(node);
    }
}
