package org.jirabridge.authflow;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.jirabridge.auth.AuthType;
import org.jirabridge.auth.ConnectJwt;
import org.jirabridge.auth.OAuthWebhookToken;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;

/**
 * The app side of webhooks, where the secrets are: verifies the JWT on deliveries of apps' dynamic webhooks (Connect:
 * {@code JWT …} from the installation's clientKey, signed with its shared secret, qsh of this request; OAuth 2.0:
 * {@code Bearer …} signed with the client secret) and says whether an integration holds what an app needs to have
 * webhooks at all (a Connect installation; an OAuth 2.0 grant on a chosen site). Bound into sync's verifier and
 * dynamic-webhook maintenance by JiraBridgeConfiguration.
 */
public final class AppWebhookAuthentication {

    private final Integrations integrations;
    private final Clock clock;

    public AppWebhookAuthentication(Integrations integrations, Clock clock) {
        this.integrations = integrations;
        this.clock = clock;
    }

    /** Empty when the delivery is verified, else why not (never a token or a secret). */
    public Optional<String> refusal(String integrationId, String method, String path, String rawQuery,
                                    String authorization) {
        Integration integration = integrations.find(integrationId).orElse(null);
        AuthType type = integration == null ? null : integration.connection().authType();
        if (type != AuthType.CONNECT && type != AuthType.OAUTH2) {
            return Optional.of("JWT verification applies to OAuth 2.0 and Connect integrations only");
        }
        Map<String, String> secrets = integrations.secrets(integrationId);
        String scheme = type == AuthType.CONNECT ? "JWT " : "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return Optional.of("the call carries no " + scheme.strip() + " token in its Authorization header");
        }
        String token = authorization.substring(scheme.length()).strip();
        try {
            if (type == AuthType.CONNECT) {
                String clientKey = secrets.get(Integrations.CONNECT_CLIENT_KEY);
                String sharedSecret = secrets.get(Integrations.CONNECT_SHARED_SECRET);
                if (clientKey == null || sharedSecret == null) {
                    return Optional.of("the Connect app is not installed");
                }
                ConnectJwt.verify(token, issuer -> issuer.equals(clientKey) ? sharedSecret : null, method, path,
                        rawQuery, clock.instant());
            } else {
                String clientSecret = secrets.get("clientSecret");
                if (clientSecret == null) {
                    return Optional.of("the integration has no client secret");
                }
                OAuthWebhookToken.verify(token, clientSecret, clock.instant());
            }
        } catch (ConnectJwt.InvalidJwtException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether the integration is an app that can have dynamic webhooks now: installed (Connect) or authorized. */
    public boolean canHaveWebhooks(String integrationId) {
        Integration integration = integrations.find(integrationId).orElse(null);
        if (integration == null) {
            return false;
        }
        Map<String, String> secrets = integrations.secrets(integrationId);
        return switch (integration.connection().authType()) {
            case CONNECT -> secrets.containsKey(Integrations.CONNECT_SHARED_SECRET);
            case OAUTH2 -> secrets.containsKey(Integrations.REFRESH_TOKEN) && integration.connection().cloudId() != null;
            default -> false;
        };
    }
}
