package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Issues: create, read, edit, delete, comments, transitions, attachments and entity properties. */
final class IssueEndpoints {

    static final String ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it.";
    static final String XSRF_FAILED = "XSRF check failed";

    private IssueEndpoints() {
    }

    static void register(Router router, SandboxState state) {
        for (String v : state.flavour().restVersions()) {
            String issue = "/rest/api/" + v + "/issue";
            router.add("POST", issue, v, false, IssueEndpoints::create);
            router.add("GET", issue + "/{issueIdOrKey}", v, false, IssueEndpoints::get);
            router.add("PUT", issue + "/{issueIdOrKey}", v, false, IssueEndpoints::edit);
            router.add("DELETE", issue + "/{issueIdOrKey}", v, false, IssueEndpoints::delete);
            router.add("GET", issue + "/{issueIdOrKey}/comment", v, false, IssueEndpoints::comments);
            router.add("POST", issue + "/{issueIdOrKey}/comment", v, false, IssueEndpoints::addComment);
            router.add("GET", issue + "/{issueIdOrKey}/comment/{id}", v, false, IssueComments::get);
            router.add("PUT", issue + "/{issueIdOrKey}/comment/{id}", v, false, IssueComments::update);
            router.add("DELETE", issue + "/{issueIdOrKey}/comment/{id}", v, false, IssueComments::delete);
            router.add("GET", issue + "/{issueIdOrKey}/transitions", v, false, IssueEndpoints::transitions);
            router.add("POST", issue + "/{issueIdOrKey}/transitions", v, false, IssueEndpoints::transition);
            router.add("POST", issue + "/{issueIdOrKey}/attachments", v, false, IssueEndpoints::attach);
            router.add("GET", issue + "/{issueIdOrKey}/properties", v, false, IssueEndpoints::propertyKeys);
            router.add("GET", issue + "/{issueIdOrKey}/properties/{propertyKey}", v, false, IssueEndpoints::property);
            router.add("PUT", issue + "/{issueIdOrKey}/properties/{propertyKey}", v, false, IssueEndpoints::setProperty);
            router.add("DELETE", issue + "/{issueIdOrKey}/properties/{propertyKey}", v, false, IssueEndpoints::deleteProperty);
        }
    }

    private static SandboxResponse notFound() {
        return SandboxResponse.errorMessage(404, ISSUE_NOT_FOUND);
    }

    private static Optional<SandboxIssue> issue(Router.Call call) {
        return call.state().issue(call.param("issueIdOrKey"));
    }

    private static SandboxResponse create(Router.Call call) {
        JsonNode body = call.request().json();
        JsonNode fields = body.path("fields");
        JsonNode projectRef = fields.path("project");
        Optional<SandboxProject> project = Optional.ofNullable(Json.text(projectRef, "id"))
                .or(() -> Optional.ofNullable(Json.text(projectRef, "key")))
                .flatMap(call.state()::project);
        JsonNode typeRef = fields.path("issuetype");
        Optional<Catalog.IssueType> type = Optional.ofNullable(Json.text(typeRef, "id")).flatMap(Catalog::issueType)
                .or(() -> Json.text(typeRef, "id") == null
                        ? Optional.ofNullable(Json.text(typeRef, "name")).flatMap(Catalog::issueTypeNamed)
                        : Optional.empty());
        IssueEditor.Changes changes = call.editor().validateCreate(body, project, type);
        if (changes.failed()) {
            return changes.failure();
        }
        SandboxIssue issue = call.editor().create(project.get(), type.get(), changes, call.user());
        announce(call, WebhookEvent.ISSUE_CREATED, "issue_created", issue, null, null);
        ObjectNode created = Json.object().put("id", String.valueOf(issue.id)).put("key", issue.key)
                .put("self", call.views().issueSelf(issue));
        return SandboxResponse.json(201, created);
    }

    private static SandboxResponse get(Router.Call call) {
        return issue(call).filter(i -> call.state().access.canBrowse(i.project)).map(issue -> {
            FieldSelection fields = FieldSelection.parse(call.request().params("fields"), "*all");
            ObjectNode node = call.views().issue(issue, fields, call.request().params("properties"));
            IssueExpansions.apply(node, issue, fields, call.request().params("expand"), call.views());
            ChangelogEndpoints.expand(call, node, issue);
            return SandboxResponse.json(200, node);
        }).orElseGet(IssueEndpoints::notFound);
    }

    private static SandboxResponse edit(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        IssueEditor.Changes changes = call.editor().validateEdit(found.get(), call.request().json());
        if (changes.failed()) {
            return changes.failure();
        }
        IssueChangelog.Snapshot before = IssueChangelog.of(found.get());
        int commentsBefore = found.get().comments.size();
        call.editor().apply(found.get(), changes, call.user());
        announceChanges(call, found.get(), before, commentsBefore, "issue_updated");
        // only Cloud knows returnIssue; Server always answers 204
        if (call.views().cloud() && "true".equalsIgnoreCase(call.request().param("returnIssue"))) {
            return SandboxResponse.json(200, call.views().issue(found.get(), FieldSelection.parse(List.of(), "*all"), List.of()));
        }
        return SandboxResponse.noContent();
    }

    private static SandboxResponse delete(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        announce(call, WebhookEvent.ISSUE_DELETED, "issue_deleted", found.get(), null, null);
        call.state().deleteIssue(found.get());
        return SandboxResponse.noContent();
    }

    private static SandboxResponse comments(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        SandboxRequest request = call.request();
        int startAt = Math.max(0, request.intParam("startAt", 0));
        int maxResults = Math.max(0, request.intParam("maxResults", 5000));
        String orderBy = Optional.ofNullable(request.param("orderBy")).orElse("created").trim();
        List<SandboxComment> all = new ArrayList<>(found.get().comments);
        Comparator<SandboxComment> byCreated = Comparator.comparing(SandboxComment::created).thenComparingLong(SandboxComment::id);
        all.sort(orderBy.startsWith("-") ? byCreated.reversed() : byCreated);
        int end = Math.min(all.size(), startAt + maxResults);
        List<SandboxComment> page = startAt < all.size() ? all.subList(startAt, end) : List.of();
        ObjectNode body = call.views().commentPage(found.get(), page, startAt, maxResults, all.size());
        body.remove("self");
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse addComment(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        IssueEditor.Changes changes = new IssueEditor.Changes();
        Optional<JsonNode> body = call.editor().commentBody(call.request().json().get("body"), changes, "comment");
        if (body.isEmpty()) {
            return changes.failure();
        }
        SandboxIssue issue = found.get();
        issue.updated = call.state().now();
        SandboxComment comment = new SandboxComment(call.state().nextCommentId(), call.user().id(call.state().flavour()),
                body.get(), issue.updated, issue.updated);
        issue.comments.add(comment);
        announce(call, WebhookEvent.COMMENT_CREATED, null, issue, null, comment);
        announce(call, WebhookEvent.ISSUE_UPDATED, "issue_commented", issue, null, comment);
        return SandboxResponse.json(201, call.views().comment(issue, comment));
    }

    private static SandboxResponse transitions(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        ObjectNode body = Json.object().put("expand", "transitions");
        body.set("transitions", IssueExpansions.transitions(found.get(), call.views(),
                call.request().params("expand").contains("transitions.fields"), call.request().param("transitionId")));
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse transition(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        SandboxIssue issue = found.get();
        JsonNode body = call.request().json();
        String id = Json.text(body.path("transition"), "id");
        if (id == null) {
            return SandboxResponse.errorMessage(400, "Missing 'transition' identifier");
        }
        Optional<Catalog.Transition> transition = Catalog.TRANSITIONS.stream()
                .filter(t -> t.id().equals(id) && !t.toStatusId().equals(issue.statusId)).findFirst();
        if (transition.isEmpty()) {
            return SandboxResponse.errorMessage(400, "Transition id '" + id + "' is not valid for this issue.");
        }
        IssueEditor.Changes changes = call.editor().validateTransition(body);
        if (changes.failed()) {
            return changes.failure();
        }
        IssueChangelog.Snapshot before = IssueChangelog.of(issue);
        int commentsBefore = issue.comments.size();
        call.editor().apply(issue, changes, call.user());
        issue.statusId = transition.get().toStatusId();
        // the simplified workflow resolves an issue when it reaches Done and unresolves it when it leaves
        issue.resolutionDate = issue.statusId.equals(Catalog.DONE) ? issue.updated : null;
        announceChanges(call, issue, before, commentsBefore, "issue_generic");
        return SandboxResponse.noContent();
    }

    // ---- webhooks: every change made through the REST API is announced, as Jira does

    static void announce(Router.Call call, String event, String typeName, SandboxIssue issue,
                         com.fasterxml.jackson.databind.node.ArrayNode changelog, SandboxComment comment) {
        java.time.Instant at = event.equals(WebhookEvent.ISSUE_DELETED) ? call.state().now() : issue.updated;
        call.state().webhooks().publish(new WebhookEvent(event, typeName, issue, call.user(), changelog, comment, at),
                call.state(), call.views().baseUrl());
    }

    /** An edit or transition: jira:issue_updated with its changelog, and comment_created per comment it added. */
    static void announceChanges(Router.Call call, SandboxIssue issue, IssueChangelog.Snapshot before,
                                        int commentsBefore, String typeName) {
        com.fasterxml.jackson.databind.node.ArrayNode items = IssueChangelog.items(before, issue, call.state());
        if (!items.isEmpty()) {
            ChangelogEndpoints.record(call.state(), issue, call.user(), items);
            announce(call, WebhookEvent.ISSUE_UPDATED, typeName, issue, items, null);
        }
        for (SandboxComment added : issue.comments.subList(commentsBefore, issue.comments.size())) {
            announce(call, WebhookEvent.COMMENT_CREATED, null, issue, null, added);
        }
    }

    private static SandboxResponse attach(Router.Call call) {
        SandboxRequest request = call.request();
        String token = Optional.ofNullable(request.header("X-Atlassian-Token")).orElse("").toLowerCase(Locale.ROOT);
        if (!token.equals("no-check") && !token.equals("nocheck")) {
            return SandboxResponse.text(403, "text/plain;charset=UTF-8", XSRF_FAILED);
        }
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        List<Multipart.Part> parts;
        try {
            parts = Multipart.parse(request.header("Content-Type"), request.body());
        } catch (IllegalArgumentException e) {
            return SandboxResponse.errorMessage(415, "Unsupported Media Type: attachments must be sent as multipart/form-data.");
        }
        List<Multipart.Part> files = parts.stream().filter(p -> "file".equals(p.name()) && p.filename() != null).toList();
        if (files.isEmpty()) {
            return SandboxResponse.errorMessage(400, "No attachment was found in the request: send the file as a part named 'file'.");
        }
        long limit = call.state().attachmentMaxBytes();
        for (Multipart.Part file : files) {
            if (file.content().length > limit) {
                // Jira refuses the whole request when a file is above the site's attachment size limit
                return SandboxResponse.errorMessage(413, "The file '" + file.filename() + "' is too large to attach: "
                        + file.content().length + " bytes; the limit is " + limit + " bytes.");
            }
        }
        SandboxIssue issue = found.get();
        issue.updated = call.state().now();
        ArrayNode created = Json.array();
        for (Multipart.Part file : files) {
            SandboxAttachment attachment = new SandboxAttachment(call.state().nextAttachmentId(), file.filename(),
                    file.contentType() == null ? "application/octet-stream" : file.contentType(), file.content(),
                    call.user().id(call.state().flavour()), issue.updated);
            issue.attachments.add(attachment);
            created.add(call.views().attachment(attachment));
        }
        return SandboxResponse.json(200, created);
    }

    private static SandboxResponse propertyKeys(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        ObjectNode body = Json.object();
        ArrayNode keys = body.putArray("keys");
        found.get().properties.keySet().forEach(key -> keys.addObject()
                .put("self", call.views().issueSelf(found.get()) + "/properties/" + key).put("key", key));
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse property(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        String key = call.param("propertyKey");
        JsonNode value = found.get().properties.get(key);
        if (value == null) {
            return SandboxResponse.errorMessage(404, "The property with key '" + key + "' does not exist.");
        }
        ObjectNode body = Json.object().put("key", key);
        body.set("value", value.deepCopy());
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse setProperty(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        String key = call.param("propertyKey");
        if (key.length() > 255) {
            return SandboxResponse.errorMessage(400, "The property key must be between 1 and 255 characters long.");
        }
        boolean existed = found.get().properties.containsKey(key);
        found.get().properties.put(key, call.request().json().deepCopy());
        return existed ? SandboxResponse.json(200, Json.object()) : SandboxResponse.json(201, Json.object());
    }

    private static SandboxResponse deleteProperty(Router.Call call) {
        Optional<SandboxIssue> found = issue(call);
        if (found.isEmpty()) {
            return notFound();
        }
        String key = call.param("propertyKey");
        if (found.get().properties.remove(key) == null) {
            return SandboxResponse.errorMessage(404, "The property with key '" + key + "' does not exist.");
        }
        return SandboxResponse.noContent();
    }
}
