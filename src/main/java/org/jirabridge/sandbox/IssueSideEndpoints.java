package org.jirabridge.sandbox;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An issue's assignee, edit metadata and watchers: PUT assignee, GET editmeta, GET|POST|DELETE watchers. */
final class IssueSideEndpoints {

    private IssueSideEndpoints() {
    }

    static void register(Router router, SandboxState state) {
        for (String v : state.flavour().restVersions()) {
            String issue = "/rest/api/" + v + "/issue/{issueIdOrKey}";
            router.add("PUT", issue + "/assignee", v, false, IssueSideEndpoints::assign);
            router.add("GET", issue + "/editmeta", v, false, c -> withIssue(c, i -> SandboxResponse.json(200,
                    IssueExpansions.editMeta(i, c.views()))));
            router.add("GET", issue + "/watchers", v, false, c -> withIssue(c, i -> SandboxResponse.json(200, watchers(c, i))));
            router.add("POST", issue + "/watchers", v, false, IssueSideEndpoints::watch);
            router.add("DELETE", issue + "/watchers", v, false, IssueSideEndpoints::unwatch);
        }
    }

    private static SandboxResponse withIssue(Router.Call call, java.util.function.Function<SandboxIssue, SandboxResponse> then) {
        return call.state().issue(call.param("issueIdOrKey")).map(then)
                .orElseGet(() -> SandboxResponse.errorMessage(404, IssueEndpoints.ISSUE_NOT_FOUND));
    }

    /** Cloud: {"accountId": id | null | "-1"}; Server: {"name": username | null | "-1"}; -1 is the project default (nobody). */
    private static SandboxResponse assign(Router.Call call) {
        return withIssue(call, issue -> {
            JsonNode body = call.request().json();
            String field = call.views().cloud() ? "accountId" : "name";
            String ref = Json.text(body, field);
            if (ref == null && !(body.has(field) && body.get(field).isNull())) {
                return SandboxResponse.fieldErrors(java.util.Map.of("assignee", "Specify a valid value for assignee"));
            }
            String assignee = null;
            if (ref != null && !ref.equals("-1")) {
                Optional<SandboxUser> user = call.state().user(ref).filter(u -> call.state().users().contains(u));
                if (user.isEmpty() || !user.get().active()) {
                    return SandboxResponse.fieldErrors(java.util.Map.of("assignee", call.views().cloud()
                            ? "Specify a valid value for assignee" : "User '" + ref + "' does not exist."));
                }
                assignee = user.get().id(call.state().flavour());
            }
            IssueChangelog.Snapshot before = IssueChangelog.of(issue);
            issue.assigneeId = assignee;
            issue.updated = call.state().now();
            IssueEndpoints.announceChanges(call, issue, before, issue.comments.size(), "issue_assigned");
            return SandboxResponse.noContent();
        });
    }

    private static ObjectNode watchers(Router.Call call, SandboxIssue issue) {
        ObjectNode body = Json.object().put("self", call.views().issueSelf(issue) + "/watchers")
                .put("isWatching", call.user() != null && issue.watchers.contains(call.user().id(call.state().flavour())))
                .put("watchCount", issue.watchers.size());
        ArrayNode list = body.putArray("watchers");
        issue.watchers.forEach(id -> call.state().user(id).ifPresent(u -> list.add(call.views().userRef(u))));
        return body;
    }

    /** The body is a JSON string: the accountId (Cloud) or username (Server); no body: the caller. */
    private static SandboxResponse watch(Router.Call call) {
        return withIssue(call, issue -> {
            String ref;
            if (call.request().body().length == 0) {
                ref = call.user().id(call.state().flavour());
            } else {
                JsonNode body = call.request().json();
                if (!body.isTextual()) {
                    return SandboxResponse.errorMessage(400, "The request body must be the user's "
                            + (call.views().cloud() ? "accountId" : "username") + " as a JSON string.");
                }
                ref = body.asText();
            }
            return watcher(call, ref).map(user -> {
                issue.watchers.add(user.id(call.state().flavour()));
                return SandboxResponse.noContent();
            }).orElseGet(() -> unknownUser(ref));
        });
    }

    private static SandboxResponse unwatch(Router.Call call) {
        return withIssue(call, issue -> {
            String ref = call.views().cloud() ? call.request().param("accountId")
                    : Optional.ofNullable(call.request().param("username")).orElse(call.request().param("accountId"));
            if (ref == null) {
                return SandboxResponse.errorMessage(400, call.views().cloud() ? "accountId is required." : "username is required.");
            }
            return watcher(call, ref).map(user -> {
                issue.watchers.remove(user.id(call.state().flavour()));
                return SandboxResponse.noContent();
            }).orElseGet(() -> unknownUser(ref));
        });
    }

    private static Optional<SandboxUser> watcher(Router.Call call, String ref) {
        return call.state().user(ref).filter(u -> call.state().users().contains(u));
    }

    private static SandboxResponse unknownUser(String ref) {
        return SandboxResponse.errorMessage(404, "The user \"" + ref + "\" does not exist.");
    }
}
