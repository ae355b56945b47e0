package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * A project; its issues are numbered KEY-1, KEY-2 … by {@link #nextIssueNumber()}. It has its create screens
 * ({@link Catalog.ScreenScheme}), its priority scheme, versions and components.
 */
final class SandboxProject {

    private final String id;
    private final String key;
    private final String name;
    private final String leadId;
    private final Catalog.ScreenScheme screenScheme;
    private final List<String> priorityScheme;
    private final String defaultPriorityId;
    private final List<Catalog.Version> versions;
    private final List<Catalog.Component> components;
    private String description = "";
    private int issueCounter;
    private String typeKey = "software";

    /** A project with the standard screens, the default priority scheme and no versions or components. */
    SandboxProject(String id, String key, String name, String leadId) {
        this(id, key, name, leadId, Catalog.ScreenScheme.STANDARD, Catalog.DEFAULT_PRIORITY_SCHEME,
                Catalog.DEFAULT_PRIORITY, List.of(), List.of());
    }

    SandboxProject(String id, String key, String name, String leadId, Catalog.ScreenScheme screenScheme,
                   List<String> priorityScheme, String defaultPriorityId, List<Catalog.Version> versions,
                   List<Catalog.Component> components) {
        this.id = id;
        this.key = key;
        this.name = name;
        this.leadId = leadId;
        this.screenScheme = screenScheme;
        this.priorityScheme = List.copyOf(priorityScheme);
        this.defaultPriorityId = defaultPriorityId;
        this.versions = new ArrayList<>(versions);
        this.components = new ArrayList<>(components);
    }

    String id() {
        return id;
    }

    String key() {
        return key;
    }

    String name() {
        return name;
    }

    String leadId() {
        return leadId;
    }

    Catalog.ScreenScheme screenScheme() {
        return screenScheme;
    }

    /** The priorities an issue of this project may have, in scheme order. */
    List<Catalog.Priority> priorities() {
        return priorityScheme.stream().map(id -> Catalog.priority(id).orElseThrow()).toList();
    }

    String defaultPriorityId() {
        return defaultPriorityId;
    }

    /** The project's versions, in creation order; POST /version adds to them. */
    List<Catalog.Version> versions() {
        return versions;
    }

    /** The project's components, in creation order; POST /component adds to them. */
    List<Catalog.Component> components() {
        return components;
    }

    String description() {
        return description;
    }

    void description(String description) {
        this.description = description == null ? "" : description;
    }

    /** The number the last issue got (the next one gets one more). */
    int issueCounter() {
        return issueCounter;
    }

    /** Continues numbering after {@code counter} (a restored or reset-surviving project). */
    void issueCounter(int counter) {
        this.issueCounter = counter;
    }

    /** Jira's projectTypeKey: software, business or service_desk. */
    String typeKey() {
        return typeKey;
    }

    void typeKey(String typeKey) {
        if (!java.util.Set.of("software", "business", "service_desk").contains(typeKey)) {
            throw new IllegalArgumentException("project type must be software, business or service_desk, not '" + typeKey + "'");
        }
        this.typeKey = typeKey;
    }

    int nextIssueNumber() {
        return ++issueCounter;
    }
}
