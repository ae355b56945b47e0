package org.jirabridge.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.mapping.AdfToMarkdown;
import org.jirabridge.mapping.WikiToMarkdown;
import org.jirabridge.sync.SyncChange.CommentDeleted;
import org.jirabridge.sync.SyncChange.CommentSeen;
import org.jirabridge.sync.SyncChange.Field;
import org.jirabridge.sync.SyncChange.FieldValue;
import org.jirabridge.sync.SyncChange.IssueDeleted;
import org.jirabridge.sync.SyncChange.IssueRef;

/**
 * Reads Jira's webhook payloads (Cloud and Server/Data Center, old and new shapes) and issues from searches into
 * {@link SyncChange}s. Pure: no I/O. Tolerant of what Jira adds over time: unknown fields are ignored, missing ones
 * make a change unknown rather than failing.
 */
public final class JiraEvents {

    /** What a payload says: its event type, its issue, the changes, or why it changes nothing. */
    public record Parsed(String type, IssueRef issue, List<SyncChange> changes, String ignoredBecause) {

        static Parsed ignored(String type, IssueRef issue, String reason) {
            return new Parsed(type, issue, List.of(), reason);
        }
    }

    /** The fields a poll asks for: the ones {@link #fromIssue} reads. */
    public static final List<String> POLL_FIELDS = List.of("status", "priority", "resolution", "assignee", "updated");

    /** The events whose content the sync applies; the rest are acknowledged and ignored. */
    public static final java.util.Set<String> SYNCED = java.util.Set.of("jira:issue_created", "jira:issue_updated",
            "jira:issue_deleted", "comment_created", "comment_updated", "comment_deleted");

    private static final Pattern COMMENT_SELF = Pattern.compile("/issue/(\\d+)/comment/");

    private JiraEvents() {
    }

    /** Parses one webhook body. Never throws for well-formed JSON; anything unusable is ignored with a reason. */
    public static Parsed parse(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return Parsed.ignored(null, null, "the body is not a JSON object");
        }
        JsonNode issue = payload.path("issue");
        JsonNode comment = payload.path("comment");
        IssueRef ref = issueRef(issue, comment);
        String type = text(payload, "webhookEvent");
        if (type == null && payload.has("changelog") && ref != null) {
            // trimmed payloads (e.g. Sentry's fixtures) keep only changelog + issue: that is an issue update
            type = "jira:issue_updated";
        }
        if (type == null) {
            return Parsed.ignored(null, ref, "the payload names no webhookEvent");
        }
        if (!SYNCED.contains(type)) {
            return Parsed.ignored(type, ref, "event " + type + " is not synced");
        }
        if (ref == null) {
            return Parsed.ignored(type, null, "the payload names no issue");
        }
        Instant timestamp = JiraTimes.webhookTimestamp(payload.get("timestamp"));
        Instant issueUpdated = JiraTimes.parse(issue.path("fields").get("updated"));
        List<SyncChange> changes = new ArrayList<>();
        switch (type) {
            case "jira:issue_created", "jira:issue_updated" -> {
                Instant at = issueUpdated != null ? issueUpdated : timestamp;
                changes.addAll(fieldValues(ref, issue, payload.path("changelog"), at));
                if (comment.isObject()) {
                    // Server fires comment activity as jira:issue_updated with a comment (issue_commented, …)
                    String eventName = text(payload, "issue_event_type_name");
                    if ("issue_comment_deleted".equals(eventName)) {
                        changes.add(new CommentDeleted(ref, timestamp, text(comment, "id")));
                    } else {
                        commentSeen(ref, comment).ifPresent(changes::add);
                    }
                }
            }
            case "comment_created", "comment_updated" -> {
                if (issueUpdated != null) {
                    changes.addAll(fieldValues(ref, issue, null, issueUpdated));
                }
                commentSeen(ref, comment).ifPresent(changes::add);
            }
            case "comment_deleted" -> {
                String id = text(comment, "id");
                if (id == null) {
                    return Parsed.ignored(type, ref, "the payload names no comment");
                }
                changes.add(new CommentDeleted(ref, timestamp, id));
            }
            default -> changes.add(new IssueDeleted(ref, timestamp));
        }
        if (changes.isEmpty()) {
            return Parsed.ignored(type, ref, "the event changes no synced field");
        }
        return new Parsed(type, ref, List.copyOf(changes), null);
    }

    /** An issue from a search (fields {@link #POLL_FIELDS}): its synced fields as of its {@code updated}. */
    public static List<SyncChange> fromIssue(Map<String, Object> issue) {
        JsonNode node = org.jirabridge.store.Json.MAPPER.valueToTree(issue);
        IssueRef ref = issueRef(node, null);
        if (ref == null) {
            return List.of();
        }
        return fieldValues(ref, node, null, JiraTimes.parse(node.path("fields").get("updated")));
    }

    /** A comment as Jira returns it (REST or webhook), or empty when it has no id. */
    public static java.util.Optional<SyncChange> fromComment(IssueRef ref, Map<String, Object> comment) {
        return commentSeen(ref, org.jirabridge.store.Json.MAPPER.valueToTree(comment));
    }

    static Instant updatedOf(Map<String, Object> issue) {
        Object fields = issue.get("fields");
        return fields instanceof Map<?, ?> map && map.get("updated") instanceof String text ? JiraTimes.parse(text)
                : null;
    }

    // ---- pieces

    private static IssueRef issueRef(JsonNode issue, JsonNode comment) {
        String id = text(issue, "id");
        String key = text(issue, "key");
        if (id == null && comment != null) {
            // comment events of old Server versions carry no issue; the comment's self link names it
            String self = text(comment, "self");
            Matcher matcher = self == null ? null : COMMENT_SELF.matcher(self);
            if (matcher != null && matcher.find()) {
                id = matcher.group(1);
            }
        }
        return id == null && key == null ? null : new IssueRef(id, key);
    }

    /**
     * The synced fields the issue snapshot shows, then those only the changelog names (trimmed payloads). The
     * snapshot wins where both speak: it is at least as new as the change that triggered the event.
     */
    private static List<SyncChange> fieldValues(IssueRef ref, JsonNode issue, JsonNode changelog, Instant at) {
        List<SyncChange> changes = new ArrayList<>();
        JsonNode fields = issue.path("fields");
        List<Field> seen = new ArrayList<>();
        if (fields.has("status") && fields.get("status").isObject()) {
            JsonNode status = fields.get("status");
            changes.add(new FieldValue(ref, at, Field.STATUS, text(status, "name"), text(status, "id"),
                    text(status.path("statusCategory"), "key")));
            seen.add(Field.STATUS);
        }
        if (fields.has("priority")) {
            JsonNode priority = fields.get("priority");
            changes.add(new FieldValue(ref, at, Field.PRIORITY, text(priority, "name"), text(priority, "id"), null));
            seen.add(Field.PRIORITY);
        }
        if (fields.has("resolution")) {
            JsonNode resolution = fields.get("resolution");
            changes.add(new FieldValue(ref, at, Field.RESOLUTION, text(resolution, "name"), text(resolution, "id"),
                    null));
            seen.add(Field.RESOLUTION);
        }
        if (fields.has("assignee")) {
            JsonNode assignee = fields.get("assignee");
            String name = text(assignee, "displayName");
            if (name == null && assignee != null && assignee.isObject()) {
                // trimmed snapshots may carry only the account id; the changelog still has the display name
                name = changelogDisplay(changelog, Field.ASSIGNEE);
            }
            changes.add(new FieldValue(ref, at, Field.ASSIGNEE, name != null ? name : userName(assignee),
                    userId(assignee), null));
            seen.add(Field.ASSIGNEE);
        }
        if (changelog != null) {
            for (JsonNode item : changelog.path("items")) {
                Field field = changelogField(item);
                if (field != null && !seen.contains(field)) {
                    changes.add(new FieldValue(ref, at, field, text(item, "toString"), text(item, "to"), null));
                    seen.add(field);
                }
            }
        }
        if (ref.id() != null && ref.key() != null) {
            changes.add(new FieldValue(ref, at, Field.KEY, ref.key(), ref.id(), null));
        }
        return changes;
    }

    private static String changelogDisplay(JsonNode changelog, Field field) {
        if (changelog == null) {
            return null;
        }
        for (JsonNode item : changelog.path("items")) {
            if (changelogField(item) == field) {
                return text(item, "toString");
            }
        }
        return null;
    }

    private static Field changelogField(JsonNode item) {
        String id = text(item, "fieldId");
        String name = id != null ? id : text(item, "field");
        if (name == null || "custom".equals(text(item, "fieldtype"))) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "status" -> Field.STATUS;
            case "priority" -> Field.PRIORITY;
            case "resolution" -> Field.RESOLUTION;
            case "assignee" -> Field.ASSIGNEE;
            default -> null;
        };
    }

    private static java.util.Optional<SyncChange> commentSeen(IssueRef ref, JsonNode comment) {
        String id = text(comment, "id");
        if (id == null) {
            return java.util.Optional.empty();
        }
        Instant created = JiraTimes.parse(comment.get("created"));
        Instant updated = JiraTimes.parse(comment.get("updated"));
        JsonNode body = comment.get("body");
        String markdown;
        if (body == null || body.isNull()) {
            markdown = "";
        } else if (body.isTextual()) {
            // REST v2 and webhooks (both deployments) carry wiki markup
            markdown = WikiToMarkdown.convert(body.asText());
        } else {
            markdown = AdfToMarkdown.convert(body);
        }
        return java.util.Optional.of(new CommentSeen(ref, updated != null ? updated : created, id,
                userName(comment.path("author")), markdown, created));
    }

    private static String userName(JsonNode user) {
        if (user == null || !user.isObject()) {
            return null;
        }
        String display = text(user, "displayName");
        return display != null ? display : userId(user);
    }

    private static String userId(JsonNode user) {
        if (user == null || !user.isObject()) {
            return null;
        }
        String accountId = text(user, "accountId");
        return accountId != null ? accountId : text(user, "name");
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }
}
