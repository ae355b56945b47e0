package org.jirabridge.authflow;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.api.ApiException;
import org.jirabridge.auth.AuthType;
import org.jirabridge.auth.CredentialsException;
import org.jirabridge.auth.OAuth1Signer;
import org.jirabridge.auth.OAuth2ThreeLeggedAuth;
import org.jirabridge.auth.OAuthTokenClient;
import org.jirabridge.authflow.OAuthResource.ApplicationLink;
import org.jirabridge.authflow.OAuthResource.Authorization;
import org.jirabridge.authflow.OAuthResource.Site;
import org.jirabridge.authflow.OAuthResource.SiteList;
import org.jirabridge.authflow.OAuthResource.SitePick;
import org.jirabridge.component.jira.client.RelayedText;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.integration.SecretVault;
import org.jirabridge.store.Json;
import org.jirabridge.store.OAuthPendingRepository;

/**
 * The browser side of OAuth: {@code GET /api/v1/integrations/{id}/oauth/authorize} redirects to Atlassian's consent
 * page (OAuth 2.0: audience, scopes, a {@code state} bound to the integration, PKCE S256) or to Jira's application
 * link approval (OAuth 1.0a: after getting a request token); the callbacks exchange what comes back for tokens, which
 * go straight into the vault. {@code GET …/sites} lists the sites of an OAuth 2.0 grant, {@code PUT …/site} picks
 * one; {@code GET …/oauth1/application-link} shows what the Jira administrator pastes. Takes parameters and
 * records and returns records (refusals are {@link ApiException}s); the HTTP side (redirect, HTML or JSON callback
 * page) is its adapter {@link OAuthResource}.
 */
public final class OAuthFlow {

    /** How long a started authorization may take before its callback is refused. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(15);
    static final String OAUTH2_CALLBACK = "/api/v1/oauth/callback";
    static final String OAUTH1_CALLBACK = "/api/v1/oauth1/callback";
    private static final String CODE_VERIFIER = "codeVerifier";
    /** The OAuth 2.0 client id or OAuth 1.0a consumer key the authorization was started with. */
    private static final String CLIENT = "client";

    private final Integrations integrations;
    private final OAuthPendingRepository pending;
    private final SecretVault vault;
    private final OAuthTokenClient tokens;
    private final String publicUrl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param publicUrl where browsers and Jira reach this service, e.g. https://bridge.example.com */
    public OAuthFlow(Integrations integrations, OAuthPendingRepository pending, SecretVault vault, String publicUrl,
                     Clock clock) {
        this.integrations = integrations;
        this.pending = pending;
        this.vault = vault;
        this.tokens = new OAuthTokenClient(integrations.hosts());
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = clock;
    }

    public String oauth2RedirectUri() {
        return publicUrl + OAUTH2_CALLBACK;
    }

    // ---- authorize

    /** Starts the browser authorization: where to send the browser (400 for an integration that needs none). */
    public String authorize(String integrationId) {
        Integration integration = integration(integrationId);
        AuthType type = integration.connection().authType();
        return switch (type) {
            case OAUTH2 -> oauth2Authorize(integration);
            case OAUTH1 -> oauth1Authorize(integration);
            default -> throw new ApiException(400, "not_oauth", "integration " + integration.id() + " uses " + type
                    + ", which needs no browser authorization; only OAUTH2 and OAUTH1 do");
        };
    }

    private String oauth2Authorize(Integration integration) {
        String state = randomToken();
        String verifier = randomToken() + randomToken();
        // the state is bound to this integration and used once: a callback with any other state is refused (CSRF);
        // the client is kept with it so that an integration edited meanwhile is not completed with another app
        pending.insert(new OAuthPendingRepository.Pending(state, integration.id(), "OAUTH2",
                vault.seal(Map.of(CODE_VERIFIER, verifier, CLIENT, integration.connection().clientId()))));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("audience", "api.atlassian.com");
        query.put("client_id", integration.connection().clientId());
        query.put("scope", String.join(" ", OAuth2ThreeLeggedAuth.SCOPES));
        query.put("redirect_uri", oauth2RedirectUri());
        query.put("state", state);
        query.put("response_type", "code");
        query.put("prompt", "consent");
        query.put("code_challenge", s256(verifier));
        query.put("code_challenge_method", "S256");
        return integrations.hosts().authorizeEndpoint() + "?" + form(query);
    }

    private String oauth1Authorize(Integration integration) {
        String site = stripSlash(integration.connection().baseUrl());
        Map<String, String> answer = oauth1Post(integration, site + "/plugins/servlet/oauth/request-token",
                Map.of("oauth_consumer_key", integration.connection().consumerKey(),
                        "oauth_callback", publicUrl + OAUTH1_CALLBACK));
        String requestToken = answer.get("oauth_token");
        if (requestToken == null) {
            throw new ApiException(502, "jira_refused", "Jira gave no request token");
        }
        pending.insert(new OAuthPendingRepository.Pending(requestToken, integration.id(), "OAUTH1",
                vault.seal(Map.of(CLIENT, integration.connection().consumerKey()))));
        return site + "/plugins/servlet/oauth/authorize?oauth_token="
                + URLEncoder.encode(requestToken, StandardCharsets.UTF_8);
    }

    // ---- callbacks

    /**
     * The OAuth 2.0 callback ({@code code&state} or {@code error&error_description&state}): the code exchanged for
     * tokens, the refresh token stored, the site chosen when the grant has one (or is the integration's).
     */
    public Authorization oauth2Callback(OAuthResource.OAuth2Callback callback) {
        String state = callback.state();
        String error = callback.error();
        String errorDescription = callback.errorDescription();
        String code = callback.code();
        OAuthPendingRepository.Pending started = state == null ? null
                : pending.take(state, PENDING_LIFETIME).filter(p -> p.kind().equals("OAUTH2")).orElse(null);
        if (started == null) {
            throw new ApiException(400, "invalid_state", "this callback does not belong to an authorization started "
                    + "here (unknown, used or expired state); start again with GET /api/v1/integrations/{id}/oauth/"
                    + "authorize");
        }
        if (error != null) {
            throw new ApiException(400, "authorization_declined", "Atlassian answered " + error
                    + (errorDescription == null ? "" : ": " + errorDescription)
                    + "; start again with GET /api/v1/integrations/" + started.integrationId() + "/oauth/authorize");
        }
        if (code == null) {
            throw new ApiException(400, "invalid_callback", "the callback carries neither code nor error");
        }
        Map<String, String> startedWith = vault.open(started.verifierSealed());
        Integration integration = unchangedSince(started, AuthType.OAUTH2, startedWith);
        String clientSecret = integrations.secrets(integration.id()).get("clientSecret");
        String verifier = startedWith.get(CODE_VERIFIER);
        OAuthTokenClient.TokenResponse granted;
        try {
            granted = tokens.exchangeCode(integration.connection().clientId(), clientSecret, code,
                    oauth2RedirectUri(), verifier);
        } catch (CredentialsException e) {
            throw new ApiException(e.retryable() ? 502 : 400, "token_exchange_failed", e.getMessage());
        }
        if (granted.refreshToken() == null) {
            throw new ApiException(400, "no_refresh_token", "Atlassian granted no refresh token: the app must be "
                    + "allowed the offline_access scope");
        }
        // the refresh token is stored before anything uses the grant
        integrations.updateSecrets(integration.id(), secrets -> {
            secrets.put(Integrations.REFRESH_TOKEN, granted.refreshToken());
            return secrets;
        });
        integrations.forgetConnection(integration.id());
        List<OAuthTokenClient.Site> sites = grantSites(granted.accessToken());
        OAuthTokenClient.Site chosen = choose(integration, sites);
        if (chosen != null) {
            pickSite(integration, chosen);
            return new Authorization(integration.id(), granted.scopes(), "authorized", site(chosen, chosen.cloudId()),
                    null, null);
        }
        return new Authorization(integration.id(), granted.scopes(), "choose_site", null, "the grant covers "
                + sites.size() + " sites: pick one with PUT /api/v1/integrations/" + integration.id()
                + "/site {\"cloudId\": \"…\"}", sites.stream().map(site -> site(site, null)).toList());
    }

    private static OAuthTokenClient.Site choose(Integration integration, List<OAuthTokenClient.Site> sites) {
        String wanted = integration.connection().cloudId();
        if (wanted != null) {
            return sites.stream().filter(site -> site.cloudId().equals(wanted)).findFirst().orElse(null);
        }
        return sites.size() == 1 ? sites.get(0) : null;
    }

    /** The OAuth 1.0a callback ({@code oauth_token&oauth_verifier}): the user allowed access in Jira. */
    public Authorization oauth1Callback(OAuthResource.OAuth1Callback callback) {
        String requestToken = callback.requestToken();
        String verifier = callback.verifier();
        OAuthPendingRepository.Pending started = requestToken == null ? null
                : pending.take(requestToken, PENDING_LIFETIME).filter(p -> p.kind().equals("OAUTH1")).orElse(null);
        if (started == null) {
            throw new ApiException(400, "invalid_state", "this callback does not belong to an authorization started "
                    + "here (unknown, used or expired request token)");
        }
        if (verifier == null) {
            throw new ApiException(400, "authorization_declined", "Jira sent no oauth_verifier: access was denied");
        }
        Integration integration = unchangedSince(started, AuthType.OAUTH1, started.verifierSealed() == null ? Map.of()
                : vault.open(started.verifierSealed()));
        Map<String, String> answer = oauth1Post(integration, stripSlash(integration.connection().baseUrl())
                + "/plugins/servlet/oauth/access-token", Map.of("oauth_consumer_key",
                integration.connection().consumerKey(), "oauth_token", requestToken, "oauth_verifier", verifier));
        String accessToken = answer.get("oauth_token");
        if (accessToken == null) {
            throw new ApiException(502, "jira_refused", "Jira gave no access token");
        }
        integrations.updateSecrets(integration.id(), secrets -> {
            secrets.put(Integrations.OAUTH1_ACCESS_TOKEN, accessToken);
            return secrets;
        });
        integrations.forgetConnection(integration.id());
        return new Authorization(integration.id(), null, "authorized", null, null, null);
    }

    // ---- sites picker

    /** The sites of the integration's OAuth 2.0 grant, the integration's own one selected. */
    public SiteList sites(String integrationId) {
        Integration integration = oauth2Integration(integrationId);
        List<OAuthTokenClient.Site> sites = grantSites(currentAccessToken(integration));
        return new SiteList(sites.stream().map(site -> site(site, integration.connection().cloudId())).toList());
    }

    /** Reads PUT …/site's body, {"cloudId": "…"}; what is not JSON is a 400. */
    public SitePick readSitePick(String text) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(text);
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(400, "malformed_json", "send {\"cloudId\": \"…\"}");
        }
        return new SitePick(body == null ? null : body.path("cloudId").asText(null));
    }

    /** Refuses an unknown integration (404) and one that does not use OAUTH2 (400). */
    public void requireOAuth2(String integrationId) {
        oauth2Integration(integrationId);
    }

    /** Makes one of the grant's sites the integration's; 400 when the grant does not cover it. */
    public Authorization pickSite(String integrationId, SitePick pick) {
        Integration integration = oauth2Integration(integrationId);
        String cloudId = pick.cloudId();
        if (cloudId == null || cloudId.isBlank()) {
            throw new ApiException(400, "invalid_site", "cloudId is required",
                    List.of(ApiException.fieldProblem("cloudId", "is required")));
        }
        OAuthTokenClient.Site site = grantSites(currentAccessToken(integration)).stream()
                .filter(s -> s.cloudId().equals(cloudId)).findFirst()
                .orElseThrow(() -> new ApiException(400, "invalid_site", "the grant does not cover a site with cloud"
                        + " id " + cloudId + "; see GET /api/v1/integrations/" + integration.id() + "/sites",
                        List.of(ApiException.fieldProblem("cloudId", "is not one of the grant's sites"))));
        pickSite(integration, site);
        return new Authorization(integration.id(), null, "authorized", site(site, cloudId), null, null);
    }

    private void pickSite(Integration integration, OAuthTokenClient.Site site) {
        Integration.Connection picked = integration.connection().at(site.url(), site.cloudId());
        Integration updated = new Integration(integration.id(), integration.name(), integration.isDefault(), picked,
                integration.target(), integration.mapping(), integration.sync());
        // save keeps the refresh token (a grant secret) while the client stays the same
        Map<String, String> secrets = new LinkedHashMap<>(integrations.secrets(integration.id()));
        secrets.keySet().removeAll(Integrations.GRANT_SECRETS);
        integrations.save(updated, secrets);
    }

    private String currentAccessToken(Integration integration) {
        try {
            String header = integrations.resolve(integration.id()).auth()
                    .authorizationHeaders("GET", URI.create(integrations.hosts().accessibleResources()))
                    .get("Authorization");
            return header.substring("Bearer ".length());
        } catch (CredentialsException e) {
            throw new ApiException(409, "not_authorized", e.getMessage());
        }
    }

    private List<OAuthTokenClient.Site> grantSites(String accessToken) {
        try {
            return tokens.accessibleResources(accessToken);
        } catch (CredentialsException e) {
            throw new ApiException(502, "gateway_refused", e.getMessage());
        }
    }

    private static Site site(OAuthTokenClient.Site site, String selectedCloudId) {
        return new Site(site.cloudId(), site.name(), site.url(), site.scopes(), site.cloudId().equals(selectedCloudId));
    }

    // ---- OAuth 1.0a application link

    /** What the Jira administrator enters in the application link's incoming authentication. */
    public ApplicationLink applicationLink(String integrationId) {
        Integration integration = integration(integrationId);
        if (integration.connection().authType() != AuthType.OAUTH1) {
            throw new ApiException(400, "not_oauth1", "integration " + integration.id() + " does not use OAUTH1");
        }
        PrivateKey key = OAuth1Signer.decodePrivateKey(integrations.secrets(integration.id())
                .get(Integrations.OAUTH1_PRIVATE_KEY));
        return new ApplicationLink(integration.connection().consumerKey(), "jira-bridge (" + integration.name() + ")",
                OAuth1Signer.publicKeyPem(OAuth1Signer.publicKeyOf(key)), publicUrl + OAUTH1_CALLBACK,
                integrations.secrets(integration.id()).containsKey(Integrations.OAUTH1_ACCESS_TOKEN));
    }

    private Map<String, String> oauth1Post(Integration integration, String url, Map<String, String> oauthParams) {
        // the only request to a Jira URL outside the jirarest component: the URL policy decides here as well
        integrations.requireAllowedUrl(integration);
        PrivateKey key = OAuth1Signer.decodePrivateKey(integrations.secrets(integration.id())
                .get(Integrations.OAUTH1_PRIVATE_KEY));
        URI uri = URI.create(url);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Authorization", OAuth1Signer.authorizationHeader("POST", uri, oauthParams, key,
                        clock.instant().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(502, "jira_unreachable", "cannot reach " + uri.getHost() + ": "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "interrupted");
        }
        Map<String, String> answer = decodeForm(response.body());
        if (response.statusCode() != 200) {
            String problem = RelayedText.clean(answer.getOrDefault("oauth_problem", "HTTP " + response.statusCode()));
            throw new ApiException(400, "jira_refused", "Jira refused the OAuth 1.0a request: " + problem
                    + remedy(problem));
        }
        return answer;
    }

    private static String remedy(String problem) {
        return switch (problem) {
            case "consumer_key_unknown" -> "; create the application link in Jira with the consumer key and public "
                    + "key from GET /api/v1/integrations/{id}/oauth1/application-link";
            case "signature_invalid" -> "; Jira checks signatures against its own base URL, so first make"
                    + " connection.baseUrl exactly Jira's (POST /api/v1/integrations/{id}/check compares it with"
                    + " serverInfo.baseUrl: http://127.0.0.1:8081 is not http://localhost:8081); if it is, the public"
                    + " key in Jira's application link is not this integration's: paste it again from"
                    + " GET /api/v1/integrations/{id}/oauth1/application-link";
            case "timestamp_refused" -> "; the clocks of Jira and jira-bridge differ by more than 5 minutes";
            default -> "";
        };
    }

    // ---- helpers

    private Integration integration(String id) {
        return integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
    }

    private Integration oauth2Integration(String id) {
        Integration integration = integration(id);
        if (integration.connection().authType() != AuthType.OAUTH2) {
            throw new ApiException(400, "not_oauth2", "sites belong to OAUTH2 grants; integration "
                    + integration.id() + " uses " + integration.connection().authType());
        }
        return integration;
    }

    /** The integration of a started authorization, refused when its auth type or client changed meanwhile. */
    private Integration unchangedSince(OAuthPendingRepository.Pending started, AuthType type,
                                       Map<String, String> startedWith) {
        Integration integration = integrations.find(started.integrationId())
                .orElseThrow(() -> ApiException.notFound("integration", started.integrationId()));
        Integration.Connection c = integration.connection();
        String client = type == AuthType.OAUTH2 ? c.clientId() : c.consumerKey();
        if (c.authType() != type || client == null || !client.equals(startedWith.get(CLIENT))) {
            throw new ApiException(409, "integration_changed", "integration " + integration.id() + " changed its "
                    + "authentication since this authorization started; start again with GET /api/v1/integrations/"
                    + integration.id() + "/oauth/authorize");
        }
        return integration;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        return out.toString();
    }

    private static Map<String, String> decodeForm(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body == null ? new String[0] : body.trim().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
