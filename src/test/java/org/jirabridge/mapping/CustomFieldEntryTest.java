package org.jirabridge.mapping;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored custom field entry keeps the JSON shape of docs/mapping.md and is checked again when it is used. */
class CustomFieldEntryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyThePartsThatAreSetAreWrittenInTheDocumentedOrder() throws Exception {
        CustomFieldEntry entry = new CustomFieldEntry("app.version", "customfield_10010", "string", null, null, null,
                "unknown", null);

        assertThat(JSON.writeValueAsString(entry))
                .isEqualTo("{\"source\":\"app.version\",\"field\":\"customfield_10010\",\"type\":\"string\","
                        + "\"default\":\"unknown\"}");
    }

    @Test
    void anEntryOfAnEarlierVersionIsReadAndCheckedIntoTheMappersForm() throws Exception {
        // what earlier versions stored: the entry as a plain JSON object
        String stored = "[{\"source\":\"device.os\",\"field\":\"customfield_10020\",\"type\":\"select\","
                + "\"lookup\":{\"ios\":\"iOS\"},\"default\":\"Other\",\"by\":\"value\"}]";

        List<CustomFieldEntry> entries = List.of(JSON.readValue(stored, CustomFieldEntry[].class));
        List<CustomFieldMapping> mappings = CustomFieldMapping.ofEntries(entries);

        assertThat(mappings).hasSize(1);
        CustomFieldMapping mapping = mappings.get(0);
        assertThat(mapping.field()).isEqualTo("customfield_10020");
        assertThat(mapping.source()).isEqualTo("device.os");
        assertThat(mapping.lookup()).isEqualTo(Map.of("ios", "iOS"));
        assertThat(mapping.defaultValue()).isEqualTo("Other");
        assertThat(mapping.toEntry()).isEqualTo(entries.get(0));
    }
}
