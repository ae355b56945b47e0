package org.jirabridge.component.jira.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal Atlassian Document Format for plain text, which Jira Cloud's REST v3 requires for descriptions and
 * comments: one paragraph per block of lines (blocks are separated by blank lines), line breaks inside a block kept
 * as hard breaks. Rich Markdown rendering belongs to the mapping package; this only makes plain text acceptable.
 */
public final class AdfDocuments {

    private AdfDocuments() {
    }

    public static Map<String, Object> fromPlainText(String text) {
        List<Object> paragraphs = new ArrayList<>();
        if (text != null) {
            String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
            for (String block : normalized.split("\\n\\s*\\n")) {
                if (!block.isBlank()) {
                    paragraphs.add(paragraph(block.strip()));
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", paragraphs);
        return doc;
    }

    /** True for a Map that already is an ADF document. */
    public static boolean isDocument(Object value) {
        return value instanceof Map<?, ?> map && "doc".equals(map.get("type")) && map.get("content") instanceof List;
    }

    private static Map<String, Object> paragraph(String block) {
        List<Object> inline = new ArrayList<>();
        String[] lines = block.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                inline.add(Map.of("type", "hardBreak"));
            }
            // ADF refuses empty text nodes
            if (!lines[i].isEmpty()) {
                inline.add(node("text", "text", lines[i]));
            }
        }
        return node("paragraph", "content", inline);
    }

    /** Ordered like Atlassian's examples (type first), which keeps logged payloads readable. */
    private static Map<String, Object> node(String type, String key, Object value) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", type);
        node.put(key, value);
        return node;
    }
}
