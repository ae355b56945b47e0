package org.jirabridge.sandbox;

/** A project; its issues are numbered KEY-1, KEY-2 … by {@link #nextIssueNumber()}. */
final class SandboxProject {

    private final String id;
    private final String key;
    private final String name;
    private final String leadId;
    private int issueCounter;

    SandboxProject(String id, String key, String name, String leadId) {
        this.id = id;
        this.key = key;
        this.name = name;
        this.leadId = leadId;
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

    int nextIssueNumber() {
        return ++issueCounter;
    }
}
