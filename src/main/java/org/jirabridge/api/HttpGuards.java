package org.jirabridge.api;

import java.util.List;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.jirabridge.store.Json;

/**
 * Guards on the HTTP server in front of the routes: first authentication (the handler given, which fails closed),
 * then form and multipart bodies are refused with a JSON 415 before
 * platform-http would turn their fields into message headers (a way to smuggle headers into routes); unknown paths
 * and methods answer with the API's JSON error contract instead of the HTTP server's HTML page.
 */
public final class HttpGuards implements ExtendedStartupListener {

    private final int port;
    private final Handler<RoutingContext> authentication;
    private final Handler<RoutingContext> openPathLimits;
    private boolean guarded;

    public HttpGuards(int port, Handler<RoutingContext> authentication, Handler<RoutingContext> openPathLimits) {
        this.port = port;
        this.authentication = authentication;
        this.openPathLimits = openPathLimits;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // called before the routes start: guarding now leaves no moment in which a route answers unguarded
        VertxPlatformHttpRouter router = router(context);
        if (router != null) {
            guard(router);
        }
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = router(context);
        if (router == null) {
            return;
        }
        guard(router);
        // registered last, so it only sees requests no route took
        router.route().last().handler(ctx -> {
            // a body held while its credential was looked up drains, so the connection stays usable
            ctx.request().resume();
            answer(ctx, 404, "not_found", "no API route for " + ctx.request().method() + " " + ctx.request().path());
        });
    }

    private VertxPlatformHttpRouter router(CamelContext context) {
        return VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
    }

    private synchronized void guard(VertxPlatformHttpRouter router) {
        if (guarded) {
            return;
        }
        guarded = true;
        // runs before everything else: no request reaches a route, or learns more than 401, without a credential
        router.route().order(Integer.MIN_VALUE).handler(authentication);
        // the open paths' limits, before anything reads their bodies
        router.route().order(Integer.MIN_VALUE + 1).handler(openPathLimits);
        // runs before every route: nothing of a form body reaches Camel
        router.route().order(Integer.MIN_VALUE + 2).handler(ctx -> {
            String type = ctx.request().getHeader("Content-Type");
            String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
                answer(ctx, 415, "unsupported_media_type", "send JSON (application/json); form and multipart"
                        + " bodies are not accepted");
            } else {
                ctx.next();
            }
        });
    }

    private static void answer(RoutingContext ctx, int status, String error, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(ApiResponses.errorBody(error, message, List.of())));
    }
}
