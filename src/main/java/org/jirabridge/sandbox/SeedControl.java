package org.jirabridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Control calls for the data an importer reads (no authentication, like the rest of /_sandbox/):
 * <ul>
 *   <li>{@code POST /_sandbox/seed/bulk}: a project of N issues with comments, transitions (changelog), labels and
 *   sprints, made in memory without REST round trips. Body: {@code {"project":"BIG","name":"Big","type":"software",
 *   "issues":50000,"commentsPerIssue":4,"transitionsPerIssue":3,"labels":["api","ui"],"sprints":10,"users":5,
 *   "from":"2026-01-01T00:00:00.000+0000","minutesApart":1}}. Answer: counts and the time it took.</li>
 *   <li>{@code PUT /_sandbox/permissions}: {@code {"project":"OPS","denied":["BROWSE_PROJECTS"]}} takes permissions
 *   away from everyone in that project ({@code []} gives them back).</li>
 *   <li>{@code PUT /_sandbox/users/profile}: {@code {"user":"<accountId|username>","timeZone":"Europe/Berlin",
 *   "emailHidden":true}}.</li>
 * </ul>
 */
final class SeedControl {

    private static final Duration HOUR = Duration.ofHours(1);
    private final SandboxState state;

    SeedControl(SandboxState state) {
        this.state = state;
    }

    /** The answer, or null when the route is not one of these. */
    SandboxResponse handle(String route, SandboxRequest request) {
        return switch (route) {
            case "POST /_sandbox/seed/bulk" -> SandboxResponse.json(200, bulk(request.json()));
            case "PUT /_sandbox/permissions" -> permissions(request.json());
            case "PUT /_sandbox/users/profile" -> profile(request.json());
            default -> null;
        };
    }

    private SandboxResponse permissions(JsonNode body) {
        SandboxProject project = state.project(Json.text(body, "project"))
                .orElseThrow(() -> new IllegalArgumentException("unknown project " + Json.text(body, "project")));
        state.access.deny(project.key(), new HashSet<>(Json.strings(body.get("denied"))));
        return SandboxResponse.noContent();
    }

    private SandboxResponse profile(JsonNode body) {
        String id = Json.text(body, "user");
        SandboxUser user = state.user(id).orElseThrow(() -> new IllegalArgumentException("unknown user " + id));
        String userId = user.id(state.flavour());
        if (body.hasNonNull("timeZone")) {
            state.access.timeZone(userId, body.get("timeZone").asText());
        }
        if (body.has("emailHidden")) {
            state.access.hideEmail(userId, body.get("emailHidden").asBoolean());
        }
        return SandboxResponse.noContent();
    }

    private ObjectNode bulk(JsonNode body) {
        long started = System.nanoTime();
        String key = Optional.ofNullable(Json.text(body, "project")).orElseThrow(() -> new IllegalArgumentException("project is required"));
        int count = body.path("issues").asInt(0);
        int commentsPer = body.path("commentsPerIssue").asInt(0);
        int transitionsPer = body.path("transitionsPerIssue").asInt(0);
        int sprintCount = body.path("sprints").asInt(0);
        if (count < 1 || count > 500_000 || commentsPer < 0 || transitionsPer < 0 || sprintCount < 0) {
            throw new IllegalArgumentException("issues must be 1 to 500000; comments, transitions and sprints 0 or more");
        }
        List<String> labels = Json.strings(body.get("labels"));
        Instant from = Optional.ofNullable(Json.text(body, "from")).map(JiraTime::parse)
                .orElse(state.now().minus(Duration.ofMinutes((long) count * body.path("minutesApart").asLong(1))).minus(Duration.ofDays(3)));
        Duration apart = Duration.ofMinutes(body.path("minutesApart").asLong(1));
        SandboxProject project = state.project(key).orElseGet(() -> state.addProject(key,
                Optional.ofNullable(Json.text(body, "name")).orElse(key), state.demoUser().id(state.flavour()),
                Optional.ofNullable(Json.text(body, "type")).orElse("software")));
        List<String> people = people(key, body.path("users").asInt(0));
        List<SandboxAgile.Sprint> sprints = sprints(project, sprintCount, from, apart.multipliedBy(count));
        long comments = 0;
        long histories = 0;
        for (int i = 0; i < count; i++) {
            Instant created = from.plus(apart.multipliedBy(i));
            String reporter = people.get(i % people.size());
            SandboxIssue issue = state.newIssue(project, reporter, created);
            issue.issueTypeId = Catalog.ISSUE_TYPES.get(i % Catalog.ISSUE_TYPES.size()).id();
            issue.summary = "Bulk issue " + (i + 1) + " of " + key;
            issue.description = TextNode.valueOf("h2. Steps\n* open the app\n* tap *Pay* on screen " + (i % 7)
                    + "\n\nExpected: the payment goes through.");
            issue.priorityId = project.priorities().get(i % project.priorities().size()).id();
            issue.reporterId = reporter;
            issue.assigneeId = people.get((i + 1) % people.size());
            if (!labels.isEmpty()) {
                issue.labels = new ArrayList<>(List.of(labels.get(i % labels.size())));
            }
            if (!sprints.isEmpty()) {
                issue.sprintIds.add(sprints.get((int) ((long) i * sprints.size() / count)).id());
            }
            Instant at = created;
            for (int t = 0; t < transitionsPer; t++) {
                at = at.plus(t % 2 == 0 ? HOUR.multipliedBy(2) : Duration.ofHours(20 + i % 50));
                histories++;
                transition(issue, t % 2 == 0 ? "3" : Catalog.DONE, at, people.get((i + t) % people.size()));
            }
            Instant last = at;
            for (int c = 0; c < commentsPer; c++) {
                Instant when = created.plus(Duration.ofMinutes(30L * (c + 1)));
                issue.comments.add(new SandboxComment(state.nextCommentId(), people.get((i + c) % people.size()),
                        TextNode.valueOf("Comment " + (c + 1) + " on " + issue.key + ": seen on *build " + (i % 40) + "*"),
                        when, when));
                last = when.isAfter(last) ? when : last;
                comments++;
            }
            issue.updated = last;
        }
        ObjectNode answer = Json.object().put("project", project.key()).put("issues", count).put("comments", comments)
                .put("histories", histories).put("sprints", sprints.size());
        return answer.put("millis", (System.nanoTime() - started) / 1_000_000);
    }

    /** A status change as the workflow makes it: status item, plus resolution when entering or leaving Done. */
    private void transition(SandboxIssue issue, String toStatus, Instant at, String author) {
        boolean cloud = state.flavour() == Flavour.CLOUD;
        List<SandboxHistory.Item> items = new ArrayList<>();
        String fromStatus = issue.statusId;
        items.add(new SandboxHistory.Item("status", "jira", cloud ? "status" : null, fromStatus,
                Catalog.status(fromStatus).name(), toStatus, Catalog.status(toStatus).name()));
        boolean wasDone = fromStatus.equals(Catalog.DONE);
        boolean done = toStatus.equals(Catalog.DONE);
        if (wasDone != done) {
            items.add(new SandboxHistory.Item("resolution", "jira", cloud ? "resolution" : null,
                    wasDone ? Catalog.DONE_RESOLUTION_ID : null, wasDone ? "Done" : null,
                    done ? Catalog.DONE_RESOLUTION_ID : null, done ? "Done" : null));
        }
        issue.statusId = toStatus;
        issue.resolutionDate = done ? at : null;
        issue.histories.add(new SandboxHistory(state.nextHistoryId(), author, at, List.copyOf(items)));
    }

    private List<String> people(String projectKey, int count) {
        List<String> ids = new ArrayList<>();
        boolean cloud = state.flavour() == Flavour.CLOUD;
        for (int n = 1; n <= count; n++) {
            String name = projectKey.toLowerCase() + "-dev" + n;
            String accountId = cloud ? "557058:bulk-" + name : null;
            String id = cloud ? accountId : name;
            if (state.user(id).isEmpty()) {
                state.addUser(new SandboxUser(accountId, cloud ? null : name, cloud ? null : "JIRAUSER" + name,
                        "Dev " + n + " (" + projectKey + ")", name + "@example.com", true, null, List.of(), List.of()));
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            state.users().stream().limit(2).forEach(u -> ids.add(u.id(state.flavour())));
        }
        return ids;
    }

    private List<SandboxAgile.Sprint> sprints(SandboxProject project, int count, Instant from, Duration span) {
        List<SandboxAgile.Sprint> result = new ArrayList<>();
        if (count == 0) {
            return result;
        }
        SandboxAgile.Board board = state.agile.boardOf(project);
        Duration length = span.dividedBy(count).plus(Duration.ofMinutes(1));
        for (int s = 0; s < count; s++) {
            Instant start = from.plus(length.multipliedBy(s));
            boolean last = s == count - 1;
            result.add(state.agile.addSprint(board, project.key() + " Sprint " + (s + 1), last ? "active" : "closed",
                    start, start.plus(length), last ? null : start.plus(length), "Goal " + (s + 1)));
        }
        return result;
    }
}
