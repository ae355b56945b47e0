package org.jirabridge.integration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.jirabridge.auth.AuthType;
import org.jirabridge.store.Json;

/**
 * An integration without its secrets: where Jira is and how to authenticate, where reports go, how they are shaped,
 * and what is kept in step. Secrets (apiToken, password, token, clientSecret, …) live only in the vault.
 */
public record Integration(String id, String name, boolean isDefault, Connection connection, Target target,
                          Mapping mapping, Sync sync) {

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

    /**
     * What is kept in step (docs/sync.md). A null switch means its default: autoForward, status, comments and
     * priority on; no pollCron, no polling; webhookVerification as the authentication type suggests. Only the
     * switches that were set are stored and shown. The webhook secret is a secret: it lives in the vault.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    // switches an older version stored and this one no longer knows are dropped when a row is read
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sync(Boolean autoForward, Boolean status, Boolean comments, Boolean priority, String pollCron,
                       String webhookVerification) {

        /** A new integration: forwarding on, every other switch at its default. */
        public static Sync defaults() {
            return new Sync(true, null, null, null, null, null);
        }

        /** From its JSON shape, e.g. {@code {"autoForward": true, "pollCron": "0 * * * * ?"}}. */
        public static Sync of(Map<String, ?> fields) {
            return Json.MAPPER.convertValue(fields, Sync.class);
        }

        /** The switches that are set, by their API names, in the record's order. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> asMap() {
            return new LinkedHashMap<>(Json.MAPPER.convertValue(this, Map.class));
        }
    }

    /** Whether reports are forwarded as they arrive (sync.autoForward, default true). */
    public boolean autoForward() {
        return sync == null || !Boolean.FALSE.equals(sync.autoForward());
    }
}
