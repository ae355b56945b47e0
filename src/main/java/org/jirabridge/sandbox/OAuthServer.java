package org.jirabridge.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Atlassian's authorization server (auth.atlassian.com) as the sandbox plays it, Cloud flavour only:
 * {@code GET /authorize} (consent page with Accept / Decline, or an immediate redirect when auto-approve is on),
 * {@code POST /oauth/token} (authorization_code with PKCE, rotating refresh_token, client_credentials).
 *
 * <p>Seeded clients: the 3LO app {@code demo-oauth-client} / {@code demo-oauth-secret} (callback URL
 * {@code http://localhost/api/v1/oauth/callback}, any port), whose user (the demo user) consents to the site with
 * cloud id {@code demo-cloud}; and the service account {@code demo-svc-client} / {@code demo-svc-secret}. More 3LO
 * apps are registered through the control API with their callback URLs.
 *
 * <p>The {@code redirect_uri} must match a callback URL registered for the app (Atlassian: "the redirect_uri must
 * match this URL"): compared exactly, except that a loopback callback accepts any port (RFC 8252 7.3), since tests
 * run on free ports; anything else gets an error page and never a redirect. PKCE (RFC 7636; Atlassian does not
 * document it for 3LO, so the sandbox follows the RFC): a {@code code_challenge} needs {@code
 * code_challenge_method=S256} (the RFC's default "plain" is refused), and the code is then redeemed only with the
 * {@code code_verifier} whose S256 is the challenge.
 *
 * <p>Refresh tokens rotate on every use, as Atlassian's do: the token used is rotated out; using a rotated-out token
 * again within the 10-minute leeway still works, later it revokes the whole token family (every refresh and access
 * token of the grant) and answers 403 {@code invalid_grant}. Tokens live 1 hour (access) and 90 days unused
 * (refresh). Called with the state's monitor held.
 */
final class OAuthServer {

    static final String DEMO_CLIENT_ID = "demo-oauth-client";
    static final String DEMO_CLIENT_SECRET = "demo-oauth-secret";
    static final String DEMO_CALLBACK_URL = "http://localhost/api/v1/oauth/callback";
    static final String SERVICE_CLIENT_ID = "demo-svc-client";
    static final String SERVICE_CLIENT_SECRET = "demo-svc-secret";
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    static final Duration REFRESH_INACTIVITY = Duration.ofDays(90);
    static final Duration REUSE_LEEWAY = Duration.ofMinutes(10);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    /** Long enough for a delivery and its retries. */
    static final Duration WEBHOOK_TOKEN_LIFETIME = Duration.ofMinutes(3);
    static final List<String> SERVICE_SCOPES = List.of("read:jira-work", "write:jira-work", "read:jira-user",
            "manage:jira-webhook", "read:field:jira");

    /** An OAuth client: a 3LO app or a service account's client credentials. */
    record Client(String id, String secret, boolean serviceAccount, List<String> callbackUrls) {
    }

    /** An access token: whose, for which sites, with which scopes, until when; familyId null for service tokens. */
    record AccessToken(String clientId, String userId, Set<String> scopes, Instant expiresAt, String familyId) {
    }

    private record PendingConsent(String clientId, String redirectUri, String state, Set<String> scopes,
                                  String codeChallenge) {
    }

    private record Code(String clientId, String redirectUri, Set<String> scopes, String codeChallenge,
                        Instant expiresAt) {
    }

    /** The refresh tokens of one grant; each token maps to when it was rotated out (null while current). */
    private static final class Family {
        final String id;
        final String clientId;
        final Set<String> scopes;
        final Map<String, Instant> rotatedAt = new HashMap<>();
        Instant lastUsed;
        boolean revoked;

        Family(String id, String clientId, Set<String> scopes, Instant now) {
            this.id = id;
            this.clientId = clientId;
            this.scopes = scopes;
            this.lastUsed = now;
        }
    }

    private final SandboxState state;
    private final SandboxClock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Client> clients = new LinkedHashMap<>();
    private final Map<String, PendingConsent> pending = new HashMap<>();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    private final Map<String, Family> families = new HashMap<>();
    private final Map<String, Family> familyOfRefreshToken = new HashMap<>();
    private boolean autoApprove;

    OAuthServer(SandboxState state, SandboxClock clock) {
        this.state = state;
        this.clock = clock;
        reset();
    }

    void reset() {
        clients.clear();
        pending.clear();
        codes.clear();
        accessTokens.clear();
        families.clear();
        familyOfRefreshToken.clear();
        clients.put(DEMO_CLIENT_ID, new Client(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, false, List.of(DEMO_CALLBACK_URL)));
        clients.put(SERVICE_CLIENT_ID, new Client(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET, true, List.of()));
    }

    /** A 3LO app as created in the developer console, with the callback URLs its redirect_uri may be. */
    void registerApp(String clientId, String clientSecret, List<String> callbackUrls) {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("clientId and clientSecret are required");
        }
        for (String url : callbackUrls) {
            URI uri = parse(url);
            if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("callbackUrls must be absolute URLs without a fragment: " + url);
            }
        }
        if (callbackUrls.isEmpty()) {
            throw new IllegalArgumentException("callbackUrls needs at least one URL");
        }
        clients.put(clientId, new Client(clientId, clientSecret, false, List.copyOf(callbackUrls)));
    }

    /** Whether redirect_uri is one of the app's callback URLs: exact, or a loopback one on any port. */
    static boolean registeredCallback(Client client, String redirectUri) {
        URI candidate = redirectUri == null ? null : parse(redirectUri);
        if (candidate == null) {
            return false;
        }
        for (String registered : client.callbackUrls()) {
            if (registered.equals(redirectUri)) {
                return true;
            }
            URI expected = parse(registered);
            // RFC 8252 7.3: a loopback callback may come back on any port; everything else must be identical
            if (expected != null && loopback(expected.getHost()) && candidate.getRawUserInfo() == null
                    && expected.getScheme().equalsIgnoreCase(String.valueOf(candidate.getScheme()))
                    && expected.getHost().equalsIgnoreCase(String.valueOf(candidate.getHost()))
                    && Objects.equals(expected.getRawPath(), candidate.getRawPath())
                    && Objects.equals(expected.getRawQuery(), candidate.getRawQuery())
                    && candidate.getRawFragment() == null) {
                return true;
            }
        }
        return false;
    }

    private static boolean loopback(String host) {
        return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    void autoApprove(boolean enabled) {
        autoApprove = enabled;
    }

    boolean autoApprove() {
        return autoApprove;
    }

    /** A valid access token, or empty when unknown, expired or revoked. */
    Optional<AccessToken> accessToken(String token) {
        AccessToken access = accessTokens.get(token);
        if (access == null || !clock.now().isBefore(access.expiresAt()) || state.isRevoked(token)) {
            return Optional.empty();
        }
        if (access.familyId() != null && families.get(access.familyId()).revoked) {
            return Optional.empty();
        }
        if (state.isRevoked(clients.get(access.clientId()).secret())) {
            return Optional.empty();
        }
        return Optional.of(access);
    }

    /** The user's consent is withdrawn: every token of every grant of that client stops working. */
    void revokeGrants(String clientId) {
        families.values().stream().filter(f -> f.clientId.equals(clientId)).forEach(f -> f.revoked = true);
    }

    // ---- GET /authorize and the consent form

    SandboxResponse authorize(SandboxRequest request) {
        String clientId = request.param("client_id");
        Client client = clientId == null ? null : clients.get(clientId);
        String redirectUri = request.param("redirect_uri");
        if (client == null || client.serviceAccount()) {
            return errorPage("Something went wrong: the app (client_id) is unknown or not an OAuth 2.0 (3LO) app.");
        }
        if (!registeredCallback(client, redirectUri)) {
            // never redirect to an unregistered address, not even with an error (RFC 6749 4.1.2.1)
            return errorPage("Something went wrong: redirect_uri does not match the app's callback URL.");
        }
        String problem = null;
        if (!"api.atlassian.com".equals(request.param("audience"))) {
            problem = "audience must be api.atlassian.com";
        } else if (!"code".equals(request.param("response_type"))) {
            problem = "response_type must be code";
        } else if (request.param("scope") == null || request.param("scope").isBlank()) {
            problem = "scope is required";
        } else if (request.param("code_challenge") != null
                && !"S256".equals(request.param("code_challenge_method"))) {
            problem = "code_challenge_method must be S256";
        } else if (request.param("code_challenge") != null
                && !request.param("code_challenge").matches("[A-Za-z0-9_-]{43}")) {
            problem = "code_challenge must be the base64url SHA-256 of the code_verifier (43 characters)";
        }
        if (problem != null) {
            return redirect(redirectUri, Map.of("error", "invalid_request", "error_description", problem),
                    request.param("state"));
        }
        Set<String> scopes = new LinkedHashSet<>(List.of(request.param("scope").trim().split("\\s+")));
        PendingConsent consent = new PendingConsent(clientId, redirectUri, request.param("state"), scopes,
                request.param("code_challenge"));
        if (autoApprove) {
            return approve(consent);
        }
        String id = newToken("consent");
        pending.put(id, consent);
        String page = "<!DOCTYPE html><html><head><title>Authorize jira-bridge</title></head><body>"
                + "<h1>" + FormBody.html(clientId) + " is requesting access to your Atlassian account</h1>"
                + "<p>Site: Demo (" + FormBody.html(state.flavour().name().toLowerCase()) + ", cloud id "
                + Gateway.DEMO_CLOUD_ID + ")</p><ul>"
                + scopes.stream().map(s -> "<li>" + FormBody.html(s) + "</li>").reduce("", String::concat)
                + "</ul><form method=\"post\" action=\"/authorize/consent\">"
                + "<input type=\"hidden\" name=\"consent\" value=\"" + id + "\">"
                + "<button type=\"submit\" name=\"decision\" value=\"accept\">Accept</button>"
                + "<button type=\"submit\" name=\"decision\" value=\"decline\">Decline</button>"
                + "</form></body></html>";
        return SandboxResponse.text(200, "text/html;charset=UTF-8", page);
    }

    SandboxResponse consent(SandboxRequest request) {
        Map<String, String> form = FormBody.decode(new String(request.body(), StandardCharsets.UTF_8));
        PendingConsent consent = pending.remove(form.getOrDefault("consent", ""));
        if (consent == null) {
            return errorPage("This authorization request is unknown or was already answered.");
        }
        if (!"accept".equals(form.get("decision"))) {
            return redirect(consent.redirectUri(), Map.of("error", "access_denied",
                    "error_description", "User did not authorize the request"), consent.state());
        }
        return approve(consent);
    }

    private SandboxResponse approve(PendingConsent consent) {
        String code = newToken("code");
        codes.put(code, new Code(consent.clientId(), consent.redirectUri(), consent.scopes(), consent.codeChallenge(),
                clock.now().plus(CODE_LIFETIME)));
        return redirect(consent.redirectUri(), Map.of("code", code), consent.state());
    }

    // ---- POST /oauth/token

    SandboxResponse token(SandboxRequest request) {
        Map<String, String> params;
        try {
            params = FormBody.parse(request);
        } catch (Json.BadJsonException e) {
            return oauthError(400, "invalid_request", "The request body is not valid JSON.");
        }
        String grantType = params.getOrDefault("grant_type", "");
        Client client = clients.get(params.getOrDefault("client_id", ""));
        if (client == null || !client.secret().equals(params.get("client_secret")) || state.isRevoked(client.secret())) {
            return oauthError(401, "access_denied", "Unauthorized");
        }
        return switch (grantType) {
            case "authorization_code" -> codeGrant(client, params);
            case "refresh_token" -> refreshGrant(client, params);
            case "client_credentials" -> clientCredentialsGrant(client);
            default -> oauthError(400, "unsupported_grant_type", "Unsupported grant type: " + grantType);
        };
    }

    private SandboxResponse codeGrant(Client client, Map<String, String> params) {
        Code code = codes.remove(params.getOrDefault("code", ""));
        if (code == null || !code.clientId().equals(client.id()) || !clock.now().isBefore(code.expiresAt())) {
            return oauthError(403, "invalid_grant", "Invalid authorization code");
        }
        if (!code.redirectUri().equals(params.get("redirect_uri"))) {
            return oauthError(403, "invalid_grant", "redirect_uri does not match the one of the authorization request");
        }
        String verifier = params.get("code_verifier");
        // RFC 7636 4.1: 43 to 128 unreserved characters; 4.6: its S256 must be the challenge of the authorization
        if (code.codeChallenge() != null && (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
                || !code.codeChallenge().equals(s256(verifier)))) {
            return oauthError(403, "invalid_grant", "Invalid code_verifier");
        }
        Family family = new Family(newToken("family"), client.id(), code.scopes(), clock.now());
        families.put(family.id, family);
        return grant(client, family);
    }

    private SandboxResponse refreshGrant(Client client, Map<String, String> params) {
        String used = params.getOrDefault("refresh_token", "");
        Family family = familyOfRefreshToken.get(used);
        Instant now = clock.now();
        if (family == null || !family.clientId.equals(client.id()) || family.revoked || state.isRevoked(used)
                || now.isAfter(family.lastUsed.plus(REFRESH_INACTIVITY))) {
            return oauthError(403, "invalid_grant", "Unknown or invalid refresh token.");
        }
        Instant rotated = family.rotatedAt.get(used);
        if (rotated != null && now.isAfter(rotated.plus(REUSE_LEEWAY))) {
            // reuse of a rotated-out token outside the leeway: the grant may be stolen, so all of it dies
            family.revoked = true;
            return oauthError(403, "invalid_grant", "Unknown or invalid refresh token.");
        }
        if (rotated == null) {
            family.rotatedAt.put(used, now);
        }
        family.lastUsed = now;
        return grant(client, family);
    }

    private SandboxResponse clientCredentialsGrant(Client client) {
        if (!client.serviceAccount()) {
            return oauthError(403, "unauthorized_client", "The client is not authorized for client_credentials");
        }
        String access = newToken("svc-access");
        Set<String> scopes = new LinkedHashSet<>(SERVICE_SCOPES);
        accessTokens.put(access, new AccessToken(client.id(), Gateway.serviceUser(state).accountId(), scopes,
                clock.now().plus(ACCESS_TOKEN_LIFETIME), null));
        ObjectNode body = Json.object().put("access_token", access)
                .put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds()).put("token_type", "Bearer")
                .put("scope", String.join(" ", scopes));
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse grant(Client client, Family family) {
        String access = newToken("access");
        accessTokens.put(access, new AccessToken(client.id(), state.demoUser().accountId(), family.scopes,
                clock.now().plus(ACCESS_TOKEN_LIFETIME), family.id));
        ObjectNode body = Json.object().put("access_token", access)
                .put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds()).put("token_type", "Bearer");
        if (family.scopes.contains("offline_access")) {
            String refresh = newToken("refresh");
            familyOfRefreshToken.put(refresh, family);
            body.put("refresh_token", refresh);
        }
        List<String> granted = new ArrayList<>(family.scopes);
        body.put("scope", String.join(" ", granted));
        return SandboxResponse.json(200, body);
    }

    // ---- dynamic webhooks of 3LO apps

    /**
     * {@code Bearer …} for a webhook delivery to a 3LO app: an HS256 JWT signed with the app's client secret (Jira
     * Cloud does not HMAC-sign dynamic webhooks), naming the site, the app and the user who registered the webhook.
     * Null when the app can no longer receive: unknown client, revoked secret, or no live grant left.
     */
    String webhookAuthorization(String clientId, String userId, String siteUrl) {
        Client client = clients.get(clientId);
        if (client == null || client.serviceAccount() || state.isRevoked(client.secret())
                || families.values().stream().noneMatch(f -> f.clientId.equals(clientId) && !f.revoked)) {
            return null;
        }
        Instant now = clock.now();
        ObjectNode claims = Json.object().put("iss", siteUrl).put("sub", userId).put("aud", clientId)
                .put("iat", now.getEpochSecond()).put("exp", now.plus(WEBHOOK_TOKEN_LIFETIME).getEpochSecond());
        // signed by hand: client secrets may be shorter than the 256 bits JOSE libraries insist on for HS256
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(Json.bytes(claims));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(client.secret().getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return "Bearer " + signingInput + "." + url.encodeToString(
                    mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    // ---- helpers

    private static SandboxResponse oauthError(int status, String error, String description) {
        return SandboxResponse.json(status, Json.object().put("error", error).put("error_description", description));
    }

    private static SandboxResponse errorPage(String message) {
        return SandboxResponse.text(400, "text/html;charset=UTF-8", "<!DOCTYPE html><html><body><h1>"
                + FormBody.html(message) + "</h1></body></html>");
    }

    private static SandboxResponse redirect(String target, Map<String, String> params, String state) {
        Map<String, String> all = new LinkedHashMap<>(params);
        if (state != null) {
            all.put("state", state);
        }
        String location = target + (target.contains("?") ? "&" : "?") + FormBody.encode(all);
        return SandboxResponse.text(302, "text/html;charset=UTF-8", "").header("Location", location);
    }

    private String newToken(String kind) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return kind + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
