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
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.auth.AuthType;
import org.jirabridge.auth.CredentialsException;
import org.jirabridge.auth.OAuth1Signer;
import org.jirabridge.auth.OAuth2ThreeLeggedAuth;
import org.jirabridge.auth.OAuthTokenClient;
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
 * one; {@code GET …/oauth1/application-link} shows what the Jira administrator pastes. Bound as {@code oauthFlow}.
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

    public void authorizeHttp(Exchange exchange) {
        Integration integration = integration(exchange);
        AuthType type = integration.connection().authType();
        String location = switch (type) {
            case OAUTH2 -> oauth2Authorize(integration);
            case OAUTH1 -> oauth1Authorize(integration);
            default -> throw new ApiException(400, "not_oauth", "integration " + integration.id() + " uses " + type
                    + ", which needs no browser authorization; only OAUTH2 and OAUTH1 do");
        };
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        exchange.getMessage().setHeader("Location", location);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain");
        exchange.getMessage().setBody("Redirecting to " + URI.create(location).getHost() + " to authorize");
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
     * {@code GET /api/v1/oauth/callback?code&state} (or {@code error&error_description&state}); a browser gets an
     * HTML page, a client asking for JSON the JSON answer.
     */
    public void oauth2CallbackHttp(Exchange exchange) {
        CallbackPage.answer(exchange, () -> oauth2Callback(exchange));
    }

    private Map<String, Object> oauth2Callback(Exchange exchange) {
        // every parameter is read (and a repeated one refused) before the single-use state is spent
        String state = header(exchange, "state");
        String error = header(exchange, "error");
        String errorDescription = header(exchange, "error_description");
        String code = header(exchange, "code");
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
        List<OAuthTokenClient.Site> sites = sites(granted.accessToken());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("integrationId", integration.id());
        answer.put("scopes", granted.scopes());
        OAuthTokenClient.Site chosen = choose(integration, sites);
        if (chosen != null) {
            pickSite(integration, chosen);
            answer.put("status", "authorized");
            answer.put("site", siteJson(chosen, chosen.cloudId()));
        } else {
            answer.put("status", "choose_site");
            answer.put("message", "the grant covers " + sites.size() + " sites: pick one with PUT /api/v1/"
                    + "integrations/" + integration.id() + "/site {\"cloudId\": \"…\"}");
            answer.put("sites", sites.stream().map(site -> siteJson(site, null)).toList());
        }
        return answer;
    }

    private static OAuthTokenClient.Site choose(Integration integration, List<OAuthTokenClient.Site> sites) {
        String wanted = integration.connection().cloudId();
        if (wanted != null) {
            return sites.stream().filter(site -> site.cloudId().equals(wanted)).findFirst().orElse(null);
        }
        return sites.size() == 1 ? sites.get(0) : null;
    }

    /** {@code GET /api/v1/oauth1/callback?oauth_token&oauth_verifier}: the user allowed access in Jira. */
    public void oauth1CallbackHttp(Exchange exchange) {
        CallbackPage.answer(exchange, () -> oauth1Callback(exchange));
    }

    private Map<String, Object> oauth1Callback(Exchange exchange) {
        String requestToken = header(exchange, "oauth_token");
        String verifier = header(exchange, "oauth_verifier");
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
        return Map.of("integrationId", integration.id(), "status", "authorized");
    }

    // ---- sites picker

    public void sitesHttp(Exchange exchange) {
        Integration integration = oauth2Integration(exchange);
        List<OAuthTokenClient.Site> sites = sites(currentAccessToken(integration));
        ApiResponses.json(exchange, 200, Map.of("sites", sites.stream()
                .map(site -> siteJson(site, integration.connection().cloudId())).toList()));
    }

    public void pickSiteHttp(Exchange exchange) {
        Integration integration = oauth2Integration(exchange);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(400, "malformed_json", "send {\"cloudId\": \"…\"}");
        }
        String cloudId = body == null ? null : body.path("cloudId").asText(null);
        if (cloudId == null || cloudId.isBlank()) {
            throw new ApiException(400, "invalid_site", "cloudId is required",
                    List.of(ApiException.fieldProblem("cloudId", "is required")));
        }
        OAuthTokenClient.Site site = sites(currentAccessToken(integration)).stream()
                .filter(s -> s.cloudId().equals(cloudId)).findFirst()
                .orElseThrow(() -> new ApiException(400, "invalid_site", "the grant does not cover a site with cloud"
                        + " id " + cloudId + "; see GET /api/v1/integrations/" + integration.id() + "/sites",
                        List.of(ApiException.fieldProblem("cloudId", "is not one of the grant's sites"))));
        pickSite(integration, site);
        ApiResponses.json(exchange, 200, Map.of("integrationId", integration.id(), "status", "authorized",
                "site", siteJson(site, cloudId)));
    }

    private void pickSite(Integration integration, OAuthTokenClient.Site site) {
        Integration.Connection c = integration.connection();
        Integration.Connection picked = new Integration.Connection(c.deployment(), site.url(), c.authType(), c.email(),
                c.username(), c.clientId(), site.cloudId(), c.consumerKey(), c.tokenExpiresAt());
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

    private List<OAuthTokenClient.Site> sites(String accessToken) {
        try {
            return tokens.accessibleResources(accessToken);
        } catch (CredentialsException e) {
            throw new ApiException(502, "gateway_refused", e.getMessage());
        }
    }

    private static Map<String, Object> siteJson(OAuthTokenClient.Site site, String selectedCloudId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cloudId", site.cloudId());
        json.put("name", site.name());
        json.put("url", site.url());
        json.put("scopes", site.scopes());
        json.put("selected", site.cloudId().equals(selectedCloudId));
        return json;
    }

    // ---- OAuth 1.0a application link

    /** What the Jira administrator enters in the application link's incoming authentication. */
    public void applicationLinkHttp(Exchange exchange) {
        Integration integration = integration(exchange);
        if (integration.connection().authType() != AuthType.OAUTH1) {
            throw new ApiException(400, "not_oauth1", "integration " + integration.id() + " does not use OAUTH1");
        }
        PrivateKey key = OAuth1Signer.decodePrivateKey(integrations.secrets(integration.id())
                .get(Integrations.OAUTH1_PRIVATE_KEY));
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("consumerKey", integration.connection().consumerKey());
        link.put("consumerName", "jira-bridge (" + integration.name() + ")");
        link.put("publicKey", OAuth1Signer.publicKeyPem(OAuth1Signer.publicKeyOf(key)));
        link.put("callbackUrl", publicUrl + OAUTH1_CALLBACK);
        link.put("authorized", integrations.secrets(integration.id()).containsKey(Integrations.OAUTH1_ACCESS_TOKEN));
        ApiResponses.json(exchange, 200, link);
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

    private Integration integration(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
    }

    private Integration oauth2Integration(Exchange exchange) {
        Integration integration = integration(exchange);
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

    /** A callback parameter; a repeated one is refused (RFC 6749 3.1: parameters must not appear twice). */
    private static String header(Exchange exchange, String name) {
        Object raw = exchange.getMessage().getHeader(name);
        if (raw instanceof java.util.Collection<?> values && values.size() > 1) {
            throw new ApiException(400, "invalid_callback", "the parameter " + name + " appears more than once");
        }
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value;
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
