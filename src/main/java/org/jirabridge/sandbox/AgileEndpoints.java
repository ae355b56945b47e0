package org.jirabridge.sandbox;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Jira Software's agile API (/rest/agile/1.0, both flavours): boards (filter projectKeyOrId), a board's sprints, a
 * sprint, a sprint's issues; and the Sprint field of issues (objects on Cloud, Greenhopper's strings on Server).
 */
final class AgileEndpoints {

    private static final String AGILE = "/rest/agile/1.0";

    private AgileEndpoints() {
    }

    static void register(Router router) {
        router.add("GET", AGILE + "/board", "2", false, AgileEndpoints::boards);
        router.add("GET", AGILE + "/board/{boardId}", "2", false, AgileEndpoints::board);
        router.add("GET", AGILE + "/board/{boardId}/sprint", "2", false, AgileEndpoints::sprints);
        router.add("GET", AGILE + "/sprint/{sprintId}", "2", false, AgileEndpoints::sprint);
        router.add("GET", AGILE + "/sprint/{sprintId}/issue", "2", false, AgileEndpoints::sprintIssues);
    }

    /** The Sprint field's value: null when the issue is in no sprint. */
    static JsonNode sprintField(SandboxIssue issue, SandboxState state, JiraViews views) {
        if (issue.sprintIds.isEmpty()) {
            return NullNode.getInstance();
        }
        ArrayNode list = Json.array();
        for (Long id : issue.sprintIds) {
            state.agile.sprint(id).ifPresent(s -> list.add(views.cloud() ? sprint(views, s) : TextNode.valueOf(
                    "com.atlassian.greenhopper.service.sprint.Sprint@" + Integer.toHexString(s.name().hashCode())
                            + "[id=" + s.id() + ",rapidViewId=" + s.boardId() + ",state=" + s.state().toUpperCase()
                            + ",name=" + s.name() + ",startDate=" + JiraTime.format(s.start()) + ",endDate="
                            + JiraTime.format(s.end()) + ",completeDate=" + (s.complete() == null ? "<null>"
                            : JiraTime.format(s.complete())) + ",sequence=" + s.id() + ",goal="
                            + (s.goal() == null ? "" : s.goal()) + "]")));
        }
        return list;
    }

    private static ObjectNode sprint(JiraViews views, SandboxAgile.Sprint sprint) {
        ObjectNode node = Json.object().put("id", sprint.id()).put("self", views.baseUrl() + AGILE + "/sprint/" + sprint.id())
                .put("state", sprint.state()).put("name", sprint.name());
        if (sprint.start() != null) {
            node.put("startDate", sprint.start().toString()).put("endDate", sprint.end().toString());
        }
        if (sprint.complete() != null) {
            node.put("completeDate", sprint.complete().toString());
        }
        node.put("originBoardId", sprint.boardId());
        if (sprint.goal() != null) {
            node.put("goal", sprint.goal());
        }
        return node;
    }

    private static ObjectNode boardView(JiraViews views, SandboxAgile.Board board) {
        ObjectNode node = Json.object().put("id", board.id()).put("self", views.baseUrl() + AGILE + "/board/" + board.id())
                .put("name", board.name()).put("type", board.type());
        node.putObject("location").put("projectId", Long.parseLong(board.project().id()))
                .put("displayName", board.project().name() + " (" + board.project().key() + ")")
                .put("projectName", board.project().name()).put("projectKey", board.project().key())
                .put("projectTypeKey", board.project().typeKey()).put("name", board.project().name());
        return node;
    }

    /** Jira's paged agile answer: maxResults, startAt, total, isLast and the page's values. */
    private static <T> ObjectNode page(Router.Call call, List<T> all, java.util.function.Function<T, JsonNode> view) {
        int startAt = Math.max(0, call.request().intParam("startAt", 0));
        int maxResults = Math.max(1, Math.min(50, call.request().intParam("maxResults", 50)));
        int end = Math.min(all.size(), startAt + maxResults);
        ObjectNode body = Json.object().put("maxResults", maxResults).put("startAt", startAt).put("total", all.size())
                .put("isLast", end >= all.size());
        ArrayNode values = body.putArray("values");
        if (startAt < all.size()) {
            all.subList(startAt, end).forEach(v -> values.add(view.apply(v)));
        }
        return body;
    }

    private static SandboxResponse boards(Router.Call call) {
        String project = call.request().param("projectKeyOrId");
        String type = call.request().param("type");
        List<SandboxAgile.Board> boards = call.state().agile.boards().stream()
                .filter(b -> call.state().access.canBrowse(b.project()))
                .filter(b -> project == null || b.project().key().equalsIgnoreCase(project) || b.project().id().equals(project))
                .filter(b -> type == null || b.type().equals(type)).toList();
        return SandboxResponse.json(200, page(call, boards, b -> boardView(call.views(), b)));
    }

    private static Optional<SandboxAgile.Board> boardOf(Router.Call call) {
        try {
            return call.state().agile.board(Long.parseLong(call.param("boardId")))
                    .filter(b -> call.state().access.canBrowse(b.project()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static SandboxResponse boardMissing(Router.Call call) {
        return SandboxResponse.errorMessage(404, "Board does not exist or you do not have permission to see it.");
    }

    private static SandboxResponse board(Router.Call call) {
        return boardOf(call).map(b -> SandboxResponse.json(200, boardView(call.views(), b)))
                .orElseGet(() -> boardMissing(call));
    }

    private static SandboxResponse sprints(Router.Call call) {
        Optional<SandboxAgile.Board> board = boardOf(call);
        if (board.isEmpty()) {
            return boardMissing(call);
        }
        List<String> states = call.request().params("state");
        List<SandboxAgile.Sprint> sprints = call.state().agile.sprintsOf(board.get().id()).stream()
                .filter(s -> states.isEmpty() || states.contains(s.state())).toList();
        return SandboxResponse.json(200, page(call, sprints, s -> sprint(call.views(), s)));
    }

    private static Optional<SandboxAgile.Sprint> sprintOf(Router.Call call) {
        try {
            return call.state().agile.sprint(Long.parseLong(call.param("sprintId")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static SandboxResponse sprint(Router.Call call) {
        return sprintOf(call).map(s -> SandboxResponse.json(200, sprint(call.views(), s)))
                .orElseGet(() -> SandboxResponse.errorMessage(404, "Sprint does not exist or you do not have permission to see it."));
    }

    private static SandboxResponse sprintIssues(Router.Call call) {
        Optional<SandboxAgile.Sprint> sprint = sprintOf(call);
        if (sprint.isEmpty()) {
            return SandboxResponse.errorMessage(404, "Sprint does not exist or you do not have permission to see it.");
        }
        long id = sprint.get().id();
        List<SandboxIssue> issues = call.state().issues().stream().filter(i -> i.sprintIds.contains(id))
                .filter(i -> call.state().access.canBrowse(i.project)).toList();
        int startAt = Math.max(0, call.request().intParam("startAt", 0));
        int maxResults = Math.max(1, Math.min(100, call.request().intParam("maxResults", 50)));
        FieldSelection fields = FieldSelection.parse(call.request().params("fields"), "*navigable");
        ObjectNode body = Json.object().put("expand", "schema,names").put("startAt", startAt).put("maxResults", maxResults)
                .put("total", issues.size());
        ArrayNode list = body.putArray("issues");
        issues.stream().skip(startAt).limit(maxResults).forEach(i -> list.add(call.views().issue(i, fields, List.of())));
        return SandboxResponse.json(200, body);
    }
}
