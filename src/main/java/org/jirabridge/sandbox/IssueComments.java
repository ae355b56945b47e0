package org.jirabridge.sandbox;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** One comment of an issue: GET, PUT (edit the body) and DELETE /issue/{issueIdOrKey}/comment/{id}. */
final class IssueComments {

    private IssueComments() {
    }

    /** An issue's comment by id, or the 404 Jira answers. */
    private record Found(SandboxIssue issue, SandboxComment comment, int index, SandboxResponse failure) {
    }

    private static Found find(Router.Call call) {
        Optional<SandboxIssue> issue = call.state().issue(call.param("issueIdOrKey"));
        if (issue.isEmpty()) {
            return new Found(null, null, -1, SandboxResponse.errorMessage(404, IssueEndpoints.ISSUE_NOT_FOUND));
        }
        String id = call.param("id");
        for (int i = 0; i < issue.get().comments.size(); i++) {
            SandboxComment comment = issue.get().comments.get(i);
            if (String.valueOf(comment.id()).equals(id)) {
                return new Found(issue.get(), comment, i, null);
            }
        }
        return new Found(issue.get(), null, -1,
                SandboxResponse.errorMessage(404, "Can not find a comment for the id: " + id + "."));
    }

    static SandboxResponse get(Router.Call call) {
        Found found = find(call);
        return found.failure() != null ? found.failure()
                : SandboxResponse.json(200, call.views().comment(found.issue(), found.comment()));
    }

    static SandboxResponse update(Router.Call call) {
        Found found = find(call);
        if (found.failure() != null) {
            return found.failure();
        }
        IssueEditor.Changes changes = new IssueEditor.Changes();
        Optional<JsonNode> body = call.editor().commentBody(call.request().json().get("body"), changes, "comment");
        if (body.isEmpty()) {
            return changes.failure();
        }
        SandboxIssue issue = found.issue();
        issue.updated = call.state().now();
        SandboxComment edited = new SandboxComment(found.comment().id(), found.comment().authorId(), body.get(),
                found.comment().created(), issue.updated);
        issue.comments.set(found.index(), edited);
        IssueEndpoints.announce(call, WebhookEvent.COMMENT_UPDATED, null, issue, null, edited);
        IssueEndpoints.announce(call, WebhookEvent.ISSUE_UPDATED, "issue_comment_edited", issue, null, edited);
        return SandboxResponse.json(200, call.views().comment(issue, edited));
    }

    static SandboxResponse delete(Router.Call call) {
        Found found = find(call);
        if (found.failure() != null) {
            return found.failure();
        }
        SandboxIssue issue = found.issue();
        issue.comments.remove(found.index());
        issue.updated = call.state().now();
        IssueEndpoints.announce(call, WebhookEvent.COMMENT_DELETED, null, issue, null, found.comment());
        IssueEndpoints.announce(call, WebhookEvent.ISSUE_UPDATED, "issue_comment_deleted", issue, null,
                found.comment());
        return SandboxResponse.noContent();
    }
}
