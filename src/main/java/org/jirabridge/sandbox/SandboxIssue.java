package org.jirabridge.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An issue as the sandbox stores it. Rich text (description) is kept as written, a string or an ADF
 * document, and rendered per REST version when read. Custom field values are kept as JSON: the text
 * field as a string, the select field as the option id.
 */
final class SandboxIssue {

    final long id;
    final String key;
    final SandboxProject project;
    final String creatorId;
    final Instant created;
    String issueTypeId;
    String summary;
    JsonNode description;
    String priorityId;
    String statusId = Catalog.TO_DO;
    List<String> labels = new ArrayList<>();
    String assigneeId;
    String reporterId;
    Instant updated;
    Instant resolutionDate;
    final Map<String, JsonNode> customFields = new LinkedHashMap<>();
    final Map<String, JsonNode> properties = new LinkedHashMap<>();
    final List<SandboxComment> comments = new ArrayList<>();
    final List<SandboxAttachment> attachments = new ArrayList<>();
    /** Who watches the issue (user ids); the creator watches from the start, as Jira's autowatch does. */
    final Set<String> watchers = new LinkedHashSet<>();
    /** The changelog, oldest first (REST edits and transitions, and the bulk seed). */
    final List<SandboxHistory> histories = new ArrayList<>();
    /** Ids of the sprints the issue is in (the Sprint field). */
    final List<Long> sprintIds = new ArrayList<>();

    SandboxIssue(long id, String key, SandboxProject project, String creatorId, Instant created) {
        this.id = id;
        this.key = key;
        this.project = project;
        this.creatorId = creatorId;
        this.created = created;
        this.updated = created;
        this.watchers.add(creatorId);
    }

    /** Issue numbers sort numerically: DEMO-10 after DEMO-9. */
    int number() {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }
}
