package org.jirabridge.sandbox;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The fields other than summary, description, priority, labels and the user fields: every custom field type of the
 * catalogue plus components, fix versions, environment and due date. Reads request values the way Jira does (shape
 * per type, options/versions/components that exist, users that exist, ADF for multi-line text on REST v3), stores
 * them in a compact form, and renders them back per REST version.
 *
 * <p>Stored forms: text, URL, dates as strings; numbers as numbers; labels as a string array; multi-line text as
 * written (string or ADF); options, versions, components and users by id (arrays for the multi types); a cascading
 * choice as {"parent": id, "child": id}.
 */
final class FieldValues {

    static final String TEXT_TOO_LONG = "The entered text is too long. It exceeds the allowed limit of 255 characters.";
    static final String NOT_A_NUMBER = "Operation value must be a number";
    static final String NOT_AN_ARRAY = "data was not an array";
    static final String NO_PARENT_OPTION = "Could not find valid 'id' or 'value' in the Parent Option object.";
    static final String NO_CHILD_OPTION = "Could not find valid 'id' or 'value' in the Child Option object.";
    static final String NOT_A_URL = "Not a valid URL";

    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?([+-]\\d{2}:?\\d{2}|Z)");

    /** How a field's value is shaped. */
    enum Kind {
        TEXT, TEXTAREA, NUMBER, DATE, DATETIME, URL, LABELS, SELECT, MULTISELECT, CASCADE, USER, USERS, VERSION,
        VERSIONS, COMPONENTS
    }

    private static final String CF = "com.atlassian.jira.plugin.system.customfieldtypes:";
    private static final Map<String, Kind> CUSTOM_KINDS = Map.ofEntries(
            Map.entry(CF + "textfield", Kind.TEXT), Map.entry(CF + "textarea", Kind.TEXTAREA),
            Map.entry(CF + "float", Kind.NUMBER), Map.entry(CF + "datepicker", Kind.DATE),
            Map.entry(CF + "datetime", Kind.DATETIME), Map.entry(CF + "url", Kind.URL),
            Map.entry(CF + "labels", Kind.LABELS), Map.entry(CF + "select", Kind.SELECT),
            Map.entry(CF + "radiobuttons", Kind.SELECT), Map.entry(CF + "multiselect", Kind.MULTISELECT),
            Map.entry(CF + "multicheckboxes", Kind.MULTISELECT), Map.entry(CF + "cascadingselect", Kind.CASCADE),
            Map.entry(CF + "userpicker", Kind.USER), Map.entry(CF + "multiuserpicker", Kind.USERS),
            Map.entry(CF + "version", Kind.VERSION));
    private static final Map<String, Kind> SYSTEM_KINDS = Map.of("environment", Kind.TEXTAREA, "duedate", Kind.DATE,
            "components", Kind.COMPONENTS, "fixVersions", Kind.VERSIONS);

    /** A value read from a request: its stored form (null clears the field), or Jira's error message. */
    record Outcome(JsonNode stored, String error) {
        static Outcome ok(JsonNode stored) {
            return new Outcome(stored, null);
        }

        static Outcome error(String message) {
            return new Outcome(null, message);
        }
    }

    private final SandboxState state;
    private final SandboxProject project;
    private final boolean v3;

    /** @param v3 whether the request came through REST v3 (multi-line text must then be ADF) */
    FieldValues(SandboxState state, SandboxProject project, boolean v3) {
        this.state = state;
        this.project = project;
        this.v3 = v3;
    }

    /** The kind of a field this class handles; empty for the fields IssueEditor handles itself. */
    static Optional<Kind> kind(String fieldId) {
        if (SYSTEM_KINDS.containsKey(fieldId)) {
            return Optional.of(SYSTEM_KINDS.get(fieldId));
        }
        return Catalog.field(fieldId).filter(Catalog.FieldDef::custom)
                .map(def -> CUSTOM_KINDS.get(def.schema().path("custom").asText()));
    }

    // ---- reading request values

    /** Reads one value of a field this class handles. */
    Outcome read(String fieldId, JsonNode value) {
        Kind kind = kind(fieldId).orElseThrow(() -> new IllegalArgumentException("not a field of FieldValues: " + fieldId));
        if (value == null || value.isNull()) {
            return Outcome.ok(null);
        }
        return switch (kind) {
            case TEXT -> !value.isTextual() ? Outcome.error(IssueEditor.NOT_A_STRING)
                    : value.asText().length() > 255 ? Outcome.error(TEXT_TOO_LONG) : Outcome.ok(value.deepCopy());
            case TEXTAREA -> v3 && !Adf.isDocument(value) ? Outcome.error(Adf.NOT_A_DOCUMENT)
                    : !v3 && !value.isTextual() ? Outcome.error(IssueEditor.NOT_A_STRING)
                    : IssueEditor.richTextProblem(value) != null ? Outcome.error(IssueEditor.richTextProblem(value))
                    : Outcome.ok(value.deepCopy());
            case NUMBER -> value.isNumber() ? Outcome.ok(value.deepCopy()) : Outcome.error(NOT_A_NUMBER);
            case DATE -> date(value);
            case DATETIME -> !value.isTextual() ? Outcome.error(IssueEditor.NOT_A_STRING)
                    : DATE_TIME.matcher(value.asText()).matches() ? Outcome.ok(value.deepCopy())
                    : Outcome.error("Error parsing date string: " + value.asText());
            case URL -> !value.isTextual() ? Outcome.error(IssueEditor.NOT_A_STRING)
                    : isUrl(value.asText()) ? Outcome.ok(value.deepCopy()) : Outcome.error(NOT_A_URL);
            case LABELS -> labels(value);
            case SELECT -> option(fieldId, value);
            case MULTISELECT -> many(value, item -> option(fieldId, item));
            case CASCADE -> cascade(fieldId, value);
            case USER -> user(fieldId, value);
            case USERS -> many(value, item -> user(fieldId, item));
            case VERSION -> version(value);
            case VERSIONS -> many(value, this::version);
            case COMPONENTS -> many(value, this::component);
        };
    }

    private static Outcome date(JsonNode value) {
        if (!value.isTextual()) {
            return Outcome.error(IssueEditor.NOT_A_STRING);
        }
        try {
            LocalDate.parse(value.asText());
            return Outcome.ok(value.deepCopy());
        } catch (DateTimeParseException e) {
            return Outcome.error("Error parsing date string: " + value.asText());
        }
    }

    private static boolean isUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Outcome labels(JsonNode value) {
        if (!value.isArray()) {
            return Outcome.error(NOT_AN_ARRAY);
        }
        Set<String> labels = new LinkedHashSet<>();
        for (JsonNode label : value) {
            if (!label.isTextual()) {
                return Outcome.error(IssueEditor.NOT_A_STRING);
            }
            if (label.asText().isEmpty() || label.asText().chars().anyMatch(Character::isWhitespace)) {
                return Outcome.error(String.format(IssueEditor.LABEL_WITH_SPACES, label.asText()));
            }
            if (label.asText().length() > 255) {
                return Outcome.error(String.format(IssueEditor.LABEL_TOO_LONG, label.asText()));
            }
            labels.add(label.asText());
        }
        return Outcome.ok(Json.array(labels));
    }

    /** An array of values each read by {@code one}; the first error wins, as Jira reports one message per field. */
    private static Outcome many(JsonNode value, Function<JsonNode, Outcome> one) {
        if (!value.isArray()) {
            return Outcome.error(NOT_AN_ARRAY);
        }
        ArrayNode stored = Json.array();
        for (JsonNode item : value) {
            Outcome outcome = one.apply(item);
            if (outcome.error() != null) {
                return outcome;
            }
            if (outcome.stored() != null && !contains(stored, outcome.stored())) {
                stored.add(outcome.stored());
            }
        }
        return Outcome.ok(stored);
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static Outcome option(String fieldId, JsonNode value) {
        return optionAmong(Catalog.options(fieldId), value, NO_PARENT_OPTION);
    }

    private static Outcome optionAmong(List<Catalog.SelectOption> options, JsonNode value, String shapeError) {
        String id = Json.text(value, "id");
        String optionValue = Json.text(value, "value");
        if (!value.isObject() || (id == null && optionValue == null)) {
            return Outcome.error(shapeError);
        }
        Optional<Catalog.SelectOption> option = options.stream()
                .filter(o -> id != null ? o.id().equals(id) : o.value().equals(optionValue)).findFirst();
        return option.map(o -> Outcome.ok(TextNode.valueOf(o.id())))
                .orElseGet(() -> Outcome.error(id != null ? "Option id '" + id + "' is not valid"
                        : "Option value '" + optionValue + "' is not valid"));
    }

    private static Outcome cascade(String fieldId, JsonNode value) {
        Outcome parent = option(fieldId, value);
        if (parent.error() != null) {
            return parent;
        }
        ObjectNode stored = Json.object().put("parent", parent.stored().asText());
        JsonNode child = value.get("child");
        if (child != null && !child.isNull()) {
            Outcome chosen = optionAmong(Catalog.childOptions(parent.stored().asText()), child, NO_CHILD_OPTION);
            if (chosen.error() != null) {
                return chosen;
            }
            stored.put("child", chosen.stored().asText());
        }
        return Outcome.ok(stored);
    }

    private Outcome user(String fieldId, JsonNode value) {
        // Cloud identifies people by accountId only (names were removed for GDPR); Server by username
        boolean cloud = state.flavour() == Flavour.CLOUD;
        String ref = cloud ? Optional.ofNullable(Json.text(value, "accountId")).orElse(Json.text(value, "id"))
                : Json.text(value, "name");
        Optional<SandboxUser> user = ref == null ? Optional.empty() : state.user(ref);
        if (user.isPresent()) {
            return Outcome.ok(TextNode.valueOf(user.get().id(state.flavour())));
        }
        return Outcome.error(cloud ? "Specify a valid value for " + fieldId : "User '" + ref + "' does not exist.");
    }

    private Outcome version(JsonNode value) {
        String id = Json.text(value, "id");
        String name = Json.text(value, "name");
        if (!value.isObject() || (id == null && name == null)) {
            return Outcome.error("Version id or name is required");
        }
        return project.versions().stream().filter(v -> id != null ? v.id().equals(id) : v.name().equals(name))
                .findFirst().map(v -> Outcome.ok(TextNode.valueOf(v.id())))
                .orElseGet(() -> Outcome.error(id != null ? "Version id '" + id + "' is not valid"
                        : "Version name '" + name + "' is not valid"));
    }

    private Outcome component(JsonNode value) {
        String id = Json.text(value, "id");
        String name = Json.text(value, "name");
        if (!value.isObject() || (id == null && name == null)) {
            return Outcome.error("Component id or name is required");
        }
        return project.components().stream().filter(c -> id != null ? c.id().equals(id) : c.name().equals(name))
                .findFirst().map(c -> Outcome.ok(TextNode.valueOf(c.id())))
                .orElseGet(() -> Outcome.error(id != null ? "Component id '" + id + "' is not valid"
                        : "Component name '" + name + "' is not valid"));
    }

    /** A seed value: select-like fields also take an option value or id as plain text, the rest the REST v2 form. */
    Outcome seed(String fieldId, JsonNode value) {
        Kind kind = kind(fieldId).orElse(null);
        if (kind == null) {
            return Outcome.error("seed fields take the sandbox's custom fields, components, fixVersions,"
                    + " environment and duedate, not " + fieldId);
        }
        if (kind == Kind.SELECT && value.isTextual()) {
            Outcome byValue = option(fieldId, Json.object().put("value", value.asText()));
            return byValue.error() == null ? byValue : option(fieldId, Json.object().put("id", value.asText()));
        }
        if (kind == Kind.TEXTAREA && value != null && (value.isTextual() || Adf.isDocument(value))) {
            return Outcome.ok(value.deepCopy());
        }
        return new FieldValues(state, project, false).read(fieldId, value);
    }

    // ---- rendering stored values

    /** A stored value as GET issue shows it through this REST version. */
    static JsonNode render(String fieldId, JsonNode stored, SandboxIssue issue, JiraViews views) {
        if (stored == null || stored.isNull()) {
            return kind(fieldId).filter(k -> k == Kind.VERSIONS || k == Kind.COMPONENTS)
                    .<JsonNode>map(k -> Json.array()).orElse(NullNode.getInstance());
        }
        Kind kind = kind(fieldId).orElse(Kind.TEXT);
        return switch (kind) {
            case TEXT, NUMBER, DATE, DATETIME, URL, LABELS -> stored.deepCopy();
            case TEXTAREA -> views.richText(stored);
            case SELECT -> option(stored.asText(), views);
            case MULTISELECT -> each(stored, item -> option(item.asText(), views));
            case CASCADE -> {
                ObjectNode parent = option(stored.path("parent").asText(), views);
                if (stored.hasNonNull("child")) {
                    parent.set("child", option(stored.path("child").asText(), views));
                }
                yield parent;
            }
            case USER -> views.userRef(stored.asText());
            case USERS -> each(stored, item -> views.userRef(item.asText()));
            case VERSION -> version(issue.project, stored.asText(), views);
            case VERSIONS -> each(stored, item -> version(issue.project, item.asText(), views));
            case COMPONENTS -> each(stored, item -> component(issue.project, item.asText(), views));
        };
    }

    private static ArrayNode each(JsonNode stored, Function<JsonNode, JsonNode> render) {
        ArrayNode list = Json.array();
        stored.forEach(item -> list.add(render.apply(item)));
        return list;
    }

    private static ObjectNode option(String id, JiraViews views) {
        return views.option(Catalog.optionById(id).orElseThrow());
    }

    private static ObjectNode version(SandboxProject project, String id, JiraViews views) {
        Catalog.Version version = project.versions().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
        return versionView(version, project, views);
    }

    static ObjectNode versionView(Catalog.Version version, SandboxProject project, JiraViews views) {
        return Json.object().put("self", views.api() + "/version/" + version.id()).put("id", version.id())
                .put("name", version.name()).put("archived", false).put("released", version.released())
                .put("projectId", Long.parseLong(project.id()));
    }

    private static ObjectNode component(SandboxProject project, String id, JiraViews views) {
        Catalog.Component component = project.components().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow();
        return componentView(component, views);
    }

    static ObjectNode componentView(Catalog.Component component, JiraViews views) {
        return Json.object().put("self", views.api() + "/component/" + component.id()).put("id", component.id())
                .put("name", component.name());
    }

    /** The allowedValues of create metadata for a field of this class, or null when it has none. */
    static ArrayNode allowedValues(String fieldId, SandboxProject project, JiraViews views) {
        Kind kind = kind(fieldId).orElse(null);
        if (kind == null) {
            return null;
        }
        ArrayNode allowed = Json.array();
        switch (kind) {
            case SELECT, MULTISELECT -> Catalog.options(fieldId).forEach(o -> allowed.add(views.option(o)));
            case CASCADE -> Catalog.options(fieldId).forEach(o -> {
                ObjectNode parent = views.option(o);
                ArrayNode children = parent.putArray("children");
                Catalog.childOptions(o.id()).forEach(c -> children.add(views.option(c)));
                allowed.add(parent);
            });
            case VERSION, VERSIONS -> project.versions().forEach(v -> allowed.add(versionView(v, project, views)));
            case COMPONENTS -> project.components().forEach(c -> allowed.add(componentView(c, views)));
            default -> {
                return null;
            }
        }
        return allowed;
    }

    /** A stored value as the control API's issue listing shows it: option values, user ids, version names. */
    static JsonNode readable(String fieldId, JsonNode stored, SandboxIssue issue) {
        if (stored == null || stored.isNull()) {
            return NullNode.getInstance();
        }
        Kind kind = kind(fieldId).orElse(Kind.TEXT);
        return switch (kind) {
            case SELECT -> TextNode.valueOf(Catalog.optionById(stored.asText()).orElseThrow().value());
            case MULTISELECT -> strings(stored, id -> Catalog.optionById(id).orElseThrow().value());
            case CASCADE -> {
                ObjectNode choice = Json.object().put("value",
                        Catalog.optionById(stored.path("parent").asText()).orElseThrow().value());
                if (stored.hasNonNull("child")) {
                    choice.put("child", Catalog.optionById(stored.path("child").asText()).orElseThrow().value());
                }
                yield choice;
            }
            case VERSION -> TextNode.valueOf(versionName(issue.project, stored.asText()));
            case VERSIONS -> strings(stored, id -> versionName(issue.project, id));
            case COMPONENTS -> strings(stored, id -> issue.project.components().stream()
                    .filter(c -> c.id().equals(id)).findFirst().orElseThrow().name());
            default -> stored.deepCopy();
        };
    }

    private static String versionName(SandboxProject project, String id) {
        return project.versions().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow().name();
    }

    private static ArrayNode strings(JsonNode stored, Function<String, String> name) {
        List<String> names = new ArrayList<>();
        stored.forEach(item -> names.add(name.apply(item.asText())));
        return Json.array(names);
    }
}
