package org.jirabridge.component.jira.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The component's one ObjectMapper: Jira JSON is read into plain Maps and Lists, which routes handle directly. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Any JSON value as Map, List, String, Number, Boolean or null. */
    public static Object read(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Jira answered malformed JSON", e);
        }
    }

    /** JSON as Map, List or value; text that is not JSON comes back unchanged. */
    public static Object readOrText(String text) {
        try {
            return read(text);
        } catch (UncheckedIOException notJson) {
            return text;
        }
    }

    public static Map<String, Object> readObject(String text) {
        try {
            return MAPPER.readValue(text, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("Jira answered malformed JSON", e);
        }
    }

    /** A tree read from a stream as it arrives; malformed JSON (a cut connection, most likely) is an IOException. */
    public static JsonNode readTree(java.io.InputStream in) throws IOException {
        JsonNode tree = MAPPER.readTree(in);
        return tree == null ? MAPPER.nullNode() : tree;
    }

    /** A tree: the JSON of the text, a null node for no text, a text node for text that is not JSON. */
    public static JsonNode treeOrText(String text) {
        if (text == null || text.isBlank()) {
            return MAPPER.nullNode();
        }
        JsonNode tree = readTreeOrNull(text);
        return tree != null ? tree : MAPPER.getNodeFactory().textNode(text);
    }

    /** A tree, or null when the text is not JSON (HTML error pages, plain text). */
    public static JsonNode readTreeOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** A deep copy of a JSON-like Map, so a caller's body is never changed. */
    public static Map<String, Object> copy(Map<?, ?> value) {
        return MAPPER.convertValue(value, MAP);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
