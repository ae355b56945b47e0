package org.jirabridge.api;

import java.util.List;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.jirabridge.store.Json;

/**
 * Guards on the HTTP server in front of the routes: form and multipart bodies are refused with a JSON 415 before
 * platform-http would turn their fields into message headers (a way to smuggle headers into routes); unknown paths
 * and methods answer with the API's JSON error contract instead of the HTTP server's HTML page.
 */
public final class HttpGuards implements ExtendedStartupListener {

    private final int port;

    public HttpGuards(int port) {
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router exists only once the embedded server has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            return;
        }
        // runs before every route: nothing of a form body reaches Camel
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String type = ctx.request().getHeader("Content-Type");
            String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
                answer(ctx, 415, "unsupported_media_type", "send JSON (application/json); form and multipart"
                        + " bodies are not accepted");
            } else {
                ctx.next();
            }
        });
        // registered last, so it only sees requests no route took
        router.route().last().handler(ctx -> answer(ctx, 404, "not_found",
                "no API route for " + ctx.request().method() + " " + ctx.request().path()));
    }

    private static void answer(RoutingContext ctx, int status, String error, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(ApiResponses.errorBody(error, message, List.of())));
    }
}
