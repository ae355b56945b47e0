package org.jirabridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Atlassian's API gateway (api.atlassian.com) as the sandbox plays it, Cloud flavour only:
 * {@code GET /oauth/token/accessible-resources}, the site's public {@code GET /_edge/tenant_info}, and
 * {@code /ex/jira/{cloudId}/rest/…}, which admits OAuth 2.0 Bearer tokens (3LO and service account) and service
 * accounts' scoped API tokens (Basic {@code email:token}) and hands the request on to the REST API as that account.
 * Those credentials are refused on the site URL itself, as on Cloud. Called with the state's monitor held.
 *
 * <p>Seeded: the site {@code demo-cloud} (this sandbox); the scoped API token {@code svc@example.com} /
 * {@code demo-scoped-token} of the service account, valid for a year.
 */
final class Gateway {

    static final String DEMO_CLOUD_ID = "demo-cloud";
    static final String SCOPED_TOKEN_EMAIL = "svc@example.com";
    static final String SCOPED_TOKEN = "demo-scoped-token";
    static final String GATEWAY_PREFIX = "/ex/jira/";
    static final String SCOPE_MISMATCH = "Unauthorized; scope does not match";

    /** A site the demo user has granted, as accessible-resources lists it. */
    record Site(String id, String name, String url) {
    }

    /** Who the gateway let in, and the request as the site's REST API sees it; or the gateway's refusal. */
    record Admission(SandboxRequest inner, Authenticator.Outcome outcome, SandboxResponse failure) {
    }

    private record ScopedToken(String email, Set<String> scopes, Instant expiresAt) {
    }

    private final SandboxState state;
    private final SandboxClock clock;
    private final OAuthServer oauth;
    private final String baseUrl;
    private final List<Site> extraSites = new ArrayList<>();
    private final Map<String, ScopedToken> scopedTokens = new LinkedHashMap<>();

    Gateway(SandboxState state, SandboxClock clock, OAuthServer oauth, String baseUrl) {
        this.state = state;
        this.clock = clock;
        this.oauth = oauth;
        this.baseUrl = baseUrl;
        reset();
    }

    void reset() {
        extraSites.clear();
        scopedTokens.clear();
        scopedTokens.put(SCOPED_TOKEN, new ScopedToken(SCOPED_TOKEN_EMAIL, Set.of("read:jira-work", "write:jira-work",
                "read:jira-user"), clock.now().plus(Duration.ofDays(365))));
    }

    /** Another site the demo user consented to (to exercise the sites picker). */
    void addSite(Site site) {
        extraSites.add(site);
    }

    /** The service account behind client credentials and scoped tokens: an app user, listed nowhere. */
    static SandboxUser serviceUser(SandboxState state) {
        return state.appUser(new SandboxUser("712020:5e7a1c2b-0000-4000-8000-00000000c0de", null, null,
                "jira-bridge service account", SCOPED_TOKEN_EMAIL, true, null, List.of(), List.of()));
    }

    SandboxResponse tenantInfo() {
        return SandboxResponse.json(200, Json.object().put("cloudId", DEMO_CLOUD_ID));
    }

    SandboxResponse accessibleResources(SandboxRequest request) {
        Optional<OAuthServer.AccessToken> token = bearer(request);
        if (token.isEmpty()) {
            return unauthorized("Unauthorized");
        }
        ArrayNode sites = Json.array();
        List<String> scopes = token.get().scopes().stream().filter(s -> !s.equals("offline_access")).toList();
        for (Site site : sites(token.get())) {
            ObjectNode node = sites.addObject().put("id", site.id()).put("name", site.name()).put("url", site.url());
            node.set("scopes", Json.array(scopes));
            node.put("avatarUrl", baseUrl + "/avatars/site.png");
        }
        return SandboxResponse.json(200, sites);
    }

    private List<Site> sites(OAuthServer.AccessToken token) {
        List<Site> sites = new ArrayList<>();
        sites.add(new Site(DEMO_CLOUD_ID, "Demo", baseUrl));
        if (token.familyId() != null) {
            sites.addAll(extraSites);
        }
        return sites;
    }

    /** Authenticates a {@code /ex/jira/{cloudId}/…} request and strips the prefix. */
    Admission admit(SandboxRequest request) {
        String rest = request.path().substring(GATEWAY_PREFIX.length());
        int slash = rest.indexOf('/');
        String cloudId = slash < 0 ? rest : rest.substring(0, slash);
        String innerPath = slash < 0 ? "/" : rest.substring(slash);
        SandboxRequest inner = new SandboxRequest(request.method(), innerPath, request.rawQuery(), request.headers(),
                request.body());
        String header = Optional.ofNullable(request.header("Authorization")).orElse("");
        SandboxUser user;
        Set<String> scopes;
        List<Site> sites;
        String appClientId = null;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<OAuthServer.AccessToken> token = bearer(request);
            if (token.isEmpty()) {
                return refused(unauthorized("Unauthorized"));
            }
            // a 3LO token is an app acting for its user; a service account's token is no app
            appClientId = token.get().familyId() != null ? token.get().clientId() : null;
            user = state.user(token.get().userId()).orElse(null);
            scopes = token.get().scopes();
            sites = sites(token.get());
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            Optional<ScopedToken> scoped = scopedToken(header.substring(6).trim());
            if (scoped.isEmpty()) {
                return refused(unauthorized("Unauthorized"));
            }
            user = serviceUser(state);
            scopes = scoped.get().scopes();
            sites = List.of(new Site(DEMO_CLOUD_ID, "Demo", baseUrl));
        } else {
            return refused(unauthorized("Unauthorized"));
        }
        if (sites.stream().noneMatch(site -> site.id().equals(cloudId))) {
            // a cloud id the credential has no grant for looks like no site at all
            return refused(SandboxResponse.json(404, Json.object().put("code", 404)
                    .put("message", "No site with cloud id " + cloudId + " is accessible with these credentials")));
        }
        if (user == null || !user.active()) {
            return refused(unauthorized("Unauthorized"));
        }
        if (!scopesAllow(request.method(), innerPath, scopes)) {
            return refused(unauthorized(SCOPE_MISMATCH));
        }
        AppPrincipal app = appClientId == null ? null : AppPrincipal.oauth2(appClientId, user.id(Flavour.CLOUD));
        return new Admission(inner, new Authenticator.Outcome(user, null, app), null);
    }

    /**
     * Classic scopes: reading needs read:jira-work (users: read:jira-user), writing needs write:jira-work; dynamic
     * webhooks need read:jira-work and manage:jira-webhook whatever the method.
     */
    static boolean scopesAllow(String method, String path, Set<String> scopes) {
        if (path.matches("/rest/api/\\d/webhook(/.*)?")) {
            return scopes.contains("read:jira-work") && scopes.contains("manage:jira-webhook");
        }
        boolean userRead = path.matches("/rest/api/\\d/(myself|user/.*)");
        if (method.equals("GET")) {
            return userRead ? scopes.contains("read:jira-user") || scopes.contains("read:jira-work")
                    : scopes.contains("read:jira-work");
        }
        boolean searchByPost = method.equals("POST") && path.matches("/rest/api/\\d/search(/jql)?");
        return searchByPost ? scopes.contains("read:jira-work") : scopes.contains("write:jira-work");
    }

    private Optional<OAuthServer.AccessToken> bearer(SandboxRequest request) {
        String header = Optional.ofNullable(request.header("Authorization")).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return oauth.accessToken(header.substring(7).trim());
    }

    private Optional<ScopedToken> scopedToken(String encoded) {
        String decoded;
        try {
            decoded = new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String email = decoded.substring(0, colon).toLowerCase(Locale.ROOT);
        String token = decoded.substring(colon + 1);
        ScopedToken scoped = scopedTokens.get(token);
        if (scoped == null || !scoped.email().equals(email) || state.isRevoked(token)
                || !clock.now().isBefore(scoped.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(scoped);
    }

    private static Admission refused(SandboxResponse response) {
        return new Admission(null, null, response);
    }

    private static SandboxResponse unauthorized(String message) {
        return SandboxResponse.json(401, Json.object().put("code", 401).put("message", message));
    }
}
