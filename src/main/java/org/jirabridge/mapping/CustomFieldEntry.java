package org.jirabridge.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One custom field entry of an integration's mapping as it is stored and shown (docs/mapping.md): which Jira field,
 * filled from which report path, constant or template, of which type, with its lookup, default and "by". Only the
 * parts that are set are written. {@link CustomFieldMapping} is the checked form the mapper works with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "field", "type", "constant", "template", "lookup", "default", "by"})
// a part an older version wrote and this one no longer knows is dropped when a row is read
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomFieldEntry(String source, String field, String type, Object constant, String template,
                               Map<String, Object> lookup, @JsonProperty("default") Object defaultValue,
                               String by) {

    // mapping stays free of the application's Json: a plain mapper turns the entry into the map the checks read
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** The entry as the JSON object it is, for {@link CustomFieldMapping#parseAll}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return new LinkedHashMap<>(PLAIN.convertValue(this, Map.class));
    }
}
