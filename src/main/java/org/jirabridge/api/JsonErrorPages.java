package org.jirabridge.api;

import java.util.List;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.jirabridge.store.Json;

/** Unknown paths and methods answer with the API's JSON error contract instead of the HTTP server's HTML page. */
public final class JsonErrorPages implements ExtendedStartupListener {

    private final int port;

    public JsonErrorPages(int port) {
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
        // registered last, so it only sees requests no route took
        router.route().last().handler(ctx -> answer(ctx, 404, "not_found",
                "no API route for " + ctx.request().method() + " " + ctx.request().path()));
    }

    private static void answer(RoutingContext ctx, int status, String error, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(ApiResponses.errorBody(error, message, List.of())));
    }
}
