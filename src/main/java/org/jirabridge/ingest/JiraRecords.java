package org.jirabridge.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.mapping.AdfToMarkdown;
import org.jirabridge.mapping.WikiToMarkdown;

/**
 * Jira's JSON (REST v2/v3 and agile) to the rows ingestion stores: pure functions, no I/O. Rich text becomes Markdown:
 * ADF (Cloud v3) through AdfToMarkdown, wiki markup (v2, Server) through WikiToMarkdown.
 */
public final class JiraRecords {

    private static final DateTimeFormatter JIRA_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]")
            .appendOffset("+HHMM", "+0000").toFormatter();
    // Server's Sprint field is Greenhopper's toString: "…Sprint@1a2b[id=3,rapidViewId=1,state=CLOSED,…]"
    private static final Pattern GREENHOPPER_ID = Pattern.compile("\\[id=(\\d+),");

    private JiraRecords() {
    }

    /** Jira's "2026-11-23T07:12:01.123+0000", or ISO-8601 (the agile API); null for null or blank. */
    public static Instant time(JsonNode node) {
        if (node == null || node.isNull() || node.asText().isBlank()) {
            return null;
        }
        String text = node.asText();
        Instant fast = jiraTime(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text, JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    /**
     * Jira's usual "yyyy-MM-ddTHH:mm:ss.SSS±HHMM" read by position (a page holds thousands of times; the formatter is
     * the slow part); null when the text has another shape, for the formatter to read.
     */
    static Instant jiraTime(String text) {
        if (text.length() != 28 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(23) != '+' && text.charAt(23) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int millis = digits(text, 20, 23);
        int offsetHours = digits(text, 24, 26);
        int offsetMinutes = digits(text, 26, 28);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59
                || millis < 0 || offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            int offset = (text.charAt(23) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offset,
                    millis * 1_000_000L);
        } catch (DateTimeException e) {
            // e.g. February 30th: the formatter gives the error
            return null;
        }
    }

    /** The decimal number in text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The id other rows refer to: accountId on Cloud, key (or name) on Server. */
    public static String userId(JsonNode ref) {
        if (ref == null || ref.isNull() || ref.isMissingNode()) {
            return null;
        }
        String id = text(ref, "accountId");
        if (id == null) {
            id = text(ref, "key");
        }
        return id != null ? id : text(ref, "name");
    }

    public static IngestRows.User user(JsonNode ref) {
        String id = userId(ref);
        if (id == null) {
            return null;
        }
        JsonNode active = ref.get("active");
        // Cloud leaves emailAddress out for people whose profile hides it: stored as unknown, never guessed
        return new IngestRows.User(id, text(ref, "displayName"), text(ref, "emailAddress"), text(ref, "timeZone"),
                active == null || active.isNull() ? null : active.asBoolean());
    }

    public static String markdown(JsonNode richText) {
        if (richText == null || richText.isNull()) {
            return null;
        }
        return richText.isTextual() ? WikiToMarkdown.convert(richText.asText()) : AdfToMarkdown.convert(richText);
    }

    /** An issue of a search page; {@code sprintField} is the site's Sprint custom field id (may be null). */
    public static IngestRows.Issue issue(JsonNode issue, String sprintField) {
        JsonNode f = issue.path("fields");
        JsonNode status = f.path("status");
        List<String> labels = new ArrayList<>();
        f.path("labels").forEach(l -> labels.add(l.asText()));
        List<Long> sprints = new ArrayList<>();
        if (sprintField != null) {
            for (JsonNode sprint : f.path(sprintField)) {
                if (sprint.isObject() && sprint.has("id")) {
                    sprints.add(sprint.get("id").asLong());
                } else if (sprint.isTextual()) {
                    Matcher m = GREENHOPPER_ID.matcher(sprint.asText());
                    if (m.find()) {
                        sprints.add(Long.parseLong(m.group(1)));
                    }
                }
            }
        }
        return new IngestRows.Issue(text(issue, "id"), text(issue, "key"), text(f.path("project"), "key"),
                text(f.path("issuetype"), "name"), text(f, "summary"), markdown(f.get("description")),
                text(status, "id"), text(status, "name"), text(status.path("statusCategory"), "key"),
                text(f.path("priority"), "name"), userId(f.get("assignee")), userId(f.get("reporter")),
                time(f.get("created")), time(f.get("updated")), time(f.get("resolutiondate")),
                text(f.path("resolution"), "name"), text(f.path("parent"), "key"), labels, sprints);
    }

    public static IngestRows.Comment comment(String issueId, JsonNode comment) {
        return new IngestRows.Comment(text(comment, "id"), issueId, userId(comment.get("author")),
                markdown(comment.get("body")), time(comment.get("created")), time(comment.get("updated")));
    }

    /** The items of one changelog history, one row each. */
    public static List<IngestRows.Change> changes(String issueId, JsonNode history) {
        List<IngestRows.Change> rows = new ArrayList<>();
        String author = userId(history.get("author"));
        Instant at = time(history.get("created"));
        int index = 0;
        for (JsonNode item : history.path("items")) {
            rows.add(new IngestRows.Change(text(history, "id"), index++, issueId, author, at, text(item, "field"),
                    text(item, "fieldId"), text(item, "from"), text(item, "fromString"), text(item, "to"),
                    text(item, "toString")));
        }
        return rows;
    }

    /** The people an issue, its comments and its changelog name. */
    public static List<IngestRows.User> people(JsonNode issue) {
        List<IngestRows.User> users = new ArrayList<>();
        JsonNode f = issue.path("fields");
        for (String field : List.of("assignee", "reporter", "creator")) {
            addUser(users, f.get(field));
        }
        f.path("comment").path("comments").forEach(c -> addUser(users, c.get("author")));
        issue.path("changelog").path("histories").forEach(h -> addUser(users, h.get("author")));
        return users;
    }

    static void addUser(List<IngestRows.User> users, JsonNode ref) {
        IngestRows.User user = user(ref);
        if (user != null) {
            users.add(user);
        }
    }

    public static IngestRows.Project project(JsonNode project) {
        return new IngestRows.Project(text(project, "key"), text(project, "id"), text(project, "name"),
                text(project, "projectTypeKey"), userId(project.get("lead")));
    }

    public static IngestRows.Status status(JsonNode status) {
        return new IngestRows.Status(text(status, "id"), text(status, "name"), text(status.path("statusCategory"), "key"));
    }

    public static IngestRows.Sprint sprint(JsonNode sprint, String projectKey) {
        JsonNode board = sprint.get("originBoardId");
        return new IngestRows.Sprint(sprint.path("id").asLong(), board == null || board.isNull() ? null : board.asLong(),
                projectKey, text(sprint, "name"), text(sprint, "state"), time(sprint.get("startDate")),
                time(sprint.get("endDate")), time(sprint.get("completeDate")), text(sprint, "goal"));
    }
}
