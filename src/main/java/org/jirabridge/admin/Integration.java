package org.jirabridge.admin;

import java.util.List;
import java.util.Map;

import org.jirabridge.auth.AuthType;

/**
 * An integration without its secrets: where Jira is, how to authenticate, and how reports map onto issues.
 * Secrets (apiToken, password, token) live only in the vault.
 */
public record Integration(String id, String name, boolean isDefault, Connection connection, Mapping mapping,
                          Map<String, Object> sync) {

    /** Non-secret connection settings; {@code deployment} is "cloud", "server" or null (ask serverInfo). */
    public record Connection(String deployment, String baseUrl, AuthType authType, String email, String username) {
    }

    /** Where reports go and how they are shaped. */
    public record Mapping(String projectKey, String issueType, Map<String, String> priorityMap, List<String> include,
                          String reportLinkBase) {
    }

    /** Whether reports are forwarded as they arrive (sync.autoForward, default true). */
    public boolean autoForward() {
        return !Boolean.FALSE.equals(sync.get("autoForward"));
    }
}
