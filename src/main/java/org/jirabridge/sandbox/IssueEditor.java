package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates and applies the {@code fields} and {@code update} of create, edit and transition requests the
 * way Jira does: every field must be on the screen, values must have the right shape for the REST version
 * (ADF on v3, strings on v2), and all field errors are reported together as {"errors":{field: message}}.
 */
final class IssueEditor {

    static final String NOT_ON_SCREEN = "Field '%s' cannot be set. It is not on the appropriate screen, or unknown.";
    static final String NOT_A_STRING = "Operation value must be a string";
    static final String SUMMARY_REQUIRED = "You must specify a summary of the issue.";
    static final String SUMMARY_TOO_LONG = "Summary must be less than 255 characters.";
    static final String SUMMARY_NEWLINE = "The summary is invalid because it contains newline characters.";
    static final String LABEL_WITH_SPACES = "The label '%s' contains spaces which is invalid.";
    static final String PRIORITY_INVALID = "The priority selected is invalid.";
    static final String PRIORITY_FORMAT = "Specify the Priority (id or name) in the string format";
    static final String COMMENT_NOT_ADF = "Comment body is not valid!";
    static final String COMMENT_EMPTY = "Comment body can not be empty!";
    /** Jira's limit for multi-line text (jira.text.field.character.limit): description, environment, comments. */
    static final int TEXT_LIMIT = 32_767;
    static final String TEXT_OVER_LIMIT = "The entered text is too long. It exceeds the allowed limit of 32,767 characters.";
    static final String LABEL_TOO_LONG = "The label '%s' exceeds the maximum length of 255 characters.";
    static final String SET_TWICE = "Field '%s' can not be set in both 'fields' and 'update'.";
    static final String COMMENT_NOT_STRING = "Can not deserialize instance of java.lang.String out of START_OBJECT token";

    /** Validated changes, applied only when there was no error. */
    static final class Changes {
        final Map<String, String> errors = new LinkedHashMap<>();
        final List<String> errorMessages = new ArrayList<>();
        final Map<String, Object> sets = new LinkedHashMap<>();
        final List<String> labelsToAdd = new ArrayList<>();
        final List<String> labelsToRemove = new ArrayList<>();
        final List<JsonNode> commentsToAdd = new ArrayList<>();
        final Map<String, JsonNode> properties = new LinkedHashMap<>();
        /** The project the issue is (or will be) in: its versions, components and priority scheme apply. */
        SandboxProject project;

        boolean failed() {
            return !errors.isEmpty() || !errorMessages.isEmpty();
        }

        SandboxResponse failure() {
            return SandboxResponse.errors(400, errorMessages, errors);
        }
    }

    private final SandboxState state;
    private final Flavour flavour;
    private final boolean v3;

    IssueEditor(SandboxState state, String version) {
        this.state = state;
        this.flavour = state.flavour();
        this.v3 = version.equals("3");
    }

    // ---- create

    /** Checks a create body; on success the changes hold everything needed by {@link #create}. */
    Changes validateCreate(JsonNode body, Optional<SandboxProject> project, Optional<Catalog.IssueType> type) {
        Changes changes = new Changes();
        JsonNode fields = body.path("fields");
        if (project.isEmpty()) {
            changes.errors.put("project", flavour == Flavour.CLOUD ? "Specify a valid project ID or key" : "valid project is required");
            return changes;
        }
        if (type.isEmpty()) {
            changes.errors.put("issuetype", flavour == Flavour.CLOUD ? "Specify a valid issue type" : "valid issue type is required");
            return changes;
        }
        changes.project = project.get();
        Set<String> screen = new LinkedHashSet<>();
        List<Catalog.ScreenField> screenFields = Catalog.createScreen(project.get(), type.get().id());
        screenFields.forEach(f -> screen.add(f.fieldId()));
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String id = field.getKey();
            if (id.equals("project") || id.equals("issuetype")) {
                continue;
            }
            if (!screen.contains(id)) {
                changes.errors.put(id, String.format(NOT_ON_SCREEN, id));
            } else {
                set(id, field.getValue(), changes);
            }
        }
        readUpdate(body.path("update"), screen, changes);
        refuseSetTwice(fields, body.path("update"), changes);
        if (!changes.sets.containsKey("summary") && !changes.errors.containsKey("summary")) {
            changes.errors.put("summary", SUMMARY_REQUIRED);
        }
        for (Catalog.ScreenField field : screenFields) {
            String id = field.fieldId();
            boolean filledByJira = Set.of("summary", "issuetype", "project").contains(id);
            if (field.required() && !filledByJira && changes.sets.get(id) == null && !changes.errors.containsKey(id)) {
                // Jira names the field, not its id: "Severity is required."
                changes.errors.put(id, Catalog.field(id).orElseThrow().name() + " is required.");
            }
        }
        readProperties(body.path("properties"), changes);
        return changes;
    }

    /** Creates the issue from validated changes; reporter defaults to the caller, priority to Medium. */
    SandboxIssue create(SandboxProject project, Catalog.IssueType type, Changes changes, SandboxUser caller) {
        SandboxIssue issue = state.newIssue(project, caller.id(flavour), state.now());
        issue.issueTypeId = type.id();
        issue.priorityId = project.defaultPriorityId();
        issue.reporterId = caller.id(flavour);
        apply(issue, changes, caller);
        issue.updated = issue.created;
        return issue;
    }

    // ---- edit and transition

    /** Checks an edit body against the edit screen of the issue. */
    Changes validateEdit(SandboxIssue issue, JsonNode body) {
        Changes changes = new Changes();
        changes.project = issue.project;
        JsonNode fields = body.path("fields");
        JsonNode update = body.path("update");
        boolean hasFields = fields.isObject() && fields.size() > 0;
        boolean hasUpdate = update.isObject() && update.size() > 0;
        if (!hasFields && !hasUpdate && !body.path("properties").isArray()) {
            changes.errorMessages.add("one of 'fields' or 'update' required");
            return changes;
        }
        Set<String> screen = new LinkedHashSet<>();
        Catalog.FIELDS.stream().map(Catalog.FieldDef::id).filter(id -> Catalog.onEditScreen(issue.project, issue.issueTypeId, id))
                .forEach(screen::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!screen.contains(field.getKey())) {
                changes.errors.put(field.getKey(), String.format(NOT_ON_SCREEN, field.getKey()));
            } else {
                set(field.getKey(), field.getValue(), changes);
            }
        }
        readUpdate(update, screen, changes);
        refuseSetTwice(fields, update, changes);
        readProperties(body.path("properties"), changes);
        return changes;
    }

    /** A transition has no screen in the sandbox's workflow: fields are refused, a comment may be added. */
    Changes validateTransition(JsonNode body) {
        Changes changes = new Changes();
        for (Iterator<String> it = body.path("fields").fieldNames(); it.hasNext(); ) {
            String id = it.next();
            changes.errors.put(id, String.format(NOT_ON_SCREEN, id));
        }
        readUpdate(body.path("update"), Set.of(), changes);
        return changes;
    }

    /** Applies validated changes and bumps {@code updated}. */
    void apply(SandboxIssue issue, Changes changes, SandboxUser caller) {
        changes.sets.forEach((id, value) -> {
            switch (id) {
                case "summary" -> issue.summary = (String) value;
                case "description" -> issue.description = (JsonNode) value;
                case "priority" -> issue.priorityId = (String) value;
                case "assignee" -> issue.assigneeId = (String) value;
                case "reporter" -> issue.reporterId = (String) value;
                case "labels" -> {
                    @SuppressWarnings("unchecked")
                    List<String> labels = (List<String>) value;
                    issue.labels = new ArrayList<>(labels);
                }
                default -> {
                    if (value == null) {
                        issue.customFields.remove(id);
                    } else {
                        issue.customFields.put(id, (JsonNode) value);
                    }
                }
            }
        });
        changes.labelsToAdd.stream().filter(l -> !issue.labels.contains(l)).forEach(issue.labels::add);
        issue.labels.removeAll(changes.labelsToRemove);
        issue.properties.putAll(changes.properties);
        issue.updated = state.now();
        for (JsonNode body : changes.commentsToAdd) {
            issue.comments.add(new SandboxComment(state.nextCommentId(), caller.id(flavour), body, issue.updated, issue.updated));
        }
    }

    // ---- values

    private void readUpdate(JsonNode update, Set<String> screen, Changes changes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String id = entry.getKey();
            if (!id.equals("comment") && !screen.contains(id)) {
                changes.errors.put(id, String.format(NOT_ON_SCREEN, id));
                continue;
            }
            for (JsonNode operation : entry.getValue()) {
                operation.fields().forEachRemaining(op -> operation(id, op.getKey(), op.getValue(), changes));
            }
        }
    }

    private void operation(String id, String op, JsonNode value, Changes changes) {
        if (id.equals("comment") && op.equals("add")) {
            commentBody(value.get("body"), changes, "comment").ifPresent(changes.commentsToAdd::add);
        } else if (id.equals("labels") && (op.equals("add") || op.equals("remove"))) {
            label(value, changes).ifPresent(label -> (op.equals("add") ? changes.labelsToAdd : changes.labelsToRemove).add(label));
        } else if (op.equals("set") && !id.equals("comment")) {
            set(id, value, changes);
        } else {
            changes.errors.put(id, "Field '" + id + "' does not support operation '" + op + "'");
        }
    }

    /** Validates one field value; a valid one lands in {@code changes.sets} in its stored form. */
    private void set(String id, JsonNode value, Changes changes) {
        boolean isNull = value == null || value.isNull();
        switch (id) {
            case "summary" -> {
                if (isNull || !value.isTextual()) {
                    changes.errors.put(id, isNull ? SUMMARY_REQUIRED : NOT_A_STRING);
                } else if (value.asText().isBlank()) {
                    changes.errors.put(id, SUMMARY_REQUIRED);
                } else if (value.asText().contains("\n") || value.asText().contains("\r")) {
                    changes.errors.put(id, SUMMARY_NEWLINE);
                } else if (value.asText().length() > 255) {
                    changes.errors.put(id, SUMMARY_TOO_LONG);
                } else {
                    changes.sets.put(id, value.asText());
                }
            }
            case "description" -> {
                if (isNull) {
                    changes.sets.put(id, null);
                } else if (v3 && !Adf.isDocument(value)) {
                    changes.errors.put(id, Adf.NOT_A_DOCUMENT);
                } else if (!v3 && !value.isTextual()) {
                    changes.errors.put(id, NOT_A_STRING);
                } else if (richTextProblem(value) != null) {
                    changes.errors.put(id, richTextProblem(value));
                } else {
                    changes.sets.put(id, value.deepCopy());
                }
            }
            case "priority" -> priority(value, changes);
            case "labels" -> {
                if (isNull || !value.isArray()) {
                    changes.errors.put(id, "Operation value must be an array");
                    return;
                }
                List<String> labels = new ArrayList<>();
                value.forEach(v -> label(v, changes).ifPresent(labels::add));
                changes.sets.put(id, labels);
            }
            case "assignee", "reporter" -> user(id, value, changes);
            default -> {
                if (FieldValues.kind(id).isEmpty() || changes.project == null) {
                    changes.errors.put(id, String.format(NOT_ON_SCREEN, id));
                    return;
                }
                FieldValues.Outcome outcome = new FieldValues(state, changes.project, v3).read(id, value);
                if (outcome.error() != null) {
                    changes.errors.put(id, outcome.error());
                } else {
                    changes.sets.put(id, outcome.stored());
                }
            }
        }
    }

    private void priority(JsonNode value, Changes changes) {
        String id = Json.text(value, "id");
        String name = Json.text(value, "name");
        if (value == null || !value.isObject() || (id == null && name == null)) {
            changes.errors.put("priority", PRIORITY_FORMAT);
            return;
        }
        Optional<Catalog.Priority> priority = id != null ? Catalog.priority(id) : Catalog.priorityNamed(name);
        // a priority outside the project's priority scheme is as invalid as an unknown one
        if (priority.isPresent() && changes.project != null && !changes.project.priorities().contains(priority.get())) {
            priority = Optional.empty();
        }
        if (priority.isEmpty()) {
            changes.errors.put("priority", PRIORITY_INVALID);
        } else {
            changes.sets.put("priority", priority.get().id());
        }
    }

    private Optional<String> label(JsonNode value, Changes changes) {
        if (value == null || !value.isTextual()) {
            changes.errors.put("labels", NOT_A_STRING);
            return Optional.empty();
        }
        String label = value.asText();
        if (label.isEmpty() || label.chars().anyMatch(Character::isWhitespace)) {
            changes.errors.put("labels", String.format(LABEL_WITH_SPACES, label));
            return Optional.empty();
        }
        if (label.length() > 255) {
            changes.errors.put("labels", String.format(LABEL_TOO_LONG, label));
            return Optional.empty();
        }
        return Optional.of(label);
    }

    private void user(String field, JsonNode value, Changes changes) {
        if (value == null || value.isNull()) {
            changes.sets.put(field, null);
            return;
        }
        // Cloud identifies people by accountId only (names were removed for GDPR); Server by username
        String ref = flavour == Flavour.CLOUD
                ? Optional.ofNullable(Json.text(value, "accountId")).orElse(Json.text(value, "id"))
                : Json.text(value, "name");
        Optional<SandboxUser> user = ref == null ? Optional.empty() : state.user(ref);
        if (user.isPresent()) {
            changes.sets.put(field, user.get().id(flavour));
        } else if (flavour == Flavour.CLOUD) {
            changes.errors.put(field, "Specify a valid value for " + field);
        } else {
            changes.errors.put(field, field.equals("reporter") ? "The reporter specified is not a user." : "User '" + ref + "' does not exist.");
        }
    }

    /** A comment body for this REST version; errors go under {@code errorKey}. */
    Optional<JsonNode> commentBody(JsonNode body, Changes changes, String errorKey) {
        if (body == null || body.isNull() || (body.isTextual() && body.asText().isBlank())) {
            changes.errors.put(errorKey, COMMENT_EMPTY);
        } else if (v3 && !Adf.isDocument(body)) {
            changes.errors.put(errorKey, COMMENT_NOT_ADF);
        } else if (!v3 && !body.isTextual()) {
            changes.errorMessages.add(COMMENT_NOT_STRING);
        } else if (richTextProblem(body) != null) {
            changes.errors.put(errorKey, richTextProblem(body));
        } else {
            return Optional.of(body.deepCopy());
        }
        return Optional.empty();
    }

    /**
     * What Jira refuses in a rich-text value of the right shape: ADF node types or marks it does not define, and text
     * above 32,767 characters (an ADF document counts as stored, serialised); null when it is fine.
     */
    static String richTextProblem(JsonNode value) {
        if (value.isObject() && !Adf.usesOnlyKnownTypes(value)) {
            return Adf.INVALID_INPUT;
        }
        int length = value.isTextual() ? value.asText().length() : Json.bytes(value).length;
        return length > TEXT_LIMIT ? TEXT_OVER_LIMIT : null;
    }

    /** Jira refuses a field named in both fields and update rather than picking one. */
    private static void refuseSetTwice(JsonNode fields, JsonNode update, Changes changes) {
        for (Iterator<String> it = update.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            if (fields.has(id)) {
                changes.errors.put(id, String.format(SET_TWICE, id));
            }
        }
    }

    private void readProperties(JsonNode properties, Changes changes) {
        for (JsonNode property : properties) {
            String key = Json.text(property, "key");
            if (key == null || key.isBlank() || key.length() > 255) {
                changes.errorMessages.add("The property key must be between 1 and 255 characters long.");
            } else if (!property.has("value")) {
                changes.errorMessages.add("The property value is required.");
            } else {
                changes.properties.put(key, property.get("value").deepCopy());
            }
        }
    }
}
