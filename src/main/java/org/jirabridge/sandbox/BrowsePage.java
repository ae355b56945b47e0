package org.jirabridge.sandbox;

import java.util.Optional;

/**
 * GET /browse/{KEY}: the issue's web page, which every forwarded report links to. A small HTML page with the summary,
 * status, priority, type, assignee, description and comments, every value HTML-escaped. Open without signing in (the
 * sandbox has no browser sessions); an unknown key answers a 404 page, as Jira does.
 */
final class BrowsePage {

    static final String PREFIX = "/browse/";

    private BrowsePage() {
    }

    static boolean handles(SandboxRequest request) {
        return request.path().startsWith(PREFIX) && request.method().equals("GET");
    }

    /** The caller holds the state's monitor. */
    static SandboxResponse render(SandboxRequest request, SandboxState state, String baseUrl) {
        String key = request.path().substring(PREFIX.length());
        // a key is never numeric on /browse; ids are not accepted there
        Optional<SandboxIssue> found = key.isEmpty() || key.chars().allMatch(Character::isDigit) ? Optional.empty() : state.issue(key);
        if (found.isEmpty()) {
            return html(404, page("Issue not found", "<h1>Issue does not exist</h1><p>The issue " + escape(key)
                    + " does not exist or you do not have permission to see it.</p>"));
        }
        SandboxIssue issue = found.get();
        JiraViews views = new JiraViews(state, baseUrl, "2");
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"project\">").append(escape(issue.project.name())).append(" / ")
                .append(escape(issue.key)).append("</p>");
        body.append("<h1 id=\"summary\">").append(escape(issue.summary)).append("</h1>");
        body.append("<dl>");
        item(body, "type", Catalog.issueType(issue.issueTypeId).map(Catalog.IssueType::name).orElse(""));
        item(body, "status", Catalog.status(issue.statusId).name());
        item(body, "priority", issue.priorityId == null ? "None" : Catalog.priority(issue.priorityId).map(Catalog.Priority::name).orElse(""));
        item(body, "resolution", issue.resolutionDate == null ? "Unresolved" : "Done");
        item(body, "assignee", displayName(state, issue.assigneeId, "Unassigned"));
        item(body, "reporter", displayName(state, issue.reporterId, "Anonymous"));
        item(body, "labels", issue.labels.isEmpty() ? "None" : String.join(", ", issue.labels));
        item(body, "created", JiraTime.format(issue.created));
        item(body, "updated", JiraTime.format(issue.updated));
        body.append("</dl>");
        body.append("<h2>Description</h2><div id=\"description\">");
        String description = IssueExpansions.html(issue.description).asText("");
        body.append(description.isEmpty() ? "<p><em>No description</em></p>" : description).append("</div>");
        body.append("<h2>Comments</h2><ol id=\"comments\">");
        for (SandboxComment comment : issue.comments) {
            body.append("<li id=\"comment-").append(comment.id()).append("\"><p class=\"author\">")
                    .append(escape(displayName(state, comment.authorId(), "Anonymous"))).append(" &middot; ")
                    .append(escape(JiraTime.format(comment.created()))).append("</p>")
                    .append(IssueExpansions.html(comment.body()).asText("")).append("</li>");
        }
        body.append("</ol>");
        body.append("<p class=\"api\"><a href=\"").append(escape(views.issueSelf(issue))).append("\">REST</a></p>");
        return html(200, page(issue.key + " " + issue.summary, body.toString()));
    }

    private static void item(StringBuilder body, String id, String value) {
        body.append("<dt>").append(Character.toUpperCase(id.charAt(0))).append(id.substring(1)).append("</dt><dd id=\"")
                .append(id).append("\">").append(escape(value)).append("</dd>");
    }

    private static String displayName(SandboxState state, String userId, String none) {
        return userId == null ? none : state.user(userId).map(SandboxUser::displayName).orElse(userId);
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " - Jira sandbox</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
                + "dl{display:grid;grid-template-columns:8em auto}dt{color:#5e6c84}.author{color:#5e6c84}</style></head><body>"
                + body + "</body></html>\n";
    }

    private static String escape(String text) {
        return IssueExpansions.escape(text);
    }

    private static SandboxResponse html(int status, String page) {
        // nothing on the page may run script: the values come from whoever wrote the issue
        return SandboxResponse.text(status, "text/html;charset=UTF-8", page)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff");
    }
}
