package org.jirabridge.access;

import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.jirabridge.api.ApiException;

/**
 * Who is calling the API: the administrator, or an intake API key with the integrations it may use. {@link ApiAccess}
 * sets it on the request; report beans read it with {@link #of(Exchange)} to check a report's integration.
 */
public record Caller(boolean admin, String keyId, Set<String> integrations) {

    /** The admin credential; also what trusted in-process senders (queue intake, demo samples) act as. */
    public static final Caller ADMIN = new Caller(true, null, Set.of());

    private static final String KIND = "jiraBridgeCaller";

    public static Caller key(String keyId, Set<String> integrations) {
        return new Caller(false, keyId, Set.copyOf(integrations));
    }

    /** Whether this caller may send, read and change reports of the integration. */
    public boolean mayUse(String integrationId) {
        return admin || (integrationId != null && integrations.contains(integrationId));
    }

    /**
     * The caller of an API request. platform-http hands over the Vert.x user {@link ApiAccess} set as an object
     * header, which a client cannot forge (a header it sends with that name is a string, refused here). A request
     * that reached a route without one is refused: fail closed.
     */
    public static Caller of(Exchange exchange) {
        Object user = exchange.getMessage().getHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER);
        if (user instanceof User vertxUser && vertxUser.principal().containsKey(KIND)) {
            JsonObject principal = vertxUser.principal();
            if ("admin".equals(principal.getString(KIND))) {
                return ADMIN;
            }
            Set<String> integrations = new TreeSet<>();
            principal.getJsonArray("integrations", new JsonArray()).forEach(id -> integrations.add((String) id));
            return key(principal.getString("keyId"), integrations);
        }
        throw ApiAccess.unauthorized();
    }

    /** The Vert.x user that carries this caller to the route (ApiAccess; ui.ApiOperations for the web page). */
    public User toUser() {
        JsonObject principal = new JsonObject().put(KIND, admin ? "admin" : "key");
        if (!admin) {
            principal.put("keyId", keyId).put("integrations", new JsonArray(new ArrayList<>(integrations)));
        }
        return User.create(principal);
    }

    /** The 403 for a report request outside this caller's integrations. */
    public ApiException outOfScope(String integrationId) {
        return new ApiException(403, "forbidden", "this API key may not use integration " + integrationId
                + "; it may use " + new TreeSet<>(integrations));
    }
}
