package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fixed configuration every sandbox project shares: issue types, priorities, the simplified
 * To Do / In Progress / Done workflow, the field catalogue with its two custom fields, the create
 * screens and the permission keys. Ids are stable so tests and demos can rely on them.
 */
final class Catalog {

    record IssueType(String id, String name, String description, String iconPath) {
    }

    record Priority(String id, String name, String description, String statusColor, String iconPath) {
    }

    record Status(String id, String name, String description, int categoryId, String categoryKey,
                  String categoryName, String colorName, String iconPath) {
    }

    /** A global workflow transition: available from every status except the one it leads to. */
    record Transition(String id, String name, String toStatusId) {
    }

    record SelectOption(String id, String value) {
    }

    /** A field of GET /field; {@code schema} follows Jira's JsonTypeBean. */
    record FieldDef(String id, String name, boolean custom, boolean orderable, boolean navigable, boolean searchable,
                    List<String> clauseNames, ObjectNode schema, List<String> operations) {
    }

    /** A field on a create screen. */
    record ScreenField(String fieldId, boolean required) {
    }

    record Permission(String id, String key, String name, String type, String description) {
    }

    static final String APP_VERSION_FIELD = "customfield_10010";
    static final String SEVERITY_FIELD = "customfield_10011";
    static final String BUG = "10001";
    static final String DEFAULT_PRIORITY = "3";
    static final String TO_DO = "10000";
    static final String DONE = "10001";
    static final String DONE_RESOLUTION_ID = "10000";

    static final List<IssueType> ISSUE_TYPES = List.of(
            new IssueType(BUG, "Bug", "A problem which impairs or prevents the functions of the product.", "/images/icons/issuetypes/bug.svg"),
            new IssueType("10002", "Task", "A task that needs to be done.", "/images/icons/issuetypes/task.svg"),
            new IssueType("10003", "Story", "A user story.", "/images/icons/issuetypes/story.svg"));

    static final List<Priority> PRIORITIES = List.of(
            new Priority("1", "Highest", "This problem will block progress.", "#d04437", "/images/icons/priorities/highest.svg"),
            new Priority("2", "High", "Serious problem that could block progress.", "#f15C75", "/images/icons/priorities/high.svg"),
            new Priority("3", "Medium", "Has the potential to affect progress.", "#f79232", "/images/icons/priorities/medium.svg"),
            new Priority("4", "Low", "Minor problem or easily worked around.", "#707070", "/images/icons/priorities/low.svg"),
            new Priority("5", "Lowest", "Trivial problem with little or no impact on progress.", "#999999", "/images/icons/priorities/lowest.svg"));

    static final List<Status> STATUSES = List.of(
            new Status(TO_DO, "To Do", "", 2, "new", "To Do", "blue-gray", "/images/icons/statuses/open.png"),
            new Status("3", "In Progress", "This issue is being actively worked on at the moment by the assignee.",
                    4, "indeterminate", "In Progress", "yellow", "/images/icons/statuses/inprogress.png"),
            new Status(DONE, "Done", "", 3, "done", "Done", "green", "/images/icons/statuses/closed.png"));

    static final List<Transition> TRANSITIONS = List.of(
            new Transition("11", "To Do", TO_DO),
            new Transition("21", "In Progress", "3"),
            new Transition("31", "Done", DONE));

    static final List<SelectOption> SEVERITY_OPTIONS = List.of(
            new SelectOption("10020", "Critical"),
            new SelectOption("10021", "Major"),
            new SelectOption("10022", "Minor"));

    static final List<FieldDef> FIELDS = List.of(
            system("summary", "Summary", "string", null, true, true, List.of("summary"), List.of("set")),
            system("description", "Description", "string", null, true, true, List.of("description"), List.of("set")),
            system("issuetype", "Issue Type", "issuetype", null, true, true, List.of("issuetype", "type"), List.of()),
            system("project", "Project", "project", null, false, true, List.of("project"), List.of("set")),
            system("status", "Status", "status", null, false, true, List.of("status"), List.of()),
            system("priority", "Priority", "priority", null, true, true, List.of("priority"), List.of("set")),
            system("labels", "Labels", "array", "string", true, true, List.of("labels"), List.of("add", "set", "remove")),
            system("assignee", "Assignee", "user", null, true, true, List.of("assignee"), List.of("set")),
            system("reporter", "Reporter", "user", null, true, true, List.of("reporter"), List.of("set")),
            system("creator", "Creator", "user", null, false, true, List.of("creator"), List.of()),
            system("created", "Created", "datetime", null, false, true, List.of("created", "createdDate"), List.of()),
            system("updated", "Updated", "datetime", null, false, true, List.of("updated", "updatedDate"), List.of()),
            system("resolution", "Resolution", "resolution", null, true, true, List.of("resolution"), List.of("set")),
            system("resolutiondate", "Resolved", "datetime", null, false, true, List.of("resolved", "resolutiondate"), List.of()),
            new FieldDef("comment", "Comment", false, true, false, true, List.of("comment"),
                    schema("comments-page", null, "comment", null, null), List.of("add", "edit", "remove")),
            system("attachment", "Attachment", "array", "attachment", true, true, List.of("attachments"), List.of()),
            new FieldDef(APP_VERSION_FIELD, "App version", true, true, true, true, List.of("App version", "cf[10010]"),
                    schema("string", null, null, "com.atlassian.jira.plugin.system.customfieldtypes:textfield", 10010L),
                    List.of("set")),
            new FieldDef(SEVERITY_FIELD, "Severity", true, true, true, true, List.of("Severity", "cf[10011]"),
                    schema("option", null, null, "com.atlassian.jira.plugin.system.customfieldtypes:select", 10011L),
                    List.of("set")));

    static final List<Permission> PERMISSIONS = List.of(
            new Permission("0", "ADMINISTER", "Administer Jira", "GLOBAL", "Create and administer projects, issue types, fields, workflows, and schemes for all projects."),
            new Permission("27", "USER_PICKER", "Browse users and groups", "GLOBAL", "View and select users or groups from the user picker."),
            new Permission("10", "BROWSE_PROJECTS", "Browse Projects", "PROJECT", "Ability to browse projects and the issues within them."),
            new Permission("11", "CREATE_ISSUES", "Create Issues", "PROJECT", "Ability to create issues."),
            new Permission("12", "EDIT_ISSUES", "Edit Issues", "PROJECT", "Ability to edit issues."),
            new Permission("13", "ASSIGN_ISSUES", "Assign Issues", "PROJECT", "Ability to assign issues to other people."),
            new Permission("14", "RESOLVE_ISSUES", "Resolve Issues", "PROJECT", "Ability to resolve and reopen issues."),
            new Permission("15", "ADD_COMMENTS", "Add Comments", "PROJECT", "Ability to comment on issues."),
            new Permission("16", "DELETE_ISSUES", "Delete Issues", "PROJECT", "Ability to delete issues."),
            new Permission("17", "ASSIGNABLE_USER", "Assignable User", "PROJECT", "Users with this permission may be assigned to issues."),
            new Permission("18", "CLOSE_ISSUES", "Close Issues", "PROJECT", "Ability to close issues."),
            new Permission("19", "CREATE_ATTACHMENTS", "Create Attachments", "PROJECT", "Users with this permission may create attachments."),
            new Permission("30", "MODIFY_REPORTER", "Modify Reporter", "PROJECT", "Ability to modify the reporter when creating or editing an issue."),
            new Permission("46", "TRANSITION_ISSUES", "Transition Issues", "PROJECT", "Ability to transition issues."));

    private Catalog() {
    }

    private static FieldDef system(String id, String name, String type, String items, boolean orderable,
                                   boolean searchable, List<String> clauseNames, List<String> operations) {
        return new FieldDef(id, name, false, orderable, true, searchable, clauseNames,
                schema(type, items, id, null, null), operations);
    }

    private static ObjectNode schema(String type, String items, String system, String custom, Long customId) {
        ObjectNode schema = Json.object().put("type", type);
        if (items != null) {
            schema.put("items", items);
        }
        if (system != null) {
            schema.put("system", system);
        }
        if (custom != null) {
            schema.put("custom", custom).put("customId", customId);
        }
        return schema;
    }

    /** The create screen of an issue type: the severity select is on the Bug screen only, like a real per-type screen scheme. */
    static List<ScreenField> createScreen(String issueTypeId) {
        List<ScreenField> screen = new ArrayList<>(List.of(
                new ScreenField("summary", true),
                new ScreenField("issuetype", true),
                new ScreenField("project", true),
                new ScreenField("description", false),
                new ScreenField("priority", false),
                new ScreenField("labels", false),
                new ScreenField("assignee", false),
                new ScreenField("reporter", false),
                new ScreenField(APP_VERSION_FIELD, false)));
        if (BUG.equals(issueTypeId)) {
            screen.add(new ScreenField(SEVERITY_FIELD, false));
        }
        return screen;
    }

    /** Fields an edit may set: the create screen without project and issue type. */
    static boolean onEditScreen(String issueTypeId, String fieldId) {
        if (fieldId.equals("project") || fieldId.equals("issuetype")) {
            return false;
        }
        return createScreen(issueTypeId).stream().anyMatch(f -> f.fieldId().equals(fieldId));
    }

    static Optional<IssueType> issueType(String id) {
        return ISSUE_TYPES.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    static Optional<IssueType> issueTypeNamed(String name) {
        return ISSUE_TYPES.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    static Optional<Priority> priority(String id) {
        return PRIORITIES.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    static Optional<Priority> priorityNamed(String name) {
        return PRIORITIES.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    static Status status(String id) {
        return STATUSES.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown status " + id));
    }

    static Optional<Status> statusNamed(String name) {
        return STATUSES.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    static Optional<FieldDef> field(String id) {
        return FIELDS.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    static Optional<SelectOption> severityOption(String id) {
        return SEVERITY_OPTIONS.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    static Optional<SelectOption> severityOptionValued(String value) {
        return SEVERITY_OPTIONS.stream().filter(o -> o.value().equals(value)).findFirst();
    }

    static Optional<Permission> permission(String key) {
        return PERMISSIONS.stream().filter(p -> p.key().equals(key)).findFirst();
    }
}
