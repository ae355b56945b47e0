package org.jirabridge.authflow;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON shapes of the OAuth operations under /api/v1 (docs/auth.md). */
public final class OAuthResource {

    private OAuthResource() {
    }

    /** A site of an OAuth 2.0 grant; selected when it is the integration's. */
    public record Site(String cloudId, String name, String url, List<String> scopes, boolean selected) {
    }

    public record SiteList(List<Site> sites) {
    }

    /** PUT …/site: the cloud id of one of the grant's sites. */
    public record SitePick(String cloudId) {
    }

    /**
     * The outcome of a grant: status "authorized" (with the site) or, after a callback whose grant covers several
     * sites, "choose_site" with the sites and a message.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Authorization(String integrationId, List<String> scopes, String status, Site site, String message,
                                List<Site> sites) {
    }

    /** The values Jira's application link needs for OAuth 1.0a. */
    public record ApplicationLink(String consumerKey, String consumerName, String publicKey, String callbackUrl,
                                  boolean authorized) {
    }
}
