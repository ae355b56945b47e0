package org.jirabridge.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of Jira field a mapping entry can fill, each with its own value shape on the create request. Known from
 * the field's {@code schema} in create metadata or GET /field ({@link #ofSchema}), or named in the mapping entry
 * ({@link #named}).
 */
public enum FieldType {
    /** Single line of text (textfield, summary): a string of at most 255 characters. */
    TEXT("text"),
    /** Multi-line text (textarea, environment): wiki markup on REST v2, an ADF document on v3. */
    TEXTAREA("textarea"),
    /** Number (float): a JSON number. */
    NUMBER("number"),
    /** Date picker, due date: "yyyy-MM-dd". */
    DATE("date"),
    /** Date-time picker: "yyyy-MM-dd'T'HH:mm:ss.SSSZ". */
    DATETIME("datetime"),
    /** URL: an absolute http(s) URL string. */
    URL("url"),
    /** Labels: an array of strings without whitespace. */
    LABELS("labels"),
    /** Select list and radio buttons: {"value": …} or {"id": …}. */
    SELECT("select"),
    /** Multi-select list and checkboxes: [{"value": …}, …]. */
    MULTISELECT("multiselect"),
    /** Cascading select: {"value": parent, "child": {"value": child}}. */
    CASCADING_SELECT("cascadingselect"),
    /** Single user picker: {"accountId": …} on Cloud, {"name": …} on Server/DC. */
    USER("user"),
    /** Multi user picker: an array of user references. */
    MULTI_USER("multiuser"),
    /** Single version picker: {"name": …} or {"id": …}. */
    VERSION("version"),
    /** Multi version picker, fix versions, affects versions: [{"name": …}, …]. */
    MULTI_VERSION("multiversion"),
    /** Components: [{"name": …}, …]. */
    COMPONENTS("components");

    private static final String CUSTOM = "com.atlassian.jira.plugin.system.customfieldtypes:";

    /** Jira's custom field type keys (schema.custom) for the built-in types. */
    private static final Map<String, FieldType> CUSTOM_TYPES = Map.ofEntries(
            Map.entry(CUSTOM + "textfield", TEXT),
            Map.entry(CUSTOM + "textarea", TEXTAREA),
            Map.entry(CUSTOM + "float", NUMBER),
            Map.entry(CUSTOM + "datepicker", DATE),
            Map.entry(CUSTOM + "datetime", DATETIME),
            Map.entry(CUSTOM + "url", URL),
            Map.entry(CUSTOM + "labels", LABELS),
            Map.entry(CUSTOM + "select", SELECT),
            Map.entry(CUSTOM + "radiobuttons", SELECT),
            Map.entry(CUSTOM + "multiselect", MULTISELECT),
            Map.entry(CUSTOM + "multicheckboxes", MULTISELECT),
            Map.entry(CUSTOM + "cascadingselect", CASCADING_SELECT),
            Map.entry(CUSTOM + "userpicker", USER),
            Map.entry(CUSTOM + "multiuserpicker", MULTI_USER),
            Map.entry(CUSTOM + "people", MULTI_USER),
            Map.entry(CUSTOM + "version", VERSION),
            Map.entry(CUSTOM + "multiversion", MULTI_VERSION));

    /** System fields by id (schema.system) whose schema type alone would be ambiguous. */
    private static final Map<String, FieldType> SYSTEM_FIELDS = Map.of(
            "summary", TEXT,
            "description", TEXTAREA,
            "environment", TEXTAREA,
            "duedate", DATE,
            "labels", LABELS,
            "components", COMPONENTS,
            "fixVersions", MULTI_VERSION,
            "versions", MULTI_VERSION,
            "assignee", USER,
            "reporter", USER);

    /** Other names an entry may use for a type: Jira's UI names. */
    private static final Map<String, FieldType> ALIASES = Map.of(
            "radio", SELECT,
            "radiobuttons", SELECT,
            "checkboxes", MULTISELECT,
            "multicheckboxes", MULTISELECT,
            "float", NUMBER,
            "textfield", TEXT,
            "datepicker", DATE,
            "userpicker", USER,
            "multiuserpicker", MULTI_USER);

    private final String apiName;

    FieldType(String apiName) {
        this.apiName = apiName;
    }

    /** The name used in mapping entries ("type") and in the fields picker. */
    public String apiName() {
        return apiName;
    }

    /** True for the types whose Jira value is an array. */
    public boolean isMultiValued() {
        return this == LABELS || this == MULTISELECT || this == MULTI_USER || this == MULTI_VERSION
                || this == COMPONENTS;
    }

    /** True for the types whose value must be one of the field's allowedValues (options, versions, components). */
    public boolean hasAllowedValues() {
        return this == SELECT || this == MULTISELECT || this == CASCADING_SELECT || this == VERSION
                || this == MULTI_VERSION || this == COMPONENTS;
    }

    /** The type for an entry's "type" (api name or alias, any case); empty for unknown names. */
    public static Optional<FieldType> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (FieldType type : values()) {
            if (type.apiName.equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.ofNullable(ALIASES.get(wanted));
    }

    /**
     * The type of a field from its Jira schema ({"type", "items", "system", "custom"}); empty when jira-bridge cannot
     * fill such a field (teams, groups, issue links, app-specific types…).
     */
    public static Optional<FieldType> ofSchema(Map<?, ?> schema) {
        if (schema == null) {
            return Optional.empty();
        }
        String custom = text(schema.get("custom"));
        String type = text(schema.get("type"));
        String items = text(schema.get("items"));
        if (custom != null) {
            if (CUSTOM_TYPES.containsKey(custom)) {
                return Optional.of(CUSTOM_TYPES.get(custom));
            }
            // an app's own field type: only plain numbers and dates are safe to write by their schema type
            return Optional.ofNullable(type == null ? null : switch (type) {
                case "number" -> NUMBER;
                case "date" -> DATE;
                case "datetime" -> DATETIME;
                default -> null;
            });
        }
        String system = text(schema.get("system"));
        if (system != null && SYSTEM_FIELDS.containsKey(system)) {
            return Optional.of(SYSTEM_FIELDS.get(system));
        }
        if (type == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (type) {
            case "string" -> TEXT;
            case "number" -> NUMBER;
            case "date" -> DATE;
            case "datetime" -> DATETIME;
            case "option" -> SELECT;
            case "option-with-child" -> CASCADING_SELECT;
            case "user" -> USER;
            case "version" -> VERSION;
            case "array" -> items == null ? null : switch (items) {
                case "string" -> LABELS;
                case "option" -> MULTISELECT;
                case "user" -> MULTI_USER;
                case "version" -> MULTI_VERSION;
                case "component" -> COMPONENTS;
                default -> null;
            };
            default -> null;
        });
    }

    /** A short description of a schema for messages: "option (…:select)". */
    public static String describe(Map<?, ?> schema) {
        if (schema == null) {
            return "unknown";
        }
        String type = text(schema.get("type"));
        String items = text(schema.get("items"));
        String custom = text(schema.get("custom"));
        StringBuilder text = new StringBuilder(type == null ? "unknown" : type);
        if (items != null) {
            text.append(" of ").append(items);
        }
        if (custom != null) {
            text.append(" (").append(custom).append(')');
        }
        return text.toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
