package org.jirabridge.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Renders the sandbox's state as Jira's JSON for one flavour and one REST version: users with
 * accountId (Cloud) or name/key (Server), rich text as ADF (v3) or plain strings (v2), and self links.
 */
final class JiraViews {

    private final SandboxState state;
    private final Flavour flavour;
    private final String baseUrl;
    private final String version;
    private final String api;
    /** Who is looking (for watches.isWatching); null for webhook payloads. */
    private String viewerId;

    JiraViews(SandboxState state, String baseUrl, String version) {
        this.state = state;
        this.flavour = state.flavour();
        this.baseUrl = baseUrl;
        this.version = version;
        this.api = baseUrl + "/rest/api/" + version;
    }

    String version() {
        return version;
    }

    /** These views as {@code user} sees them (null: nobody in particular). */
    JiraViews viewer(SandboxUser user) {
        this.viewerId = user == null ? null : user.id(flavour);
        return this;
    }

    String viewerId() {
        return viewerId;
    }

    String baseUrl() {
        return baseUrl;
    }

    String api() {
        return api;
    }

    boolean cloud() {
        return flavour == Flavour.CLOUD;
    }

    // ---- users

    private String userSelf(SandboxUser user) {
        return cloud() ? api + "/user?accountId=" + encode(user.accountId()) : api + "/user?username=" + encode(user.name());
    }

    private ObjectNode avatarUrls(String owner) {
        String url = baseUrl + "/secure/useravatar?ownerId=" + encode(owner);
        ObjectNode avatars = Json.object();
        avatars.put("48x48", url);
        avatars.put("24x24", url + "&size=small");
        avatars.put("16x16", url + "&size=xsmall");
        avatars.put("32x32", url + "&size=medium");
        return avatars;
    }

    /** The short user object found in issues and comments (Jira's UserDetails). */
    JsonNode userRef(String userId) {
        return state.user(userId).<JsonNode>map(this::userRef).orElse(NullNode.getInstance());
    }

    ObjectNode userRef(SandboxUser user) {
        ObjectNode node = Json.object().put("self", userSelf(user));
        if (cloud()) {
            node.put("accountId", user.accountId());
        } else {
            node.put("name", user.name()).put("key", user.key());
        }
        // Cloud leaves the address out for people whose profile visibility hides it
        if (!cloud() || !state.access.emailHidden(user.id(flavour))) {
            node.put("emailAddress", user.emailAddress());
        }
        node.set("avatarUrls", avatarUrls(user.id(flavour)));
        node.put("displayName", user.displayName()).put("active", user.active())
                .put("timeZone", state.access.timeZone(user.id(flavour)));
        if (cloud()) {
            node.put("accountType", "atlassian");
        }
        return node;
    }

    /** The full user of GET myself. */
    ObjectNode user(SandboxUser user) {
        ObjectNode node = userRef(user).put("locale", "en_US");
        node.putObject("groups").put("size", 1).putArray("items");
        node.putObject("applicationRoles").put("size", 1).putArray("items");
        node.put("expand", "groups,applicationRoles");
        return node;
    }

    // ---- projects and metadata

    private ObjectNode projectAvatars(SandboxProject project) {
        String url = baseUrl + "/secure/projectavatar?pid=" + project.id();
        ObjectNode avatars = Json.object();
        avatars.put("48x48", url);
        avatars.put("24x24", url + "&size=small");
        avatars.put("16x16", url + "&size=xsmall");
        avatars.put("32x32", url + "&size=medium");
        return avatars;
    }

    /** A project as it appears inside an issue. */
    ObjectNode projectRef(SandboxProject project) {
        ObjectNode node = Json.object().put("self", api + "/project/" + project.id()).put("id", project.id())
                .put("key", project.key()).put("name", project.name()).put("projectTypeKey", project.typeKey());
        if (cloud()) {
            node.put("simplified", false);
        }
        node.set("avatarUrls", projectAvatars(project));
        return node;
    }

    /** A project of GET project and project/search. */
    ObjectNode project(SandboxProject project) {
        ObjectNode node = Json.object()
                .put("expand", cloud() ? "description,lead,issueTypes,url,projectKeys,permissions,insight" : "description,lead,url,projectKeys")
                .put("self", api + "/project/" + project.id()).put("id", project.id()).put("key", project.key())
                .put("name", project.name());
        node.set("avatarUrls", projectAvatars(project));
        node.put("projectTypeKey", project.typeKey());
        if (project.leadId() != null) {
            node.set("lead", userRef(project.leadId()));
        }
        if (cloud()) {
            node.put("simplified", false).put("style", "classic").put("isPrivate", false);
            node.putObject("properties");
        } else {
            node.put("archived", false);
        }
        return node;
    }

    /** A project of GET project/{key}: also its description, lead, issue types, components and versions. */
    ObjectNode projectDetails(SandboxProject project, List<String> expand) {
        ObjectNode node = project(project);
        node.put("description", project.description());
        node.set("lead", userRef(project.leadId()));
        ArrayNode components = node.putArray("components");
        project.components().forEach(c -> components.add(FieldValues.componentView(c, this)));
        ArrayNode types = node.putArray("issueTypes");
        Catalog.ISSUE_TYPES.forEach(t -> types.add(issueType(t)));
        node.put("assigneeType", "UNASSIGNED");
        ArrayNode versions = node.putArray("versions");
        project.versions().forEach(v -> versions.add(FieldValues.versionView(v, project, this)));
        node.putObject("roles");
        if (!cloud() || !expand.contains("insight")) {
            return node;
        }
        node.putObject("insight").put("totalIssueCount", state.issuesOf(project).size());
        return node;
    }

    /** A project of a list (GET project, project/search): the parts {@code expand} names are added. */
    ObjectNode project(SandboxProject project, List<String> expand) {
        ObjectNode node = project(project);
        if (expand.contains("description")) {
            node.put("description", project.description());
        }
        if (expand.contains("lead")) {
            node.set("lead", userRef(project.leadId()));
        }
        if (expand.contains("issueTypes")) {
            ArrayNode types = node.putArray("issueTypes");
            Catalog.ISSUE_TYPES.forEach(t -> types.add(issueType(t)));
        }
        return node;
    }

    ObjectNode resolution(Catalog.Resolution resolution) {
        return Json.object().put("self", api + "/resolution/" + resolution.id()).put("id", resolution.id())
                .put("description", resolution.description()).put("name", resolution.name());
    }

    ObjectNode issueType(Catalog.IssueType type) {
        ObjectNode node = Json.object().put("self", api + "/issuetype/" + type.id()).put("id", type.id())
                .put("description", type.description()).put("iconUrl", baseUrl + type.iconPath())
                .put("name", type.name()).put("subtask", false);
        if (cloud()) {
            node.put("hierarchyLevel", 0);
        }
        return node;
    }

    ObjectNode priority(Catalog.Priority priority) {
        ObjectNode node = Json.object().put("self", api + "/priority/" + priority.id())
                .put("statusColor", priority.statusColor()).put("description", priority.description())
                .put("iconUrl", baseUrl + priority.iconPath()).put("name", priority.name()).put("id", priority.id());
        if (cloud()) {
            node.put("isDefault", priority.id().equals(Catalog.DEFAULT_PRIORITY));
        }
        return node;
    }

    private ObjectNode priorityRef(Catalog.Priority priority) {
        return Json.object().put("self", api + "/priority/" + priority.id())
                .put("iconUrl", baseUrl + priority.iconPath()).put("name", priority.name()).put("id", priority.id());
    }

    ObjectNode status(Catalog.Status status) {
        ObjectNode node = Json.object().put("self", api + "/status/" + status.id()).put("description", status.description())
                .put("iconUrl", baseUrl + status.iconPath()).put("name", status.name()).put("id", status.id());
        node.putObject("statusCategory").put("self", api + "/statuscategory/" + status.categoryId())
                .put("id", status.categoryId()).put("key", status.categoryKey())
                .put("colorName", status.colorName()).put("name", status.categoryName());
        return node;
    }

    ObjectNode transition(Catalog.Transition transition) {
        ObjectNode node = Json.object().put("id", transition.id()).put("name", transition.name());
        node.set("to", status(Catalog.status(transition.toStatusId())));
        return node.put("hasScreen", false).put("isGlobal", true).put("isInitial", false)
                .put("isAvailable", true).put("isConditional", false);
    }

    ObjectNode field(Catalog.FieldDef field) {
        ObjectNode node = Json.object().put("id", field.id());
        if (cloud()) {
            node.put("key", field.id());
        }
        node.put("name", field.name()).put("custom", field.custom()).put("orderable", field.orderable())
                .put("navigable", field.navigable()).put("searchable", field.searchable());
        node.set("clauseNames", Json.array(field.clauseNames()));
        node.set("schema", field.schema().deepCopy());
        return node;
    }

    ObjectNode option(Catalog.SelectOption option) {
        return Json.object().put("self", api + "/customFieldOption/" + option.id()).put("value", option.value())
                .put("id", option.id());
    }

    /**
     * One field of a create screen. The new createmeta form carries "fieldId"; the old (Server &lt; 9) form keys
     * fields by id and omits it.
     */
    ObjectNode createMetaField(Catalog.ScreenField screenField, SandboxProject project, Catalog.IssueType type,
                               boolean withFieldId) {
        Catalog.FieldDef def = Catalog.field(screenField.fieldId()).orElseThrow();
        ObjectNode node = Json.object().put("required", screenField.required());
        node.set("schema", def.schema().deepCopy());
        node.put("name", def.name());
        if (withFieldId) {
            node.put("fieldId", def.id());
        }
        node.put("key", def.id());
        boolean hasDefault = def.id().equals("priority") || def.id().equals("reporter");
        if (def.id().equals("labels")) {
            node.put("autoCompleteUrl", baseUrl + "/rest/api/1.0/labels/suggest?query=");
        } else if (def.id().equals("assignee")) {
            node.put("autoCompleteUrl", api + "/user/assignable/search?project=" + project.key() + "&query=");
        } else if (def.id().equals("reporter")) {
            node.put("autoCompleteUrl", api + "/user/search?query=");
        }
        node.put("hasDefaultValue", hasDefault);
        node.set("operations", Json.array(def.operations()));
        ArrayNode allowed = null;
        switch (def.id()) {
            case "issuetype" -> (allowed = Json.array()).add(issueType(type));
            case "project" -> (allowed = Json.array()).add(projectRef(project));
            case "priority" -> {
                // the project's priority scheme, which may be a custom one (REQ: P1-P4)
                allowed = Json.array();
                project.priorities().stream().map(this::priority).forEach(allowed::add);
                node.set("defaultValue", priority(Catalog.priority(project.defaultPriorityId()).orElseThrow()));
            }
            default -> allowed = FieldValues.allowedValues(def.id(), project, this);
        }
        if (allowed != null) {
            node.set("allowedValues", allowed);
        }
        return node;
    }

    // ---- issues

    String issueSelf(SandboxIssue issue) {
        return api + "/issue/" + issue.id;
    }

    /** An issue with the selected fields and, when asked for, entity properties. */
    ObjectNode issue(SandboxIssue issue, FieldSelection fields, List<String> propertyKeys) {
        ObjectNode node = Json.object()
                .put("expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations")
                .put("id", String.valueOf(issue.id)).put("self", issueSelf(issue)).put("key", issue.key);
        ObjectNode values = node.putObject("fields");
        for (Catalog.FieldDef field : Catalog.FIELDS) {
            if (fields.includes(field)) {
                values.set(field.id(), fieldValue(issue, field.id()));
            }
        }
        if (!propertyKeys.isEmpty()) {
            ObjectNode properties = node.putObject("properties");
            issue.properties.forEach((key, value) -> {
                if (propertyKeys.contains("*all") || propertyKeys.contains(key)) {
                    properties.set(key, value.deepCopy());
                }
            });
        }
        return node;
    }

    private JsonNode fieldValue(SandboxIssue issue, String fieldId) {
        NullNode none = NullNode.getInstance();
        return switch (fieldId) {
            case "summary" -> TextNode.valueOf(issue.summary);
            case "description" -> richText(issue.description);
            case "issuetype" -> issueType(Catalog.issueType(issue.issueTypeId).orElseThrow());
            case "project" -> projectRef(issue.project);
            case "status" -> status(Catalog.status(issue.statusId));
            case "priority" -> issue.priorityId == null ? none : priorityRef(Catalog.priority(issue.priorityId).orElseThrow());
            case "labels" -> Json.array(issue.labels);
            case "assignee" -> issue.assigneeId == null ? none : userRef(issue.assigneeId);
            case "reporter" -> issue.reporterId == null ? none : userRef(issue.reporterId);
            case "creator" -> userRef(issue.creatorId);
            case "created" -> TextNode.valueOf(JiraTime.format(issue.created));
            case "updated" -> TextNode.valueOf(JiraTime.format(issue.updated));
            case "resolution" -> issue.resolutionDate == null ? none : resolution(Catalog.RESOLUTIONS.get(0));
            // no sub-task types, issue links, work logs or estimates in the sandbox: Jira's empty shapes
            case "subtasks", "issuelinks" -> Json.array();
            case "watches" -> Json.object().put("self", issueSelf(issue) + "/watchers")
                    .put("watchCount", issue.watchers.size())
                    .put("isWatching", viewerId != null && issue.watchers.contains(viewerId));
            case "worklog" -> {
                ObjectNode worklog = Json.object().put("startAt", 0).put("maxResults", 20).put("total", 0);
                worklog.putArray("worklogs");
                yield worklog;
            }
            case "timetracking" -> Json.object();
            case "resolutiondate" -> issue.resolutionDate == null ? none : TextNode.valueOf(JiraTime.format(issue.resolutionDate));
            case "comment" -> commentPage(issue, issue.comments, 0, issue.comments.size(), issue.comments.size());
            case "attachment" -> {
                ArrayNode attachments = Json.array();
                issue.attachments.forEach(a -> attachments.add(attachment(a)));
                yield attachments;
            }
            case Catalog.SPRINT_FIELD -> AgileEndpoints.sprintField(issue, state, this);
            default -> FieldValues.kind(fieldId).isPresent()
                    ? FieldValues.render(fieldId, issue.customFields.get(fieldId), issue, this) : none;
        };
    }

    /** Rich text as this REST version shows it: ADF on v3, a string on v2. */
    JsonNode richText(JsonNode stored) {
        JsonNode value = version.equals("3") ? Adf.forV3(stored) : Adf.forV2(stored);
        return value == null ? NullNode.getInstance() : value;
    }

    ObjectNode commentPage(SandboxIssue issue, List<SandboxComment> page, int startAt, int maxResults, int total) {
        ObjectNode node = Json.object();
        ArrayNode comments = node.putArray("comments");
        page.forEach(c -> comments.add(comment(issue, c)));
        node.put("self", issueSelf(issue) + "/comment");
        return node.put("maxResults", maxResults).put("total", total).put("startAt", startAt);
    }

    ObjectNode comment(SandboxIssue issue, SandboxComment comment) {
        ObjectNode node = Json.object().put("self", issueSelf(issue) + "/comment/" + comment.id())
                .put("id", String.valueOf(comment.id()));
        node.set("author", userRef(comment.authorId()));
        node.set("body", richText(comment.body()));
        node.set("updateAuthor", userRef(comment.authorId()));
        node.put("created", JiraTime.format(comment.created())).put("updated", JiraTime.format(comment.updated()));
        if (cloud()) {
            node.put("jsdPublic", true);
        }
        return node;
    }

    ObjectNode attachment(SandboxAttachment attachment) {
        ObjectNode node = Json.object().put("self", api + "/attachment/" + attachment.id())
                .put("id", String.valueOf(attachment.id())).put("filename", attachment.filename());
        node.set("author", userRef(attachment.authorId()));
        node.put("created", JiraTime.format(attachment.created())).put("size", attachment.content().length)
                .put("mimeType", attachment.mimeType());
        node.put("content", cloud()
                ? baseUrl + "/rest/api/3/attachment/content/" + attachment.id()
                : baseUrl + "/secure/attachment/" + attachment.id() + "/" + encode(attachment.filename()));
        return node;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
