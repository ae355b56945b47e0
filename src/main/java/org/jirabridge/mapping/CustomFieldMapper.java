package org.jirabridge.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jirabridge.component.jira.Deployment;
import org.jirabridge.report.Report;

/**
 * Values to Jira field values, per {@link FieldType} and REST version: Cloud (REST v3) takes ADF for multi-line text
 * and accountIds for users, Server/DC (REST v2) wiki markup and user names. Pure; table-tested.
 */
public final class CustomFieldMapper {

    /** Jira's limit for a single-line text field. */
    public static final int TEXT_MAX = 255;
    /** Jira's date-time format on the REST API (ISO 8601 with a +hhmm offset). */
    public static final DateTimeFormatter JIRA_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx",
            Locale.ROOT);
    /** Separates parent and child in a cascading select written as one string: "Android > Tablet". */
    public static final String CASCADE_SEPARATOR = ">";

    /** A value that cannot become a value of the field's type. */
    public static final class ConversionException extends RuntimeException {
        public ConversionException(String message) {
            super(message);
        }
    }

    /** The custom fields of one report: the values to send, and the entries that gave nothing or failed. */
    public record Result(Map<String, Object> fields, Map<String, String> origins, List<String> skipped) {
    }

    private CustomFieldMapper() {
    }

    /**
     * Applies the entries to a report. Entries whose value is empty are left out; entries whose value does not
     * convert (a free-form attribute that is not a number, say) are left out and described in {@code skipped}, so
     * the issue is still created unless Jira requires the field (then Jira's 400 names it).
     */
    public static Result apply(Report report, String reportId, List<CustomFieldMapping> mappings,
                               Deployment deployment) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (CustomFieldMapping mapping : mappings) {
            origins.put(mapping.field(), mapping.describe());
            if (mapping.type() == null) {
                skipped.add(mapping.describe() + ": the field's type is not known (save the integration through the"
                        + " API while Jira is reachable, or give \"type\")");
                continue;
            }
            try {
                Object value = convert(mapping.type(), valueOf(mapping, report, reportId), mapping.by(), deployment);
                if (value != null) {
                    fields.put(mapping.field(), value);
                }
            } catch (ConversionException e) {
                skipped.add(mapping.describe() + ": " + e.getMessage());
            }
        }
        return new Result(fields, origins, skipped);
    }

    /** The raw value an entry takes from a report: constant, template or source, then lookup, then default. */
    public static Object valueOf(CustomFieldMapping mapping, Report report, String reportId) {
        Object value;
        if (mapping.constant() != null) {
            value = mapping.constant();
        } else if (mapping.template() != null) {
            value = CustomFieldMapping.render(mapping.template(), path -> ReportPaths.value(report, reportId, path));
        } else {
            value = ReportPaths.value(report, reportId, mapping.source());
        }
        if (mapping.lookup() != null && !isEmpty(value)) {
            value = lookUp(mapping.lookup(), value);
        }
        return isEmpty(value) ? mapping.defaultValue() : value;
    }

    private static Object lookUp(Map<String, Object> table, Object value) {
        if (value instanceof List<?> list) {
            List<Object> mapped = new ArrayList<>();
            for (Object item : list) {
                Object hit = item == null ? null : table.get(asText(item));
                if (hit instanceof List<?> many) {
                    mapped.addAll(many);
                } else if (hit != null) {
                    mapped.add(hit);
                }
            }
            return mapped;
        }
        return value instanceof Map<?, ?> ? null : table.get(asText(value));
    }

    /**
     * One value as the field's type wants it on this deployment; null when there is nothing to send (empty text,
     * empty list). {@code by} picks "id" references over "value"/"name" ones.
     *
     * @throws ConversionException when the value cannot be of that type
     */
    public static Object convert(FieldType type, Object value, String by, Deployment deployment) {
        if (isEmpty(value)) {
            return null;
        }
        if (value instanceof Map<?, ?>) {
            throw new ConversionException("an object cannot be a " + type.apiName() + " value");
        }
        boolean cloud = deployment == Deployment.CLOUD;
        return switch (type) {
            case TEXT -> {
                String text = UserText.singleLine(asText(value));
                yield text.isEmpty() ? null : UserText.truncate(text, TEXT_MAX);
            }
            case TEXTAREA -> {
                String text = UserText.clean(asText(value));
                if (text.isBlank()) {
                    yield null;
                }
                // the text is Markdown like the description: converted, so it cannot inject markup
                yield cloud ? MarkdownToAdf.convert(text) : MarkdownToWiki.convert(text);
            }
            case NUMBER -> number(scalar(type, value));
            case DATE -> date(scalar(type, value));
            case DATETIME -> dateTime(scalar(type, value));
            case URL -> {
                String url = SafeUrl.httpUrl(asText(scalar(type, value)));
                if (url == null) {
                    throw new ConversionException("'" + shortText(value) + "' is not an http(s) URL");
                }
                yield url;
            }
            case LABELS -> {
                Set<String> labels = new LinkedHashSet<>();
                for (Object item : items(value)) {
                    String label = IssueMapper.label(asText(item));
                    if (!label.isEmpty()) {
                        labels.add(label);
                    }
                }
                yield labels.isEmpty() ? null : new ArrayList<>(labels);
            }
            case SELECT -> reference(asText(scalar(type, value)), by, "value");
            case MULTISELECT -> references(value, by, "value");
            case CASCADING_SELECT -> cascade(value, by);
            case USER -> user(asText(scalar(type, value)), cloud);
            case MULTI_USER -> {
                List<Object> users = new ArrayList<>();
                for (Object item : items(value)) {
                    Object user = user(asText(item), cloud);
                    if (user != null && !users.contains(user)) {
                        users.add(user);
                    }
                }
                yield users.isEmpty() ? null : users;
            }
            case VERSION -> reference(asText(scalar(type, value)), by, "name");
            case MULTI_VERSION, COMPONENTS -> references(value, by, "name");
        };
    }

    /** A value as one line of text: numbers without exponent or needless zeros, lists joined by ", ". */
    public static String asText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(item -> parts.add(asText(item)));
            return String.join(", ", parts);
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            BigDecimal decimal = new BigDecimal(value.toString()).stripTrailingZeros();
            return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
        }
        return value.toString().strip();
    }

    static boolean isEmpty(Object value) {
        return value == null
                || value instanceof String text && text.isBlank()
                || value instanceof List<?> list && list.stream().allMatch(CustomFieldMapper::isEmpty);
    }

    private static Object scalar(FieldType type, Object value) {
        if (value instanceof List<?> list) {
            List<?> present = list.stream().filter(item -> !isEmpty(item)).toList();
            if (present.size() != 1) {
                throw new ConversionException("a list of " + present.size() + " values cannot be one "
                        + type.apiName() + " value");
            }
            return present.get(0);
        }
        return value;
    }

    private static List<Object> items(Object value) {
        List<Object> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new ConversionException("a list may hold only strings and numbers");
                }
                if (!isEmpty(item)) {
                    items.add(item);
                }
            }
        } else {
            items.add(value);
        }
        return items;
    }

    private static Object number(Object value) {
        BigDecimal number;
        if (value instanceof Number n) {
            number = new BigDecimal(n.toString());
        } else if (value instanceof String text) {
            try {
                number = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw new ConversionException("'" + shortText(text) + "' is not a number");
            }
        } else {
            throw new ConversionException("'" + shortText(value) + "' is not a number");
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return stripped.longValueExact();
        }
        double asDouble = number.doubleValue();
        if (Double.isInfinite(asDouble)) {
            throw new ConversionException("'" + shortText(value) + "' is too large a number");
        }
        return asDouble;
    }

    private static String date(Object value) {
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue()).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
        String text = asText(value);
        try {
            return LocalDate.parse(text).toString();
        } catch (DateTimeParseException notADate) {
            OffsetDateTime moment = moment(text);
            if (moment == null) {
                throw new ConversionException("'" + shortText(text) + "' is not a date (yyyy-MM-dd)");
            }
            return moment.toLocalDate().toString();
        }
    }

    private static String dateTime(Object value) {
        if (value instanceof Number millis) {
            return JIRA_DATETIME.format(Instant.ofEpochMilli(millis.longValue()).atOffset(ZoneOffset.UTC));
        }
        String text = asText(value);
        OffsetDateTime moment = moment(text);
        if (moment == null) {
            try {
                moment = LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new ConversionException("'" + shortText(text)
                        + "' is not a date-time (ISO 8601, e.g. 2026-03-01T14:30:00Z)");
            }
        }
        return JIRA_DATETIME.format(moment);
    }

    /** ISO 8601 with offset ("…+02:00", "…Z", Jira's "…+0200"), or without (taken as UTC); null when neither. */
    private static OffsetDateTime moment(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss][.SSS]xx", Locale.ROOT));
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, Object> reference(String text, String by, String defaultKey) {
        if (text.isEmpty()) {
            return null;
        }
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("id".equals(by) ? "id" : defaultKey, text);
        return reference;
    }

    private static List<Object> references(Object value, String by, String defaultKey) {
        List<Object> references = new ArrayList<>();
        for (Object item : items(value)) {
            Map<String, Object> reference = reference(asText(item), by, defaultKey);
            if (reference != null && !references.contains(reference)) {
                references.add(reference);
            }
        }
        return references.isEmpty() ? null : references;
    }

    /** ["Parent", "Child"], "Parent > Child" or "Parent" to {"value": parent, "child": {"value": child}}. */
    private static Map<String, Object> cascade(Object value, String by) {
        List<String> levels = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> levels.add(asText(item)));
        } else {
            for (String part : asText(value).split(CASCADE_SEPARATOR, -1)) {
                levels.add(part.strip());
            }
        }
        if (levels.size() > 2 || levels.stream().anyMatch(String::isEmpty)) {
            throw new ConversionException("'" + shortText(value) + "' is not a cascading choice (\"Parent\" or"
                    + " \"Parent > Child\")");
        }
        Map<String, Object> parent = reference(levels.get(0), by, "value");
        if (levels.size() == 2) {
            parent.put("child", reference(levels.get(1), by, "value"));
        }
        return parent;
    }

    private static Map<String, Object> user(String id, boolean cloud) {
        if (id.isEmpty()) {
            return null;
        }
        // Cloud refers to people by accountId only (GDPR); Server/DC by user name
        return Map.of(cloud ? "accountId" : "name", id);
    }

    private static String shortText(Object value) {
        return UserText.truncate(UserText.singleLine(asText(value)), 80);
    }
}
