package org.jirabridge.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Report priority (NA, Trivial, Minor, Major, Blocker) to Jira priority and back. An integration's
 * overrides replace single entries of {@link #DEFAULT}; their keys are report priorities (any case),
 * their values Jira priority names, or priority ids when all digits (see {@link #isId}).
 */
public final class PriorityMap {

    /** The report priorities in rising order; "NA" is what a report without a priority has. */
    public static final List<String> REPORT_PRIORITIES = List.of("NA", "Trivial", "Minor", "Major", "Blocker");

    /** Report priority to the Jira priority names of a default Jira scheme. */
    public static final Map<String, String> DEFAULT;

    static {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("NA", "Medium");
        map.put("Trivial", "Lowest");
        map.put("Minor", "Low");
        map.put("Major", "High");
        map.put("Blocker", "Highest");
        DEFAULT = Collections.unmodifiableMap(map);
    }

    private PriorityMap() {
    }

    /** The report priority in its canonical spelling; null, blank or unknown values count as "NA". */
    public static String canonical(String reportPriority) {
        if (reportPriority != null) {
            String trimmed = reportPriority.strip();
            for (String known : REPORT_PRIORITIES) {
                if (known.equalsIgnoreCase(trimmed)) {
                    return known;
                }
            }
        }
        return "NA";
    }

    /** The Jira priority (name, or id when all digits) for a report priority; never null. */
    public static String toJira(String reportPriority, Map<String, String> overrides) {
        String canonical = canonical(reportPriority);
        String override = override(canonical, overrides);
        return override != null ? override : DEFAULT.get(canonical);
    }

    /**
     * The report priority for a Jira priority name or id (compared ignoring case), or null when no report
     * priority maps to it. When several do, an explicit override wins over a default entry, and the
     * lower report priority wins among equals.
     */
    public static String toReport(String jiraPriority, Map<String, String> overrides) {
        if (jiraPriority == null || jiraPriority.isBlank()) {
            return null;
        }
        String wanted = jiraPriority.strip();
        for (String reportPriority : REPORT_PRIORITIES) {
            String override = override(reportPriority, overrides);
            if (override != null && override.equalsIgnoreCase(wanted)) {
                return reportPriority;
            }
        }
        for (String reportPriority : REPORT_PRIORITIES) {
            if (override(reportPriority, overrides) == null && DEFAULT.get(reportPriority).equalsIgnoreCase(wanted)) {
                return reportPriority;
            }
        }
        return null;
    }

    /** True when the value names a Jira priority by id ({"id": ...}) rather than by name. */
    public static boolean isId(String jiraPriority) {
        return jiraPriority != null && !jiraPriority.isEmpty() && jiraPriority.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String override(String canonical, Map<String, String> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key != null && value != null && !value.isBlank()
                    && key.strip().toLowerCase(Locale.ROOT).equals(canonical.toLowerCase(Locale.ROOT))) {
                return value.strip();
            }
        }
        return null;
    }
}
