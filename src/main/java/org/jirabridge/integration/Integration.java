package org.jirabridge.integration;

import java.util.List;
import java.util.Map;

import org.jirabridge.auth.AuthType;

/**
 * An integration without its secrets: where Jira is and how to authenticate, where reports go, how they are shaped,
 * and what is kept in step. Secrets (apiToken, password, token, clientSecret, …) live only in the vault.
 */
public record Integration(String id, String name, boolean isDefault, Connection connection, Target target,
                          Mapping mapping, Map<String, Object> sync) {

    /**
     * Non-secret connection settings; {@code deployment} is "cloud", "server" or null (ask serverInfo). Which of the
     * optional fields apply depends on {@code authType} (setup's {@code IntegrationRequests} enforces it).
     */
    public record Connection(String deployment, String baseUrl, AuthType authType, String email, String username,
                             String clientId, String cloudId, String consumerKey, String tokenExpiresAt) {

        /** The fields Basic and PAT integrations need; the rest are null. */
        public static Connection basic(String deployment, String baseUrl, AuthType authType, String email,
                                       String username) {
            return new Connection(deployment, baseUrl, authType, email, username, null, null, null, null);
        }

        /** The Jira site these settings reach: the base URL without a trailing slash (how issues are linked). */
        public String siteUrl() {
            return baseUrl != null && baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        }
    }

    /** Where reports become issues. */
    public record Target(String projectKey, String issueType, String assignee) {
    }

    /** How reports are shaped; nulls mean the defaults (default priority map, every section). */
    public record Mapping(Map<String, String> priorityMap, List<String> include, String reportLinkBase,
                         List<Map<String, Object>> customFields) {

        public static Mapping defaults() {
            return new Mapping(null, null, null, null);
        }
    }

    /** Whether reports are forwarded as they arrive (sync.autoForward, default true). */
    public boolean autoForward() {
        return !Boolean.FALSE.equals(sync.get("autoForward"));
    }
}
