package org.jirabridge.sandbox;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The {@code expand} parts of an issue (GET issue, search, both REST versions): {@code names}, {@code schema},
 * {@code renderedFields}, {@code transitions} (with {@code transitions.fields}), {@code editmeta} and
 * {@code operations}. {@code changelog} belongs to the issue's history and is added where that is kept.
 */
final class IssueExpansions {

    private static final DateTimeFormatter RENDERED_TIME = DateTimeFormatter.ofPattern("dd/MMM/yy h:mm a", Locale.ENGLISH)
            .withZone(JiraTime.ZONE);
    private static final DateTimeFormatter RENDERED_DATE = DateTimeFormatter.ofPattern("dd/MMM/yy", Locale.ENGLISH);

    private IssueExpansions() {
    }

    /** Adds the parts {@code expand} asks for to an issue rendered with {@code fields}. */
    static void apply(ObjectNode node, SandboxIssue issue, FieldSelection fields, List<String> expand, JiraViews views) {
        if (expand.contains("renderedFields")) {
            node.set("renderedFields", renderedFields(issue, fields, views));
        }
        if (expand.contains("names")) {
            node.set("names", names(fields));
        }
        if (expand.contains("schema")) {
            node.set("schema", schema(fields));
        }
        if (expand.contains("transitions") || expand.contains("transitions.fields")) {
            node.set("transitions", transitions(issue, views, expand.contains("transitions.fields"), null));
        }
        if (expand.contains("operations")) {
            node.set("operations", operations(issue, views));
        }
        if (expand.contains("editmeta")) {
            node.set("editmeta", editMeta(issue, views));
        }
    }

    /** A search's expand: the parameter (GET), or the body's string (Cloud POST) or array (Server POST). */
    static List<String> searchExpand(SandboxRequest request) {
        if (!request.method().equals("POST")) {
            return request.params("expand");
        }
        JsonNode expand = request.json().get("expand");
        if (expand == null || expand.isNull()) {
            return List.of();
        }
        List<String> values = new java.util.ArrayList<>();
        (expand.isArray() ? Json.strings(expand) : List.of(expand.asText().split(","))).forEach(v -> {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        });
        return values;
    }

    /** One issue of a search page: names and schema go once at the page's top instead ({@link #topLevel}). */
    static ObjectNode forSearch(ObjectNode node, SandboxIssue issue, FieldSelection fields, List<String> expand,
                                JiraViews views) {
        apply(node, issue, fields, expand.stream().filter(e -> !e.equals("names") && !e.equals("schema")).toList(), views);
        return node;
    }

    /** A search page's names and schema, when asked for. */
    static void topLevel(ObjectNode page, FieldSelection fields, List<String> expand) {
        if (expand.contains("names")) {
            page.set("names", names(fields));
        }
        if (expand.contains("schema")) {
            page.set("schema", schema(fields));
        }
    }

    /** Field id to display name of the selected fields (search answers carry it once, at the top). */
    static ObjectNode names(FieldSelection fields) {
        ObjectNode names = Json.object();
        Catalog.FIELDS.stream().filter(fields::includes).forEach(f -> names.put(f.id(), f.name()));
        return names;
    }

    /** Field id to JsonTypeBean of the selected fields. */
    static ObjectNode schema(FieldSelection fields) {
        ObjectNode schema = Json.object();
        Catalog.FIELDS.stream().filter(fields::includes).forEach(f -> schema.set(f.id(), f.schema().deepCopy()));
        return schema;
    }

    /** The transitions available from the issue's status; each with its (empty) screen fields when asked. */
    static ArrayNode transitions(SandboxIssue issue, JiraViews views, boolean withFields, String onlyId) {
        ArrayNode list = Json.array();
        for (Catalog.Transition transition : Catalog.TRANSITIONS) {
            if (!transition.toStatusId().equals(issue.statusId) && (onlyId == null || onlyId.equals(transition.id()))) {
                ObjectNode node = views.transition(transition);
                if (withFields) {
                    // the sandbox's transitions have no screen: no fields to fill in
                    node.putObject("fields");
                }
                list.add(node);
            }
        }
        return list;
    }

    /** GET issue/{key}/editmeta and expand=editmeta: the edit screen's fields with their operations and values. */
    static ObjectNode editMeta(SandboxIssue issue, JiraViews views) {
        ObjectNode fields = Json.object();
        Catalog.IssueType type = Catalog.issueType(issue.issueTypeId).orElseThrow();
        for (Catalog.ScreenField field : Catalog.createScreen(issue.project, issue.issueTypeId)) {
            if (Catalog.onEditScreen(issue.project, issue.issueTypeId, field.fieldId())) {
                ObjectNode meta = views.createMetaField(field, issue.project, type, false);
                // editmeta never carries create defaults
                meta.remove("hasDefaultValue");
                meta.remove("defaultValue");
                fields.set(field.fieldId(), meta);
            }
        }
        ObjectNode comment = Json.object().put("required", false);
        comment.set("schema", Catalog.field("comment").orElseThrow().schema().deepCopy());
        comment.put("name", "Comment").put("key", "comment");
        comment.set("operations", Json.array(List.of("add", "edit", "remove")));
        fields.set("comment", comment);
        ObjectNode editMeta = Json.object();
        editMeta.set("fields", fields);
        return editMeta;
    }

    /** The issue's operations bar: edit, comment and one link per available transition. */
    static ObjectNode operations(SandboxIssue issue, JiraViews views) {
        ObjectNode operations = Json.object();
        ArrayNode groups = operations.putArray("linkGroups");
        ObjectNode opsbar = groups.addObject().put("id", "view.issue.opsbar");
        opsbar.putArray("links");
        ArrayNode opsGroups = opsbar.putArray("groups");
        ObjectNode edit = opsGroups.addObject().put("id", "edit-issue_container").put("weight", 1);
        edit.putArray("groups");
        ArrayNode editLinks = edit.putArray("links");
        editLinks.addObject().put("id", "edit-issue").put("styleClass", "issueaction-edit-issue").put("label", "Edit")
                .put("title", "Edit this issue").put("href", views.baseUrl() + "/secure/EditIssue!default.jspa?id=" + issue.id)
                .put("weight", 1);
        editLinks.addObject().put("id", "comment-issue").put("styleClass", "issueaction-comment-issue").put("label", "Comment")
                .put("title", "Comment on this issue").put("href", views.baseUrl() + "/secure/AddComment!default.jspa?id=" + issue.id)
                .put("weight", 10);
        ObjectNode workflow = opsGroups.addObject().put("id", "transitions-all").put("weight", 20);
        workflow.putArray("groups");
        ArrayNode transitionLinks = workflow.putArray("links");
        int weight = 10;
        for (Catalog.Transition transition : Catalog.TRANSITIONS) {
            if (!transition.toStatusId().equals(issue.statusId)) {
                transitionLinks.addObject().put("id", "action_id_" + transition.id()).put("styleClass", "issueaction-workflow-transition")
                        .put("label", transition.name()).put("title", transition.name())
                        .put("href", views.baseUrl() + "/secure/WorkflowUIDispatcher.jspa?id=" + issue.id + "&action=" + transition.id())
                        .put("weight", weight);
                weight += 10;
            }
        }
        return operations;
    }

    /** The selected fields as HTML (rich text) or display strings (dates); fields without a rendering are null. */
    static ObjectNode renderedFields(SandboxIssue issue, FieldSelection fields, JiraViews views) {
        ObjectNode rendered = Json.object();
        for (Catalog.FieldDef field : Catalog.FIELDS) {
            if (fields.includes(field)) {
                rendered.set(field.id(), rendered(issue, field.id(), views));
            }
        }
        return rendered;
    }

    private static JsonNode rendered(SandboxIssue issue, String fieldId, JiraViews views) {
        NullNode none = NullNode.getInstance();
        return switch (fieldId) {
            case "description" -> html(issue.description);
            case "created" -> TextNode.valueOf(RENDERED_TIME.format(issue.created));
            case "updated" -> TextNode.valueOf(RENDERED_TIME.format(issue.updated));
            case "resolutiondate" -> issue.resolutionDate == null ? none : TextNode.valueOf(RENDERED_TIME.format(issue.resolutionDate));
            case "duedate" -> issue.customFields.get("duedate") == null ? none : TextNode.valueOf(
                    RENDERED_DATE.format(java.time.LocalDate.parse(issue.customFields.get("duedate").asText())));
            case "comment" -> {
                ObjectNode page = views.commentPage(issue, issue.comments, 0, issue.comments.size(), issue.comments.size());
                for (JsonNode comment : page.withArray("comments")) {
                    SandboxComment stored = issue.comments.stream()
                            .filter(c -> String.valueOf(c.id()).equals(comment.path("id").asText())).findFirst().orElseThrow();
                    ((ObjectNode) comment).set("body", html(stored.body()));
                    ((ObjectNode) comment).put("created", RENDERED_TIME.format(stored.created()))
                            .put("updated", RENDERED_TIME.format(stored.updated()));
                }
                yield page;
            }
            default -> FieldValues.kind(fieldId).filter(k -> k == FieldValues.Kind.TEXTAREA).isPresent()
                    ? html(issue.customFields.get(fieldId)) : none;
        };
    }

    /** Rich text as Jira renders it: paragraphs, line breaks as br, everything escaped. */
    static JsonNode html(JsonNode stored) {
        if (stored == null || stored.isNull()) {
            return NullNode.getInstance();
        }
        String text = stored.isTextual() ? stored.asText() : Adf.toText(stored);
        StringBuilder html = new StringBuilder();
        for (String block : text.split("\\r?\\n\\s*\\r?\\n")) {
            if (!block.isBlank()) {
                html.append("<p>").append(escape(block).replaceAll("\\r?\\n", "<br/>\n")).append("</p>");
            }
        }
        return TextNode.valueOf(html.toString());
    }

    /** HTML escaping of text and attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
