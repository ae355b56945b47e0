package org.jirabridge.sandbox;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Atlassian Document Format, as far as the sandbox needs it: recognising a document, and converting
 * between ADF and plain text when a value written through one REST version is read through the other.
 */
final class Adf {

    static final String NOT_A_DOCUMENT = "Operation value must be an Atlassian Document (see the Atlassian Document Format)";

    /** Jira Cloud's answer to a document with a node type or mark ADF does not define. */
    static final String INVALID_INPUT = "INVALID_INPUT";

    /** The node types of Atlassian's ADF schema (doc_node and everything it may contain). */
    private static final Set<String> NODE_TYPES = Set.of("doc", "paragraph", "text", "hardBreak", "heading",
            "bulletList", "orderedList", "listItem", "blockquote", "codeBlock", "rule", "panel", "table", "tableRow",
            "tableHeader", "tableCell", "mention", "emoji", "date", "status", "inlineCard", "blockCard", "embedCard",
            "media", "mediaSingle", "mediaGroup", "mediaInline", "expand", "nestedExpand", "taskList", "taskItem",
            "decisionList", "decisionItem", "extension", "bodiedExtension", "inlineExtension", "placeholder",
            "layoutSection", "layoutColumn", "multiBodiedExtension", "extensionFrame", "caption");
    /** The marks of Atlassian's ADF schema. */
    private static final Set<String> MARK_TYPES = Set.of("strong", "em", "code", "strike", "underline", "link",
            "textColor", "subsup", "backgroundColor", "border", "alignment", "indentation", "breakout", "annotation",
            "dataConsumer", "fragment");

    private Adf() {
    }

    /** True when every node type and mark of the document is one ADF defines (Jira refuses others). */
    static boolean usesOnlyKnownTypes(JsonNode node) {
        if (!node.isObject()) {
            return true;
        }
        if (!NODE_TYPES.contains(node.path("type").asText())) {
            return false;
        }
        for (JsonNode mark : node.path("marks")) {
            if (!MARK_TYPES.contains(mark.path("type").asText())) {
                return false;
            }
        }
        for (JsonNode child : node.path("content")) {
            if (!usesOnlyKnownTypes(child)) {
                return false;
            }
        }
        return true;
    }

    /** A document is {"type":"doc","version":1,"content":[nodes with a type]}. */
    static boolean isDocument(JsonNode node) {
        if (node == null || !node.isObject()) {
            return false;
        }
        JsonNode content = node.get("content");
        if (!"doc".equals(Json.text(node, "type")) || !node.path("version").isInt() || node.get("version").asInt() != 1
                || content == null || !content.isArray()) {
            return false;
        }
        for (JsonNode child : content) {
            if (!isNode(child)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNode(JsonNode node) {
        if (!node.isObject() || !node.path("type").isTextual()) {
            return false;
        }
        if ("text".equals(node.get("type").asText()) && !node.path("text").isTextual()) {
            return false;
        }
        JsonNode content = node.get("content");
        if (content == null) {
            return true;
        }
        if (!content.isArray()) {
            return false;
        }
        for (JsonNode child : content) {
            if (!isNode(child)) {
                return false;
            }
        }
        return true;
    }

    /** Plain text as ADF: one paragraph per blank-line-separated block, line breaks as hardBreak. */
    static ObjectNode fromText(String text) {
        ObjectNode doc = Json.object().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        if (text == null || text.isEmpty()) {
            return doc;
        }
        for (String block : text.split("\\r?\\n\\s*\\r?\\n")) {
            ObjectNode paragraph = content.addObject().put("type", "paragraph");
            ArrayNode inline = paragraph.putArray("content");
            String[] lines = block.split("\\r?\\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    inline.addObject().put("type", "hardBreak");
                }
                if (!lines[i].isEmpty()) {
                    inline.addObject().put("type", "text").put("text", lines[i]);
                }
            }
        }
        return doc;
    }

    /** The text of a document: blocks separated by blank lines, hardBreak as a line break, marks dropped. */
    static String toText(JsonNode doc) {
        StringBuilder text = new StringBuilder();
        appendBlocks(doc.path("content"), text);
        return text.toString();
    }

    private static void appendBlocks(JsonNode blocks, StringBuilder text) {
        for (JsonNode block : blocks) {
            if (isInline(block)) {
                appendInline(block, text);
                continue;
            }
            if ("table".equals(block.path("type").asText())) {
                appendTable(block, text);
                continue;
            }
            if (text.length() > 0 && !isContainer(block)) {
                text.append("\n\n");
            }
            if (isContainer(block)) {
                appendBlocks(block.path("content"), text);
            } else {
                block.path("content").forEach(child -> appendInline(child, text));
            }
        }
    }

    /** A table as one line per row, its cells' text separated by " | ". */
    private static void appendTable(JsonNode table, StringBuilder text) {
        for (JsonNode row : table.path("content")) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            StringBuilder line = new StringBuilder();
            for (JsonNode cell : row.path("content")) {
                StringBuilder cellText = new StringBuilder();
                appendBlocks(cell.path("content"), cellText);
                line.append(line.length() > 0 ? " | " : "").append(cellText.toString().replace("\n\n", " "));
            }
            text.append(line);
        }
    }

    private static boolean isContainer(JsonNode node) {
        String type = node.path("type").asText();
        return type.endsWith("List") || type.equals("listItem") || type.equals("blockquote") || type.equals("panel");
    }

    private static boolean isInline(JsonNode node) {
        String type = node.path("type").asText();
        return type.equals("text") || type.equals("hardBreak") || type.equals("mention") || type.equals("emoji");
    }

    private static void appendInline(JsonNode node, StringBuilder text) {
        switch (node.path("type").asText()) {
            case "text" -> text.append(node.path("text").asText());
            case "hardBreak" -> text.append('\n');
            case "mention", "emoji" -> text.append(node.path("attrs").path("text").asText());
            default -> node.path("content").forEach(child -> appendInline(child, text));
        }
    }

    /** A stored rich-text value as REST v3 shows it. */
    static JsonNode forV3(JsonNode stored) {
        if (stored == null || stored.isNull()) {
            return null;
        }
        return stored.isTextual() ? fromText(stored.asText()) : stored;
    }

    /** A stored rich-text value as REST v2 shows it. */
    static JsonNode forV2(JsonNode stored) {
        if (stored == null || stored.isNull()) {
            return null;
        }
        return stored.isTextual() ? stored : TextNode.valueOf(toText(stored));
    }
}
