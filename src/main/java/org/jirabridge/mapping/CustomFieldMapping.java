package org.jirabridge.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an integration's {@code mapping.customFields}: where the value comes from (a report path, a constant
 * or a template), an optional lookup table and default, and the Jira field it fills with its {@link FieldType}.
 *
 * <pre>{"source": "device.os", "field": "customfield_10018", "type": "select",
 *  "lookup": {"iPadOS": "iOS"}, "default": "Web", "by": "value"}</pre>
 *
 * @param index    position in the list, so messages can name "mapping.customFields[2]"
 * @param source   report path ({@link ReportPaths}); null when {@code constant} or {@code template} is used
 * @param field    Jira field id (customfield_10010, components, fixVersions, environment, duedate…)
 * @param type     the field's type; filled from create metadata when the integration is saved, null until then
 * @param constant a fixed value (string, number, boolean or list of strings)
 * @param template text with {{report.path}} placeholders
 * @param lookup   report value (as text) to the value to send; values it does not list fall to {@code defaultValue}
 * @param defaultValue what to send when the source is empty or the lookup has no entry
 * @param by       "value" (default for options), "name" (default for versions, components) or "id"
 */
public record CustomFieldMapping(int index, String source, String field, FieldType type, Object constant,
                                 String template, Map<String, Object> lookup, Object defaultValue, String by) {

    /** Fields jira-bridge fills from the target and the rest of the mapping; an entry cannot take them over. */
    public static final Set<String> RESERVED_FIELDS = Set.of("project", "issuetype", "summary", "description",
            "priority", "labels", "assignee");

    private static final Set<String> KEYS = Set.of("source", "field", "type", "constant", "template", "lookup",
            "default", "by");
    private static final Set<String> BY = Set.of("value", "id", "name");
    private static final Pattern FIELD_ID = Pattern.compile("customfield_\\d{1,12}|[a-zA-Z][a-zA-Z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");

    public CustomFieldMapping {
        lookup = lookup == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(lookup));
    }

    /** What this entry is called in messages: "mapping.customFields[2]". */
    public String path() {
        return "mapping.customFields[" + index + "]";
    }

    /** "mapping.customFields[2] (attributes.plan -> customfield_10013)", for errors that go back to the user. */
    public String describe() {
        String from = source != null ? source : constant != null ? "constant" : "template";
        return path() + " (" + from + " -> " + field + ")";
    }

    /** True when every report gives this entry a value (a constant, a default, or a path every report has). */
    public boolean alwaysHasValue() {
        if (constant != null || defaultValue != null) {
            return true;
        }
        if (lookup != null) {
            return false;
        }
        if (template != null) {
            return !PLACEHOLDER.matcher(template).replaceAll("").isBlank();
        }
        return ReportPaths.kind(source).orElse(null) == ReportPaths.Kind.TEXT_ALWAYS;
    }

    /** The report paths a template reads. */
    public static List<String> placeholders(String template) {
        List<String> paths = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }

    /** Replaces each {{path}} by the report's value as text ("" when empty; lists joined by ", "). */
    static String render(String template, java.util.function.Function<String, Object> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = values.apply(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : CustomFieldMapper.asText(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A problem with one part of one entry: {@code path} is e.g. "mapping.customFields[1].source". */
    public record Problem(String path, String problem) {
    }

    /** The parsed entries and every problem found; the entries are only usable when there are no problems. */
    public record Parsed(List<CustomFieldMapping> mappings, List<Problem> problems) {
    }

    /** Reads the entries as stored or sent in the integration body; names every problem. Null means no entries. */
    public static Parsed parseAll(List<Map<String, Object>> entries) {
        List<CustomFieldMapping> mappings = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (entries == null) {
            return new Parsed(mappings, problems);
        }
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = entries.get(i);
            String at = "mapping.customFields[" + i + "]";
            if (entry == null) {
                problems.add(new Problem(at, "must be an object"));
                continue;
            }
            int before = problems.size();
            CustomFieldMapping mapping = parse(i, entry, problems);
            if (mapping != null && !fields.add(mapping.field())) {
                problems.add(new Problem(at + ".field", mapping.field() + " is filled by an earlier entry already"));
            }
            if (problems.size() == before) {
                mappings.add(mapping);
            }
        }
        return new Parsed(mappings, problems);
    }

    @SuppressWarnings("unchecked")
    private static CustomFieldMapping parse(int index, Map<String, Object> entry, List<Problem> problems) {
        String at = "mapping.customFields[" + index + "]";
        for (String key : entry.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(new Problem(at + "." + key, "is not a known key; entries take " + KEYS.stream().sorted().toList()));
            }
        }
        String field = text(entry, "field", at, problems);
        if (field == null || !FIELD_ID.matcher(field).matches()) {
            problems.add(new Problem(at + ".field", "is required: a Jira field id such as customfield_10010 or components"));
        } else if (RESERVED_FIELDS.contains(field)) {
            problems.add(new Problem(at + ".field", field + " is filled by jira-bridge itself (target and the rest of"
                    + " the mapping decide it); choose another field"));
        }
        String source = text(entry, "source", at, problems);
        String template = text(entry, "template", at, problems);
        Object constant = entry.get("constant");
        int origins = (source != null ? 1 : 0) + (template != null ? 1 : 0) + (constant != null ? 1 : 0);
        if (origins != 1) {
            problems.add(new Problem(at, "needs exactly one of \"source\" (a report path), \"constant\" or \"template\""));
        }
        if (source != null && ReportPaths.kind(source).isEmpty()) {
            problems.add(new Problem(at + ".source", "'" + source + "' is not a report path; paths are " + ReportPaths.KNOWN));
        }
        if (template != null) {
            for (String path : placeholders(template)) {
                if (ReportPaths.kind(path).isEmpty()) {
                    problems.add(new Problem(at + ".template", "{{" + path + "}} is not a report path; paths are "
                            + ReportPaths.KNOWN));
                }
            }
        }
        if (constant != null && !isValue(constant)) {
            problems.add(new Problem(at + ".constant", "must be a string, number, boolean or list of strings"));
        }
        Object defaultValue = entry.get("default");
        if (defaultValue != null && !isValue(defaultValue)) {
            problems.add(new Problem(at + ".default", "must be a string, number, boolean or list of strings"));
        }
        Map<String, Object> lookup = null;
        Object rawLookup = entry.get("lookup");
        if (rawLookup != null) {
            if (!(rawLookup instanceof Map<?, ?> map) || map.isEmpty()) {
                problems.add(new Problem(at + ".lookup", "must be a non-empty object: report value -> value to send"));
            } else {
                lookup = new LinkedHashMap<>();
                for (Map.Entry<?, ?> row : map.entrySet()) {
                    if (!isValue(row.getValue())) {
                        problems.add(new Problem(at + ".lookup." + row.getKey(),
                                "must be a string, number, boolean or list of strings"));
                    }
                    lookup.put(String.valueOf(row.getKey()), row.getValue());
                }
            }
        }
        FieldType type = null;
        String typeName = text(entry, "type", at, problems);
        if (typeName != null) {
            type = FieldType.named(typeName).orElse(null);
            if (type == null) {
                problems.add(new Problem(at + ".type", "'" + typeName + "' is not a field type jira-bridge fills; types are "
                        + java.util.Arrays.stream(FieldType.values()).map(FieldType::apiName).toList()));
            }
        }
        String by = text(entry, "by", at, problems);
        if (by != null && !BY.contains(by)) {
            problems.add(new Problem(at + ".by", "must be value, name or id"));
        }
        return new CustomFieldMapping(index, source, field, type, constant, template, lookup, defaultValue, by);
    }

    /** The entry as stored and shown by the API, with the type filled in. */
    public CustomFieldEntry toEntry() {
        return new CustomFieldEntry(source, field, type == null ? null : type.apiName(), constant, template, lookup,
                defaultValue, by);
    }

    /** Stored entries, checked again into the form the mapper works with (they were checked when saved). */
    public static List<CustomFieldMapping> ofEntries(List<CustomFieldEntry> entries) {
        return parseAll(entries == null ? null : entries.stream().map(CustomFieldEntry::asMap).toList()).mappings();
    }

    public CustomFieldMapping withType(FieldType newType) {
        return new CustomFieldMapping(index, source, field, newType, constant, template, lookup, defaultValue, by);
    }

    private static boolean isValue(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        return value instanceof List<?> list && list.stream().allMatch(v -> v instanceof String || v instanceof Number);
    }

    private static String text(Map<String, Object> entry, String key, String at, List<Problem> problems) {
        Object value = entry.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add(new Problem(at + "." + key, "must be a string"));
            return null;
        }
        return text.isBlank() ? null : text.strip();
    }
}
