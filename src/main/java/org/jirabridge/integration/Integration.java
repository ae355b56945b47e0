package org.jirabridge.integration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jirabridge.auth.AuthType;
import org.jirabridge.mapping.CustomFieldEntry;
import org.jirabridge.store.Json;

/**
 * An integration without its secrets: where Jira is and how to authenticate, where reports go, how they are shaped,
 * and what is kept in step. Secrets (apiToken, password, token, clientSecret, …) live only in the vault.
 */
public record Integration(String id, String name, boolean isDefault, Connection connection, Target target,
                          Mapping mapping, Sync sync) {

    /**
     * Non-secret connection settings, one type per authentication type, each with the fields that type takes
     * (docs/auth.md; setup's {@code IntegrationRequests} checks a request against the type's {@code AuthDescriptor}).
     * {@code deployment} is "cloud", "server" or null (ask serverInfo). A field a type does not take reads as null.
     * Stored and shown as one JSON object whose {@code authType} names the type.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "authType",
            visible = true)
    @JsonSubTypes({@JsonSubTypes.Type(value = Connection.Basic.class, name = "BASIC"),
        @JsonSubTypes.Type(value = Connection.Pat.class, name = "PAT"),
        @JsonSubTypes.Type(value = Connection.OAuth2.class, name = "OAUTH2"),
        @JsonSubTypes.Type(value = Connection.OAuth2ClientCredentials.class, name = "OAUTH2_CLIENT_CREDENTIALS"),
        @JsonSubTypes.Type(value = Connection.ScopedApiToken.class, name = "SCOPED_API_TOKEN"),
        @JsonSubTypes.Type(value = Connection.OAuth1.class, name = "OAUTH1"),
        @JsonSubTypes.Type(value = Connection.Connect.class, name = "CONNECT")})
    public sealed interface Connection {

        String deployment();

        String baseUrl();

        @JsonProperty("authType")
        AuthType authType();

        /** When the credential expires (a date or timestamp), as the user stated it; every type takes it. */
        String tokenExpiresAt();

        /** Cloud e-mail address (BASIC on Cloud, SCOPED_API_TOKEN). */
        default String email() {
            return null;
        }

        /** Server/DC user name (BASIC on Server/DC). */
        default String username() {
            return null;
        }

        /** OAuth 2.0 client id (OAUTH2, OAUTH2_CLIENT_CREDENTIALS). */
        default String clientId() {
            return null;
        }

        /** The site's cloud id for gateway calls (OAUTH2: the chosen site; client credentials, scoped tokens). */
        default String cloudId() {
            return null;
        }

        /** OAuth 1.0a consumer key of the application link (OAUTH1). */
        default String consumerKey() {
            return null;
        }

        /** The Jira site these settings reach: the base URL without a trailing slash (how issues are linked). */
        default String siteUrl() {
            String url = baseUrl();
            return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        /** The connection of {@code authType} with the fields it takes from those given; the others are dropped. */
        static Connection of(String deployment, String baseUrl, AuthType authType, String email, String username,
                             String clientId, String cloudId, String consumerKey, String tokenExpiresAt) {
            return switch (authType) {
                case BASIC -> new Basic(deployment, baseUrl, email, username, tokenExpiresAt);
                case PAT -> new Pat(deployment, baseUrl, tokenExpiresAt);
                case OAUTH2 -> new OAuth2(deployment, baseUrl, clientId, cloudId, tokenExpiresAt);
                case OAUTH2_CLIENT_CREDENTIALS ->
                        new OAuth2ClientCredentials(deployment, baseUrl, clientId, cloudId, tokenExpiresAt);
                case SCOPED_API_TOKEN -> new ScopedApiToken(deployment, baseUrl, email, cloudId, tokenExpiresAt);
                case OAUTH1 -> new OAuth1(deployment, baseUrl, consumerKey, tokenExpiresAt);
                case CONNECT -> new Connect(deployment, baseUrl, tokenExpiresAt);
            };
        }

        /** A Basic or PAT connection (PAT takes neither e-mail nor user name). */
        static Connection basic(String deployment, String baseUrl, AuthType authType, String email, String username) {
            return of(deployment, baseUrl, authType, email, username, null, null, null, null);
        }

        /** The same connection at another site (the site an OAuth 2.0 user picked). */
        default Connection at(String siteBaseUrl, String siteCloudId) {
            return of(deployment(), siteBaseUrl, authType(), email(), username(), clientId(), siteCloudId,
                    consumerKey(), tokenExpiresAt());
        }

        // rows written before connections were typed hold every field, most of them null: those are ignored
        @JsonIgnoreProperties(ignoreUnknown = true)
        @JsonPropertyOrder({"deployment", "baseUrl", "authType", "email", "username", "tokenExpiresAt"})
        record Basic(String deployment, String baseUrl, String email, String username, String tokenExpiresAt)
                implements Connection {
            @Override
            public AuthType authType() {
                return AuthType.BASIC;
            }
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        @JsonPropertyOrder({"deployment", "baseUrl", "authType", "tokenExpiresAt"})
        record Pat(String deployment, String baseUrl, String tokenExpiresAt) implements Connection {
            @Override
            public AuthType authType() {
                return AuthType.PAT;
            }
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        @JsonPropertyOrder({"deployment", "baseUrl", "authType", "clientId", "cloudId", "tokenExpiresAt"})
        record OAuth2(String deployment, String baseUrl, String clientId, String cloudId, String tokenExpiresAt)
                implements Connection {
            @Override
            public AuthType authType() {
                return AuthType.OAUTH2;
            }
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        @JsonPropertyOrder({"deployment", "baseUrl", "authType", "clientId", "cloudId", "tokenExpiresAt"})
        record OAuth2ClientCredentials(String deployment, String baseUrl, String clientId, String cloudId,
                                       String tokenExpiresAt) implements Connection {
            @Override
            public AuthType authType() {
                return AuthType.OAUTH2_CLIENT_CREDENTIALS;
            }
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        @JsonPropertyOrder({"deployment", "baseUrl", "authType", "email", "cloudId", "tokenExpiresAt"})
        record ScopedApiToken(String deployment, String baseUrl, String email, String cloudId, String tokenExpiresAt)
                implements Connection {
            @Override
            public AuthType authType() {
                return AuthType.SCOPED_API_TOKEN;
            }
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        @JsonPropertyOrder({"deployment", "baseUrl", "authType", "consumerKey", "tokenExpiresAt"})
        record OAuth1(String deployment, String baseUrl, String consumerKey, String tokenExpiresAt)
                implements Connection {
            @Override
            public AuthType authType() {
                return AuthType.OAUTH1;
            }
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        @JsonPropertyOrder({"deployment", "baseUrl", "authType", "tokenExpiresAt"})
        record Connect(String deployment, String baseUrl, String tokenExpiresAt) implements Connection {
            @Override
            public AuthType authType() {
                return AuthType.CONNECT;
            }
        }
    }

    /** Where reports become issues. */
    public record Target(String projectKey, String issueType, String assignee) {
    }

    /** How reports are shaped; nulls mean the defaults (default priority map, every section). */
    public record Mapping(Map<String, String> priorityMap, List<String> include, String reportLinkBase,
                         List<CustomFieldEntry> customFields) {

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
