package org.jirabridge.access;

import java.util.List;
import java.util.regex.Pattern;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.store.Json;
import org.jirabridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request on the service's port before any route sees it. Fail closed: only the paths listed in
 * {@link #need} as open pass without a credential, only the report paths accept an intake API key, and everything
 * else (every admin endpoint, any route added later, any unknown path) needs the admin credential. Which integration
 * a key may use is checked where the report is known (report beans, via {@link Caller#of}).
 */
public final class ApiAccess implements Handler<RoutingContext> {

    /** What a request needs. */
    public enum Need { NONE, REPORTS, ADMIN }

    private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);
    private static final String REALM = "Bearer realm=\"jira-bridge\"";
    private static final Pattern REPORT = Pattern.compile("/api/v1/reports/[^/]+");
    private static final Pattern REPORT_FORWARD = Pattern.compile("/api/v1/reports/[^/]+/forward");

    private final AdminToken admin;
    private final ApiKeys keys;
    private final CredentialThrottle throttle;
    private final boolean metricsOpen;

    public ApiAccess(AdminToken admin, ApiKeys keys) {
        this(admin, keys, new CredentialThrottle(Integer.MAX_VALUE, java.time.Duration.ofMinutes(1),
                java.time.Clock.systemUTC()), true);
    }

    /**
     * @param throttle    slows down repeated wrong credentials (429)
     * @param metricsOpen whether Prometheus may scrape /observe/metrics without a credential
     */
    public ApiAccess(AdminToken admin, ApiKeys keys, CredentialThrottle throttle, boolean metricsOpen) {
        this.admin = admin;
        this.keys = keys;
        this.throttle = throttle;
        this.metricsOpen = metricsOpen;
    }

    /**
     * What a request needs, its query included: health answers UP/DOWN to anyone, its details (integration ids,
     * their state) only to the administrator; metrics are open unless configured otherwise.
     */
    Need need(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        Need need = need(ctx.request().method(), path);
        if (need == Need.NONE && path.startsWith("/observe") && !path.startsWith("/observe/metrics")
                && ctx.request().query() != null && !ctx.request().query().isEmpty()) {
            return Need.ADMIN;
        }
        if (need == Need.NONE && path.startsWith("/observe/metrics") && !metricsOpen) {
            return Need.ADMIN;
        }
        return need;
    }

    /**
     * The allow-list. Open: Jira's webhooks and Connect callbacks (verified by their own signatures and JWTs), the
     * OAuth callbacks (a browser arriving from Atlassian with a single-use state), health and metrics, and the web
     * page under /ui/, which has its own sign-in and session.
     */
    public static Need need(HttpMethod method, String path) {
        if (path.startsWith("/webhooks/jira/") || path.startsWith("/connect/") || path.startsWith("/observe/")
                || path.equals("/observe") || path.equals("/api/v1/oauth/callback")
                || path.equals("/api/v1/oauth1/callback")) {
            return Need.NONE;
        }
        // the web page signs its users in with the admin credential and checks its own session on every path
        // but sign-in (ui.WebPage, which also fails closed)
        if (path.equals("/ui") || path.startsWith("/ui/")) {
            return Need.NONE;
        }
        boolean reports = ((HttpMethod.POST.equals(method) || HttpMethod.GET.equals(method))
                && path.equals("/api/v1/reports"))
                || ((HttpMethod.GET.equals(method) || HttpMethod.PATCH.equals(method)) && REPORT.matcher(path).matches())
                || (HttpMethod.POST.equals(method) && REPORT_FORWARD.matcher(path).matches());
        return reports ? Need.REPORTS : Need.ADMIN;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // a client-sent header of this name must never reach a route as if this handler had set it
        ctx.request().headers().remove(VertxPlatformHttpConstants.AUTHENTICATED_USER);
        Need need = need(ctx);
        if (need == Need.NONE) {
            ctx.next();
            return;
        }
        List<String> headers = ctx.request().headers().getAll("Authorization");
        if (headers.isEmpty()) {
            refuse(ctx, 401, REALM, "unauthorized", "send a credential: Authorization: Bearer <API key or admin token>");
            return;
        }
        String address = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        java.util.Optional<java.time.Duration> wait = throttle.wait(address);
        if (wait.isPresent()) {
            ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, wait.get().toSeconds())));
            refuse(ctx, 429, null, "too_many_attempts", "too many wrong credentials from this address; try again"
                    + " after Retry-After seconds");
            return;
        }
        String token = headers.size() == 1 ? Bearer.token(headers.get(0)) : null;
        if (token == null) {
            refuse(ctx, 401, REALM + ", error=\"invalid_request\"", "unauthorized",
                    "the Authorization header must be one \"Bearer <token>\"");
            return;
        }
        if (admin.matches(token)) {
            ctx.setUser(Caller.ADMIN.toUser());
            ctx.next();
            return;
        }
        // the body keeps arriving while the key is looked up: hold it until the route's body handler reads it
        ctx.request().pause();
        ctx.vertx().executeBlocking(() -> keys.authenticate(token), false).onComplete(result -> {
            if (result.failed()) {
                if (result.cause() instanceof StoreException) {
                    ctx.response().putHeader("Retry-After", "5");
                    refuse(ctx, 503, null, "unavailable", "storage is unavailable, try again shortly");
                } else {
                    LOG.error("API key look-up failed", result.cause());
                    refuse(ctx, 500, null, "internal_error", "the request could not be processed; see the service log");
                }
            } else if (result.result().isEmpty()) {
                throttle.failed(address);
                refuse(ctx, 401, REALM + ", error=\"invalid_token\"", "unauthorized",
                        "the credential is unknown or revoked");
            } else if (need == Need.ADMIN) {
                refuse(ctx, 403, REALM + ", error=\"insufficient_scope\"", "forbidden",
                        "an API key may only send and read reports; this needs the admin credential");
            } else {
                ctx.setUser(result.result().get().toUser());
                ctx.next();
            }
        });
    }

    /** The 401 for a route reached without an authenticated caller, which the handler above prevents. */
    static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "send a credential: Authorization: Bearer <token>");
    }

    private static void refuse(RoutingContext ctx, int status, String challenge, String error, String message) {
        // let an unread body drain, so the connection can serve the next request
        ctx.request().resume();
        if (challenge != null) {
            ctx.response().putHeader("WWW-Authenticate", challenge);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(ApiResponses.errorBody(error, message, List.of())));
    }
}
