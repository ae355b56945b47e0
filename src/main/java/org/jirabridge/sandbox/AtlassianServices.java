package org.jirabridge.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything around Jira that authentication needs, played by the sandbox: Atlassian's authorization server and API
 * gateway (Cloud: {@link OAuthServer}, {@link Gateway}), Connect app hosting (Cloud: {@link ConnectHost}) and the
 * OAuth 1.0a provider of application links (Server: {@link OAuth1Provider}); plus their control endpoints and the
 * sandbox clock used to expire tokens.
 *
 * <p>Control endpoints (no authentication):
 * <ul>
 *   <li>{@code POST /_sandbox/clock {"advanceSeconds": N}}: moves token time forward (reset sets it back)</li>
 *   <li>{@code POST /_sandbox/oauth/auto-approve {"enabled": true}}: consent pages approve at once (3LO and
 *   OAuth 1.0a)</li>
 *   <li>{@code POST /_sandbox/oauth/sites {"id","name","url"}}: another site in the demo user's 3LO grant</li>
 *   <li>{@code POST /_sandbox/oauth/clients {"clientId","clientSecret","callbackUrls":[…]}}: a 3LO app of the
 *   developer console and the callback URLs its redirect_uri must match</li>
 *   <li>{@code POST /_sandbox/oauth/revoke-grants {"clientId"}}: the user withdraws consent: all tokens die</li>
 *   <li>{@code POST /_sandbox/oauth1/consumers {"consumerKey","publicKey"}}: an application link (Server)</li>
 *   <li>{@code POST /_sandbox/connect/install {"descriptorUrl", "sharedSecret" (optional)}}, {@code POST /_sandbox/connect/uninstall {"key"}}
 *   (Cloud)</li>
 * </ul>
 */
final class AtlassianServices implements AppWebhookSigner {

    private final SandboxState state;
    private final SandboxClock clock;
    private final OAuthServer oauth;
    private final Gateway gateway;
    private final OAuth1Provider oauth1;
    private final ConnectHost connect;
    /** Where the keys of signed Connect installs are served, as connect-install-keys.atlassian.com does. */
    static final String INSTALL_KEYS = "/connect-install-keys/";
    private final String baseUrl;
    private volatile boolean autoApproveDefault;

    AtlassianServices(SandboxState state, SandboxClock clock, String baseUrl, boolean autoApprove) {
        this.state = state;
        this.clock = clock;
        this.oauth = new OAuthServer(state, clock);
        this.gateway = new Gateway(state, clock, oauth, baseUrl);
        this.oauth1 = new OAuth1Provider(state, clock, baseUrl);
        this.connect = new ConnectHost(state, clock, baseUrl);
        this.baseUrl = baseUrl;
        this.autoApproveDefault = autoApprove;
        // deliveries of apps' dynamic webhooks carry the JWT of the app's own secret
        state.webhooks().signAppDeliveriesWith(this);
        reset();
    }

    @Override
    public String authorization(AppPrincipal app, String url) {
        return switch (app.kind()) {
            case CONNECT -> connect.webhookAuthorization(app.key(), url);
            case OAUTH2 -> oauth.webhookAuthorization(app.key(), app.userId(), baseUrl);
        };
    }

    @Override
    public String baseUrl(AppPrincipal app) {
        return app.kind() == AppPrincipal.Kind.CONNECT ? connect.appBaseUrl(app.key()) : null;
    }

    /** Back to the seeded clients, tokens and clock; the caller holds the state's monitor. */
    void reset() {
        clock.reset();
        oauth.reset();
        gateway.reset();
        oauth1.reset();
        connect.reset();
        oauth.autoApprove(autoApproveDefault);
        oauth1.autoApprove(autoApproveDefault);
    }

    /** Whether consent pages approve at once, also after every reset (the sandbox.oauth.auto-approve setting). */
    void autoApproveByDefault(boolean enabled) {
        autoApproveDefault = enabled;
        synchronized (state) {
            oauth.autoApprove(enabled);
            oauth1.autoApprove(enabled);
        }
    }

    boolean cloud() {
        return state.flavour() == Flavour.CLOUD;
    }

    /** True for {@code /ex/jira/…} on the Cloud flavour. */
    boolean isGateway(String path) {
        return cloud() && path.startsWith(Gateway.GATEWAY_PREFIX);
    }

    Gateway.Admission admit(SandboxRequest request) {
        return gateway.admit(request);
    }

    /** The authorization server, gateway and OAuth 1.0a endpoints; null when the path is none of them. */
    SandboxResponse handle(SandboxRequest request) {
        String route = request.method() + " " + request.path();
        if (cloud() && route.startsWith("GET " + INSTALL_KEYS)) {
            return connect.installKey(request.path().substring(INSTALL_KEYS.length()));
        }
        if (cloud()) {
            return switch (route) {
                case "GET /authorize" -> oauth.authorize(request);
                case "POST /authorize/consent" -> oauth.consent(request);
                case "POST /oauth/token" -> oauth.token(request);
                case "GET /oauth/token/accessible-resources" -> gateway.accessibleResources(request);
                case "GET /_edge/tenant_info" -> gateway.tenantInfo();
                default -> null;
            };
        }
        return switch (route) {
            case "POST /plugins/servlet/oauth/request-token" -> oauth1.requestToken(request);
            case "GET /plugins/servlet/oauth/authorize" -> oauth1.authorizePage(request);
            case "POST /plugins/servlet/oauth/authorize" -> oauth1.authorizeDecision(request);
            case "POST /plugins/servlet/oauth/access-token" -> oauth1.accessToken(request);
            default -> null;
        };
    }

    /** Authorization schemes beyond Basic and Bearer: {@code JWT} (Connect, Cloud) and {@code OAuth} (1.0a, Server). */
    Authenticator.Outcome authenticate(String scheme, String credentials, SandboxRequest request) {
        if (scheme.equalsIgnoreCase("JWT") && cloud()) {
            ConnectHost.Verification verified = connect.verify(request, credentials);
            return verified.user() != null ? new Authenticator.Outcome(verified.user(), null,
                    AppPrincipal.connect(verified.appKey(), verified.user().id(Flavour.CLOUD)))
                    : new Authenticator.Outcome(null, SandboxResponse.text(401, "text/plain;charset=UTF-8",
                    verified.problem()).header(Authenticator.LOGIN_REASON, "AUTHENTICATED_FAILED"));
        }
        if (scheme.equalsIgnoreCase("OAuth") && !cloud()) {
            OAuth1Provider.Verification verified = oauth1.verify(request);
            return verified.user() != null ? new Authenticator.Outcome(verified.user(), null)
                    : new Authenticator.Outcome(null, oauth1.problem(verified.problem()));
        }
        return null;
    }

    /** The control endpoints above; null when the path is not one of them. Takes the state's monitor itself. */
    SandboxResponse control(SandboxRequest request) {
        String route = request.method() + " " + request.path().replaceAll("/+$", "");
        try {
            switch (route) {
                case "POST /_sandbox/connect/install":
                    requireCloud();
                    return connect.install(request.json());
                case "POST /_sandbox/connect/uninstall":
                    requireCloud();
                    return connect.uninstall(request.json());
                default:
                    break;
            }
            synchronized (state) {
                return switch (route) {
                    case "POST /_sandbox/clock" -> {
                        JsonNode body = request.json();
                        if (!body.path("advanceSeconds").canConvertToLong() || body.get("advanceSeconds").asLong() < 0) {
                            throw new IllegalArgumentException("advanceSeconds must be a non-negative number");
                        }
                        clock.advance(Duration.ofSeconds(body.get("advanceSeconds").asLong()));
                        yield SandboxResponse.json(200, Json.object().put("now", clock.now().toString()));
                    }
                    case "POST /_sandbox/oauth/auto-approve" -> {
                        boolean enabled = request.json().path("enabled").asBoolean(true);
                        oauth.autoApprove(enabled);
                        oauth1.autoApprove(enabled);
                        yield SandboxResponse.noContent();
                    }
                    case "POST /_sandbox/oauth/sites" -> {
                        requireCloud();
                        JsonNode body = request.json();
                        gateway.addSite(new Gateway.Site(required(body, "id"), required(body, "name"),
                                required(body, "url")));
                        yield SandboxResponse.noContent();
                    }
                    case "POST /_sandbox/oauth/clients" -> {
                        requireCloud();
                        JsonNode body = request.json();
                        List<String> callbacks = new ArrayList<>();
                        body.path("callbackUrls").forEach(url -> callbacks.add(url.asText()));
                        oauth.registerApp(required(body, "clientId"), required(body, "clientSecret"), callbacks);
                        yield SandboxResponse.noContent();
                    }
                    case "POST /_sandbox/oauth/revoke-grants" -> {
                        requireCloud();
                        oauth.revokeGrants(required(request.json(), "clientId"));
                        yield SandboxResponse.noContent();
                    }
                    case "POST /_sandbox/oauth1/consumers" -> {
                        if (cloud()) {
                            throw new IllegalArgumentException("OAuth 1.0a application links exist on the server "
                                    + "flavour only");
                        }
                        JsonNode body = request.json();
                        oauth1.register(Json.text(body, "consumerKey"), Json.text(body, "publicKey"));
                        yield SandboxResponse.noContent();
                    }
                    default -> null;
                };
            }
        } catch (IllegalArgumentException | Json.BadJsonException e) {
            return SandboxResponse.errorMessage(400, String.valueOf(e.getMessage()));
        }
    }

    private void requireCloud() {
        if (!cloud()) {
            throw new IllegalArgumentException("this exists on the cloud flavour only");
        }
    }

    private static String required(JsonNode body, String field) {
        String value = Json.text(body, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
