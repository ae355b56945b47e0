package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fixed configuration of the sandbox: issue types, priorities and the two priority schemes, the simplified
 * To Do / In Progress / Done workflow, the field catalogue (a custom field of every common type), the create screens
 * of the two screen schemes, and the permission keys. Ids are stable so tests and demos can rely on them.
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

    record Resolution(String id, String name, String description) {
    }

    record SelectOption(String id, String value) {
    }

    /** A project version (fix versions, version pickers). */
    record Version(String id, String name, boolean released) {
    }

    /** A project component. */
    record Component(String id, String name) {
    }

    /**
     * Which create screens a project uses: STANDARD (DEMO and seeded projects: the Bug screen carries a custom field
     * of every type) or REQUIREMENTS (REQ: a required Severity on every issue type).
     */
    enum ScreenScheme {
        STANDARD, REQUIREMENTS
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
    static final String STEPS_FIELD = "customfield_10012";
    static final String AFFECTED_USERS_FIELD = "customfield_10013";
    static final String FIRST_SEEN_FIELD = "customfield_10014";
    static final String OCCURRED_AT_FIELD = "customfield_10015";
    static final String CRASH_LOG_FIELD = "customfield_10016";
    static final String DEVICE_LABELS_FIELD = "customfield_10017";
    static final String PLATFORM_FIELD = "customfield_10018";
    static final String AREAS_FIELD = "customfield_10019";
    static final String CHANNELS_FIELD = "customfield_10020";
    static final String DEVICE_FIELD = "customfield_10021";
    static final String TRIAGE_OWNER_FIELD = "customfield_10022";
    static final String STAKEHOLDERS_FIELD = "customfield_10023";
    static final String FOUND_IN_FIELD = "customfield_10024";
    /** Jira Software's Sprint field (ids of the issue's sprints). */
    static final String SPRINT_FIELD = "customfield_10100";
    /** The optional fields of every type on the standard Bug screen, after App version and Severity. */
    static final List<String> BUG_SCREEN_EXTRAS = List.of(STEPS_FIELD, AFFECTED_USERS_FIELD, FIRST_SEEN_FIELD,
            OCCURRED_AT_FIELD, CRASH_LOG_FIELD, DEVICE_LABELS_FIELD, PLATFORM_FIELD, AREAS_FIELD, CHANNELS_FIELD,
            DEVICE_FIELD, TRIAGE_OWNER_FIELD, STAKEHOLDERS_FIELD, FOUND_IN_FIELD, "components", "fixVersions",
            "environment", "duedate");
    private static final String CF = "com.atlassian.jira.plugin.system.customfieldtypes:";
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
            new Priority("5", "Lowest", "Trivial problem with little or no impact on progress.", "#999999", "/images/icons/priorities/lowest.svg"),
            new Priority("10000", "P1", "Drop everything.", "#ff5630", "/images/icons/priorities/blocker.svg"),
            new Priority("10001", "P2", "Fix in the current sprint.", "#ff7452", "/images/icons/priorities/critical.svg"),
            new Priority("10002", "P3", "Fix when planned.", "#ffab00", "/images/icons/priorities/major.svg"),
            new Priority("10003", "P4", "Fix if time allows.", "#36b37e", "/images/icons/priorities/minor.svg"));

    /** The default priority scheme (every project but REQ). */
    static final List<String> DEFAULT_PRIORITY_SCHEME = List.of("1", "2", "3", "4", "5");
    /** REQ's custom priority scheme, P1 to P4, with P3 as its default. */
    static final List<String> REQ_PRIORITY_SCHEME = List.of("10000", "10001", "10002", "10003");
    static final String REQ_DEFAULT_PRIORITY = "10002";

    /** Resolutions of GET /resolution; the simplified workflow sets Done. */
    static final List<Resolution> RESOLUTIONS = List.of(
            new Resolution(DONE_RESOLUTION_ID, "Done", "Work has been completed on this issue."),
            new Resolution("10001", "Won't Do", "This issue won't be actioned."),
            new Resolution("10002", "Duplicate", "The problem is a duplicate of an existing issue."),
            new Resolution("10003", "Cannot Reproduce", "All attempts at reproducing this issue failed."));

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

    /** The options of every select-like field (select, radio, multi-select, checkboxes, cascading parents). */
    static final Map<String, List<SelectOption>> OPTIONS = Map.of(
            SEVERITY_FIELD, SEVERITY_OPTIONS,
            PLATFORM_FIELD, List.of(new SelectOption("10030", "iOS"), new SelectOption("10031", "Android"),
                    new SelectOption("10032", "Web")),
            AREAS_FIELD, List.of(new SelectOption("10040", "Checkout"), new SelectOption("10041", "Login"),
                    new SelectOption("10042", "Search"), new SelectOption("10043", "Settings")),
            CHANNELS_FIELD, List.of(new SelectOption("10050", "Email"), new SelectOption("10051", "In-app"),
                    new SelectOption("10052", "Phone")),
            DEVICE_FIELD, List.of(new SelectOption("10060", "Apple"), new SelectOption("10063", "Android")));

    /** The child options of the cascading select's parents. */
    static final Map<String, List<SelectOption>> CHILD_OPTIONS = Map.of(
            "10060", List.of(new SelectOption("10061", "iPhone"), new SelectOption("10062", "iPad")),
            "10063", List.of(new SelectOption("10064", "Phone"), new SelectOption("10065", "Tablet")));

    /** The versions and components DEMO is seeded with. */
    static final List<Version> DEMO_VERSIONS = List.of(new Version("10100", "3.4.0", true),
            new Version("10101", "3.4.1", true), new Version("10102", "3.5.0", false));
    static final List<Component> DEMO_COMPONENTS = List.of(new Component("10200", "Checkout"),
            new Component("10201", "Login"), new Component("10202", "Mobile app"));

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
            system("subtasks", "Sub-tasks", "array", "issuelinks", false, true, List.of("subtasks"), List.of()),
            system("issuelinks", "Linked Issues", "array", "issuelinks", true, true, List.of("issueLink"), List.of("add", "copy")),
            system("watches", "Watchers", "watches", null, false, true, List.of("watchers"), List.of()),
            system("worklog", "Log Work", "array", "worklog", true, true, List.of(), List.of("add")),
            system("timetracking", "Time tracking", "timetracking", null, true, false, List.of(), List.of("set", "edit")),
            new FieldDef(APP_VERSION_FIELD, "App version", true, true, true, true, List.of("App version", "cf[10010]"),
                    schema("string", null, null, "com.atlassian.jira.plugin.system.customfieldtypes:textfield", 10010L),
                    List.of("set")),
            new FieldDef(SEVERITY_FIELD, "Severity", true, true, true, true, List.of("Severity", "cf[10011]"),
                    schema("option", null, null, "com.atlassian.jira.plugin.system.customfieldtypes:select", 10011L),
                    List.of("set")),
            system("components", "Component/s", "array", "component", true, true, List.of("component"), List.of("add", "set", "remove")),
            system("fixVersions", "Fix Version/s", "array", "version", true, true, List.of("fixVersion"), List.of("set", "add", "remove")),
            system("environment", "Environment", "string", null, true, true, List.of("environment"), List.of("set")),
            system("duedate", "Due date", "date", null, true, true, List.of("due", "duedate"), List.of("set")),
            custom(STEPS_FIELD, "Steps to reproduce", "string", null, "textarea"),
            custom(AFFECTED_USERS_FIELD, "Affected users", "number", null, "float"),
            custom(FIRST_SEEN_FIELD, "First seen", "date", null, "datepicker"),
            custom(OCCURRED_AT_FIELD, "Occurred at", "datetime", null, "datetime"),
            custom(CRASH_LOG_FIELD, "Crash log", "string", null, "url"),
            custom(DEVICE_LABELS_FIELD, "Device labels", "array", "string", "labels"),
            custom(PLATFORM_FIELD, "Platform", "option", null, "radiobuttons"),
            custom(AREAS_FIELD, "Affected areas", "array", "option", "multiselect"),
            custom(CHANNELS_FIELD, "Channels", "array", "option", "multicheckboxes"),
            custom(DEVICE_FIELD, "Device", "option-with-child", null, "cascadingselect"),
            custom(TRIAGE_OWNER_FIELD, "Triage owner", "user", null, "userpicker"),
            custom(STAKEHOLDERS_FIELD, "Stakeholders", "array", "user", "multiuserpicker"),
            custom(FOUND_IN_FIELD, "Found in version", "version", null, "version"),
            new FieldDef(SPRINT_FIELD, "Sprint", true, true, true, true, List.of("Sprint", "cf[10100]"),
                    schema("array", "json", null, "com.pyxis.greenhopper.jira:gh-sprint", 10100L), List.of("set")));

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

    private static FieldDef custom(String id, String name, String type, String items, String customType) {
        long customId = Long.parseLong(id.substring("customfield_".length()));
        boolean multi = "array".equals(type);
        return new FieldDef(id, name, true, true, true, true, List.of(name, "cf[" + customId + "]"),
                schema(type, items, null, CF + customType, customId), multi ? List.of("add", "set", "remove") : List.of("set"));
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

    /**
     * The create screen of an issue type in a project. Standard scheme: Severity and a custom field of every other
     * type are on the Bug screen only (optional), like a real per-type screen scheme. REQ's scheme: Severity is
     * required on every issue type.
     */
    static List<ScreenField> createScreen(SandboxProject project, String issueTypeId) {
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
        if (project.screenScheme() == ScreenScheme.REQUIREMENTS) {
            screen.add(new ScreenField(SEVERITY_FIELD, true));
        } else if (BUG.equals(issueTypeId)) {
            screen.add(new ScreenField(SEVERITY_FIELD, false));
            BUG_SCREEN_EXTRAS.forEach(id -> screen.add(new ScreenField(id, false)));
        }
        return screen;
    }

    /** Fields an edit may set: the create screen without project and issue type. */
    static boolean onEditScreen(SandboxProject project, String issueTypeId, String fieldId) {
        if (fieldId.equals("project") || fieldId.equals("issuetype")) {
            return false;
        }
        return createScreen(project, issueTypeId).stream().anyMatch(f -> f.fieldId().equals(fieldId));
    }

    static List<SelectOption> options(String fieldId) {
        return OPTIONS.getOrDefault(fieldId, List.of());
    }

    static List<SelectOption> childOptions(String parentOptionId) {
        return CHILD_OPTIONS.getOrDefault(parentOptionId, List.of());
    }

    /** Any option (or child option) by id, for rendering stored values. */
    static Optional<SelectOption> optionById(String id) {
        return java.util.stream.Stream.concat(OPTIONS.values().stream(), CHILD_OPTIONS.values().stream())
                .flatMap(List::stream).filter(o -> o.id().equals(id)).findFirst();
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

    static Optional<Permission> permission(String key) {
        return PERMISSIONS.stream().filter(p -> p.key().equals(key)).findFirst();
    }
}
