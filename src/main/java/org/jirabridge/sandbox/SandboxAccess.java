package org.jirabridge.sandbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the sandbox's users may see: each user's time zone, whose email address Cloud's privacy settings hide, and
 * per project the permissions taken away from everyone (control API {@code PUT /_sandbox/permissions}).
 */
final class SandboxAccess {

    static final String BROWSE_PROJECTS = "BROWSE_PROJECTS";

    private final Map<String, String> timeZones = new HashMap<>();
    private final Set<String> hiddenEmails = new HashSet<>();
    private final Map<String, Set<String>> denied = new HashMap<>();

    void clear() {
        timeZones.clear();
        hiddenEmails.clear();
        denied.clear();
    }

    String timeZone(String userId) {
        return timeZones.getOrDefault(userId, "UTC");
    }

    void timeZone(String userId, String zone) {
        java.time.ZoneId.of(zone);
        timeZones.put(userId, zone);
    }

    boolean emailHidden(String userId) {
        return hiddenEmails.contains(userId);
    }

    void hideEmail(String userId, boolean hidden) {
        if (hidden) {
            hiddenEmails.add(userId);
        } else {
            hiddenEmails.remove(userId);
        }
    }

    /** Replaces the permissions taken away in a project (an empty set gives every permission back). */
    void deny(String projectKey, Set<String> permissionKeys) {
        for (String key : permissionKeys) {
            if (Catalog.permission(key).isEmpty()) {
                throw new IllegalArgumentException("unknown permission " + key);
            }
        }
        if (permissionKeys.isEmpty()) {
            denied.remove(projectKey);
        } else {
            denied.put(projectKey, Set.copyOf(permissionKeys));
        }
    }

    /** Each user's time zone where one was set (others are UTC). */
    Map<String, String> timeZones() {
        return Map.copyOf(timeZones);
    }

    /** The users whose email address is hidden. */
    Set<String> hiddenEmails() {
        return Set.copyOf(hiddenEmails);
    }

    /** Per project key, the permissions taken away. */
    Map<String, Set<String>> denied() {
        return Map.copyOf(denied);
    }

    /** Replaces everything with what a data dir kept. */
    void restore(Map<String, String> zones, Set<String> hidden, Map<String, Set<String>> deniedByProject) {
        clear();
        zones.forEach(this::timeZone);
        hiddenEmails.addAll(hidden);
        deniedByProject.forEach(this::deny);
    }

    boolean has(String projectKey, String permissionKey) {
        return !denied.getOrDefault(projectKey, Set.of()).contains(permissionKey);
    }

    boolean canBrowse(SandboxProject project) {
        return has(project.key(), BROWSE_PROJECTS);
    }

    /**
     * Jira answers a JQL that names a project its user may not browse as if the project did not exist; the message,
     * or null when the query names no such project.
     */
    String refusal(String jql) {
        for (String key : denied.keySet()) {
            if (!has(key, BROWSE_PROJECTS) && Pattern.compile("(?i)project\\s*(=|in\\s*\\()\\s*\"?" + Pattern.quote(key)
                    + "\"?\\s*[),]?").matcher(jql).find()) {
                return "The value '" + key + "' does not exist for the field 'project'.";
            }
        }
        return null;
    }
}
