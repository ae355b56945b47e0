package org.jirabridge.authflow;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;

/**
 * The HTTP adapter of the OAuth operations under /api/v1 (docs/auth.md), and their JSON shapes: path and query
 * parameters and the body in, {@link OAuthFlow}'s records out. The sites and the application link are bound (the REST
 * DSL's binding writes the records); the authorization answers a redirect, the callbacks an HTML page for a browser
 * and JSON for an API client ({@link CallbackPage}), and the site pick has its body read by the domain
 * ({@link OAuthFlow#readSitePick}): those write their answer themselves. Bound as {@code oauthResource}.
 */
public final class OAuthResource {

    private final OAuthFlow flow;

    public OAuthResource(OAuthFlow flow) {
        this.flow = flow;
    }

    /** GET …/integrations/{id}/oauth/authorize: 302 to the consent page (OAuth 2.0) or Jira's approval (1.0a). */
    public void authorize(Exchange exchange) {
        String location = flow.authorize(exchange.getMessage().getHeader("id", String.class));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        exchange.getMessage().setHeader("Location", location);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain");
        exchange.getMessage().setBody("Redirecting to " + URI.create(location).getHost() + " to authorize");
    }

    /**
     * GET /api/v1/oauth/callback?code&state (or error&error_description&state); every parameter is read (a repeated
     * one refused) before the single-use state is spent.
     */
    public void oauth2Callback(Exchange exchange) {
        CallbackPage.answer(exchange, () -> flow.oauth2Callback(new OAuth2Callback(parameter(exchange, "state"),
                parameter(exchange, "error"), parameter(exchange, "error_description"), parameter(exchange, "code"))));
    }

    /** GET /api/v1/oauth1/callback?oauth_token&oauth_verifier */
    public void oauth1Callback(Exchange exchange) {
        CallbackPage.answer(exchange, () -> flow.oauth1Callback(new OAuth1Callback(parameter(exchange, "oauth_token"),
                parameter(exchange, "oauth_verifier"))));
    }

    /** GET …/integrations/{id}/sites */
    public void sites(Exchange exchange) {
        ApiResponses.bound(exchange, 200, flow.sites(exchange.getMessage().getHeader("id", String.class)));
    }

    /** PUT …/integrations/{id}/site {"cloudId": "…"}; a non-OAUTH2 integration is refused before the body. */
    public void pickSite(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        flow.requireOAuth2(id);
        SitePick pick = flow.readSitePick(exchange.getMessage().getBody(String.class));
        ApiResponses.json(exchange, 200, flow.pickSite(id, pick));
    }

    /** GET …/integrations/{id}/oauth1/application-link */
    public void applicationLink(Exchange exchange) {
        ApiResponses.bound(exchange, 200, flow.applicationLink(exchange.getMessage().getHeader("id", String.class)));
    }

    /** A callback parameter; a repeated one is refused (RFC 6749 3.1: parameters must not appear twice). */
    private static String parameter(Exchange exchange, String name) {
        Object raw = exchange.getMessage().getHeader(name);
        if (raw instanceof java.util.Collection<?> values && values.size() > 1) {
            throw new ApiException(400, "invalid_callback", "the parameter " + name + " appears more than once");
        }
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value;
    }

    /** What Atlassian's consent page sends back: code and state, or error (with a description) and state. */
    public record OAuth2Callback(String state, String error, String errorDescription, String code) {
    }

    /** What Jira's approval sends back: the request token and, when the user allowed access, the verifier. */
    public record OAuth1Callback(String requestToken, String verifier) {
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
