package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue changelogs as Jira serves them: {@code expand=changelog} on get issue and search (Cloud embeds at most the
 * latest 100 histories with the true total, Server all of them), Cloud's paged {@code GET /issue/{key}/changelog}
 * and Cloud's {@code POST /changelog/bulkfetch} (up to 1,000 issues, paged by nextPageToken).
 */
final class ChangelogEndpoints {

    /** Cloud embeds at most this many histories in an issue; the rest must be paged. */
    static final int EMBEDDED_CAP = 100;
    private static final int BULK_MAX_ISSUES = 1000;
    private static final int BULK_DEFAULT_RESULTS = 1000;
    private static final int BULK_MAX_RESULTS = 10000;

    private ChangelogEndpoints() {
    }

    static void register(Router router, SandboxState state) {
        if (state.flavour() != Flavour.CLOUD) {
            // Server and Data Center have neither: their expand=changelog is complete
            return;
        }
        for (String v : state.flavour().restVersions()) {
            router.add("GET", "/rest/api/" + v + "/issue/{issueIdOrKey}/changelog", v, false, ChangelogEndpoints::page);
            router.add("POST", "/rest/api/" + v + "/changelog/bulkfetch", v, false, ChangelogEndpoints::bulkFetch);
        }
    }

    /** Records the items of one REST change as a history of the issue. */
    static void record(SandboxState state, SandboxIssue issue, SandboxUser author, ArrayNode items) {
        List<SandboxHistory.Item> list = new ArrayList<>();
        for (JsonNode item : items) {
            list.add(new SandboxHistory.Item(Json.text(item, "field"), Json.text(item, "fieldtype"),
                    Json.text(item, "fieldId"), Json.text(item, "from"), Json.text(item, "fromString"),
                    Json.text(item, "to"), Json.text(item, "toString")));
        }
        issue.histories.add(new SandboxHistory(state.nextHistoryId(), author == null ? null : author.id(state.flavour()),
                issue.updated, List.copyOf(list)));
    }

    /** The issues of a search result the caller may browse. */
    static List<SandboxIssue> visible(Router.Call call, List<SandboxIssue> found) {
        return found.stream().filter(i -> call.state().access.canBrowse(i.project)).toList();
    }

    /** Adds the changelog to an issue when the request asked for expand=changelog; returns the issue node. */
    static ObjectNode expand(Router.Call call, ObjectNode node, SandboxIssue issue) {
        if (!wantsChangelog(call.request())) {
            return node;
        }
        List<SandboxHistory> all = issue.histories;
        int from = call.views().cloud() ? Math.max(0, all.size() - EMBEDDED_CAP) : 0;
        ObjectNode changelog = node.putObject("changelog").put("startAt", from)
                .put("maxResults", all.size() - from).put("total", all.size());
        ArrayNode histories = changelog.putArray("histories");
        all.subList(from, all.size()).forEach(h -> histories.add(history(call.views(), h)));
        return node;
    }

    private static boolean wantsChangelog(SandboxRequest request) {
        List<String> expand = new ArrayList<>(request.params("expand"));
        if (request.method().equals("POST") && request.body().length > 0) {
            JsonNode value = request.json().get("expand");
            if (value != null && value.isArray()) {
                value.forEach(v -> expand.add(v.asText()));
            } else if (value != null) {
                expand.addAll(List.of(value.asText().split(",")));
            }
        }
        return expand.stream().anyMatch(e -> e.trim().equals("changelog"));
    }

    static ObjectNode history(JiraViews views, SandboxHistory history) {
        ObjectNode node = Json.object().put("id", String.valueOf(history.id()));
        if (history.authorId() != null) {
            node.set("author", views.userRef(history.authorId()));
        }
        node.put("created", JiraTime.format(history.created()));
        ArrayNode items = node.putArray("items");
        for (SandboxHistory.Item item : history.items()) {
            ObjectNode i = items.addObject().put("field", item.field()).put("fieldtype", item.fieldtype());
            if (views.cloud() && item.fieldId() != null) {
                i.put("fieldId", item.fieldId());
            }
            i.put("from", item.from()).put("fromString", item.fromText()).put("to", item.to())
                    .put("toString", item.toText());
        }
        return node;
    }

    private static SandboxResponse page(Router.Call call) {
        Optional<SandboxIssue> found = call.state().issue(call.param("issueIdOrKey"))
                .filter(i -> call.state().access.canBrowse(i.project));
        if (found.isEmpty()) {
            return SandboxResponse.errorMessage(404, IssueEndpoints.ISSUE_NOT_FOUND);
        }
        int startAt = Math.max(0, call.request().intParam("startAt", 0));
        int maxResults = Math.max(1, Math.min(100, call.request().intParam("maxResults", 100)));
        List<SandboxHistory> all = found.get().histories;
        int end = Math.min(all.size(), startAt + maxResults);
        String self = call.views().issueSelf(found.get()) + "/changelog";
        ObjectNode body = Json.object().put("self", self + "?maxResults=" + maxResults + "&startAt=" + startAt);
        if (end < all.size()) {
            body.put("nextPage", self + "?maxResults=" + maxResults + "&startAt=" + end);
        }
        body.put("maxResults", maxResults).put("startAt", startAt).put("total", all.size()).put("isLast", end >= all.size());
        ArrayNode values = body.putArray("values");
        if (startAt < all.size()) {
            all.subList(startAt, end).forEach(h -> values.add(history(call.views(), h)));
        }
        return SandboxResponse.json(200, body);
    }

    /** Histories of many issues, in the order of the request, paged across issues by a token holding the position. */
    private static SandboxResponse bulkFetch(Router.Call call) {
        JsonNode request = call.request().json();
        List<String> ids = Json.strings(request.get("issueIdsOrKeys"));
        if (ids.isEmpty() || ids.size() > BULK_MAX_ISSUES) {
            return SandboxResponse.errorMessage(400, "issueIdsOrKeys must name between 1 and " + BULK_MAX_ISSUES + " issues.");
        }
        List<String> fieldIds = Json.strings(request.get("fieldIds"));
        int maxResults = request.path("maxResults").asInt(BULK_DEFAULT_RESULTS);
        if (maxResults < 1 || maxResults > BULK_MAX_RESULTS) {
            return SandboxResponse.errorMessage(400, "maxResults must be between 1 and " + BULK_MAX_RESULTS + ".");
        }
        int issueIndex = 0;
        int historyIndex = 0;
        String token = Json.text(request, "nextPageToken");
        if (token != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
                issueIndex = Integer.parseInt(parts[0]);
                historyIndex = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                return SandboxResponse.errorMessage(400, "The provided next page token is invalid or expired.");
            }
        }
        ObjectNode body = Json.object();
        ArrayNode logs = body.putArray("issueChangeLogs");
        int budget = maxResults;
        for (; issueIndex < ids.size() && budget > 0; issueIndex++, historyIndex = 0) {
            Optional<SandboxIssue> issue = call.state().issue(ids.get(issueIndex))
                    .filter(i -> call.state().access.canBrowse(i.project));
            if (issue.isEmpty()) {
                continue;
            }
            List<SandboxHistory> histories = issue.get().histories;
            ArrayNode changes = Json.array();
            for (; historyIndex < histories.size() && budget > 0; historyIndex++) {
                SandboxHistory history = histories.get(historyIndex);
                if (fieldIds.isEmpty() || history.items().stream().anyMatch(i -> fieldIds.contains(i.fieldId()))) {
                    changes.add(history(call.views(), history));
                    budget--;
                }
            }
            if (!changes.isEmpty()) {
                ObjectNode log = logs.addObject().put("issueId", String.valueOf(issue.get().id));
                log.set("changeHistories", changes);
            }
            if (historyIndex < histories.size()) {
                break;
            }
        }
        if (issueIndex < ids.size()) {
            String next = issueIndex + ":" + historyIndex;
            body.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
        }
        return SandboxResponse.json(200, body);
    }
}
