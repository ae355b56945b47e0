package org.jirabridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityMapTest {

    /** Overrides used below: one by name, one by id, one blank (ignored), keys in odd case. */
    private static final Map<String, String> OVERRIDES = overrides();

    private static Map<String, String> overrides() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("blocker", "Critical");
        map.put("MAJOR", "10002");
        map.put("Minor", "  ");
        map.put("NotAPriority", "Whatever");
        return map;
    }

    @ParameterizedTest(name = "default: {0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "NA,       Medium",
            "Trivial,  Lowest",
            "Minor,    Low",
            "Major,    High",
            "Blocker,  Highest",
            "blocker,  Highest",
            "' major ',High",
            "null,     Medium",
            "'',       Medium",
            "Critical, Medium",
    })
    void mapsReportPriorityThroughTheDefaultMap(String reportPriority, String jiraPriority) {
        assertThat(PriorityMap.toJira(reportPriority, null)).isEqualTo(jiraPriority);
        assertThat(PriorityMap.toJira(reportPriority, Map.of())).isEqualTo(jiraPriority);
    }

    @ParameterizedTest(name = "override: {0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "Blocker, Critical",
            "Major,   10002",
            "Minor,   Low",
            "Trivial, Lowest",
            "null,    Medium",
    })
    void overridesReplaceSingleEntries(String reportPriority, String jiraPriority) {
        assertThat(PriorityMap.toJira(reportPriority, OVERRIDES)).isEqualTo(jiraPriority);
    }

    @ParameterizedTest(name = "reverse: {0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "Medium,   NA",
            "lowest,   Trivial",
            "Low,      Minor",
            "High,     Major",
            "Highest,  Blocker",
            "' High ', Major",
            "Critical, null",
            "null,     null",
            "'',       null",
    })
    void reverseOfTheDefaultMapAndUnknownIsNull(String jiraPriority, String reportPriority) {
        assertThat(PriorityMap.toReport(jiraPriority, null)).isEqualTo(reportPriority);
    }

    @ParameterizedTest(name = "reverse with overrides: {0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "Critical, Blocker",
            "10002,    Major",
            "Highest,  null",
            "High,     null",
            "Low,      Minor",
    })
    void reverseHonoursOverrides(String jiraPriority, String reportPriority) {
        assertThat(PriorityMap.toReport(jiraPriority, OVERRIDES)).isEqualTo(reportPriority);
    }

    @ParameterizedTest(name = "ambiguous reverse: {0} -> {1}")
    @CsvSource({
            "Medium, Minor",
            "Low,    Trivial",
    })
    void anExplicitOverrideWinsOverADefaultEntryWhenSeveralMapToOnePriority(String jiraPriority, String reportPriority) {
        // Minor and NA both end at Medium, Trivial and (no longer) Minor at Low
        Map<String, String> overrides = Map.of("Minor", "Medium", "Trivial", "Low");
        assertThat(PriorityMap.toReport(jiraPriority, overrides)).isEqualTo(reportPriority);
    }

    @ParameterizedTest(name = "isId({0}) = {1}")
    @CsvSource(nullValues = "null", value = {"3, true", "10002, true", "High, false", "3a, false", "'', false", "null, false", "' 3', false"})
    void valuesThatAreAllDigitsAreIds(String value, boolean id) {
        assertThat(PriorityMap.isId(value)).isEqualTo(id);
    }

    @org.junit.jupiter.api.Test
    void defaultMapIsTheDocumentedOneAndCannotBeChanged() {
        assertThat(PriorityMap.DEFAULT).containsExactly(
                Map.entry("NA", "Medium"), Map.entry("Trivial", "Lowest"), Map.entry("Minor", "Low"),
                Map.entry("Major", "High"), Map.entry("Blocker", "Highest"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriorityMap.DEFAULT.put("NA", "Low"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
