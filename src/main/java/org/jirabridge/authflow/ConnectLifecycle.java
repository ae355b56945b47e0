package org.jirabridge.authflow;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.auth.AuthType;
import org.jirabridge.auth.ConnectJwt;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Json;

/**
 * An integration as an Atlassian Connect app (legacy): {@code GET /connect/{id}/atlassian-connect.json} is the
 * descriptor to install from; Jira calls {@code POST /connect/{id}/installed} with the shared secret and
 * {@code /uninstalled} when removed. A first install may be unsigned (legacy Connect); a reinstall and an uninstall
 * must carry a JWT signed with the stored shared secret, issued by the installation's clientKey, with the request's
 * qsh, and the payload's baseUrl must be the integration's site. Bound as {@code connectLifecycle}.
 */
public final class ConnectLifecycle {

    private final Integrations integrations;
    private final ConnectInstallKeys installKeys;
    private final String publicUrl;
    private final Clock clock;

    public ConnectLifecycle(Integrations integrations, String publicUrl, ConnectInstallKeys installKeys, Clock clock) {
        this.integrations = integrations;
        this.installKeys = installKeys;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = clock;
    }

    public void descriptorHttp(Exchange exchange) {
        Integration integration = connectIntegration(exchange);
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("key", Integrations.connectAppKey(integration.id()));
        descriptor.put("name", "jira-bridge: " + integration.name());
        descriptor.put("description", "Forwards app-monitoring reports into Jira and keeps them in step");
        // the service's own URL is the app's base URL, so the webhook endpoint (/webhooks/jira/{id}) lies under it,
        // as Jira requires of a Connect app's dynamic webhooks
        descriptor.put("baseUrl", publicUrl);
        descriptor.put("authentication", Map.of("type", "jwt"));
        descriptor.put("lifecycle", Map.of("installed", lifecyclePath(integration.id(), "installed"),
                "uninstalled", lifecyclePath(integration.id(), "uninstalled")));
        descriptor.put("scopes", List.of("READ", "WRITE"));
        descriptor.put("apiVersion", 1);
        ApiResponses.json(exchange, 200, descriptor);
    }

    public void installedHttp(Exchange exchange) {
        Integration integration = connectIntegration(exchange);
        JsonNode payload = payload(exchange);
        String clientKey = payload.path("clientKey").asText("");
        String sharedSecret = payload.path("sharedSecret").asText("");
        if (clientKey.isEmpty() || sharedSecret.isEmpty()) {
            throw new ApiException(400, "invalid_install", "the installed payload needs clientKey and sharedSecret");
        }
        if (!Objects.equals(stripSlash(payload.path("baseUrl").asText("")),
                stripSlash(integration.connection().baseUrl()))) {
            throw new ApiException(403, "wrong_site", "this integration is for " + integration.connection().baseUrl()
                    + "; an installation from another site is refused");
        }
        Map<String, String> stored = integrations.secrets(integration.id());
        verifySignedInstall(exchange, integration.id(), clientKey, stored);
        integrations.updateSecrets(integration.id(), secrets -> {
            secrets.put(Integrations.CONNECT_SHARED_SECRET, sharedSecret);
            secrets.put(Integrations.CONNECT_CLIENT_KEY, clientKey);
            return secrets;
        });
        integrations.forgetConnection(integration.id());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    public void uninstalledHttp(Exchange exchange) {
        Integration integration = connectIntegration(exchange);
        verify(exchange, integration.id(), integrations.secrets(integration.id()),
                lifecyclePath(integration.id(), "uninstalled"));
        integrations.updateSecrets(integration.id(), secrets -> {
            secrets.remove(Integrations.CONNECT_SHARED_SECRET);
            return secrets;
        });
        integrations.forgetConnection(integration.id());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    /**
     * Verifies a call from Jira to this integration's Connect app: {@code Authorization: JWT …} issued by the stored
     * clientKey, signed with the stored shared secret, bound to this request (path relative to the app's baseUrl).
     *
     * @throws ApiException 401 when the call cannot be trusted
     */
    public void verify(Exchange exchange, String integrationId, Map<String, String> secrets, String relativePath) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String token = header != null && header.regionMatches(true, 0, "JWT ", 0, 4) ? header.substring(4).trim()
                : exchange.getMessage().getHeader("jwt", String.class);
        if (token == null || token.isBlank()) {
            throw new ApiException(401, "unauthenticated", "a Connect JWT is required (Authorization: JWT …)");
        }
        String clientKey = secrets.get(Integrations.CONNECT_CLIENT_KEY);
        String secret = secrets.get(Integrations.CONNECT_SHARED_SECRET);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "POST", String.class);
        String rawQuery = exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        try {
            ConnectJwt.verify(token, issuer -> issuer.equals(clientKey) ? secret : null, method, relativePath,
                    rawQuery, clock.instant());
        } catch (ConnectJwt.InvalidJwtException e) {
            throw new ApiException(401, "invalid_jwt", "the Connect JWT of integration " + integrationId
                    + " is refused: " + e.getMessage());
        }
    }

    /**
     * Signed install: Atlassian signs every installed callback (the first one too) with RS256, the key fetched by its
     * kid; whoever merely knows the URL cannot install and so cannot plant a shared secret. A reinstall must also keep
     * the clientKey of the installation we know.
     */
    private void verifySignedInstall(Exchange exchange, String integrationId, String clientKey,
                                     Map<String, String> stored) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || !header.regionMatches(true, 0, "JWT ", 0, 4)) {
            throw new ApiException(401, "unauthenticated", "an install must carry Atlassian's signature"
                    + " (Authorization: JWT …)");
        }
        String known = stored.get(Integrations.CONNECT_CLIENT_KEY);
        if (known != null && stored.containsKey(Integrations.CONNECT_SHARED_SECRET) && !known.equals(clientKey)) {
            throw new ApiException(401, "invalid_jwt", "the app is installed for another site; uninstall it first");
        }
        try {
            ConnectJwt.verifyInstall(header.substring(4).trim(), installKeys::key, publicUrl, clientKey, "POST",
                    lifecyclePath(integrationId, "installed"), clock.instant());
        } catch (ConnectJwt.InvalidJwtException e) {
            throw new ApiException(401, "invalid_jwt", "the install is refused: " + e.getMessage());
        }
    }

    /** A lifecycle callback's path relative to the app's base URL (what its qsh covers). */
    private static String lifecyclePath(String integrationId, String event) {
        return "/connect/" + integrationId + "/" + event;
    }

    private Integration connectIntegration(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        // one answer for an unknown id and for an integration that is no Connect app: ids cannot be enumerated here
        return integrations.find(id).filter(found -> found.connection().authType() == AuthType.CONNECT)
                .orElseThrow(() -> new ApiException(404, "not_found", "no Connect app " + id));
    }

    private static JsonNode payload(Exchange exchange) {
        try {
            JsonNode node = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "invalid_install", "the lifecycle payload must be a JSON object");
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(400, "malformed_json", "the lifecycle payload is not JSON");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
