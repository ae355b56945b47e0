package org.jirabridge.api;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.jirabridge.store.Json;

/**
 * Limits on the paths anyone may call without a credential (Jira's webhooks, Connect callbacks, OAuth callbacks),
 * applied before any byte of a body is read: at most {@code maxInFlight} such requests at once (503 with Retry-After
 * beyond); a body must declare its length (411 otherwise: HTTP framing then stops it at that length, so nothing
 * larger is ever buffered), and one declared above {@code maxBodyBytes} is refused (413); a webhook that carries none
 * of the credentials any verification mode accepts (signature header, Authorization, URL token) is refused (401).
 * The signature itself is checked on the bounded body by the webhook route.
 */
public final class OpenPathLimits implements Handler<RoutingContext> {

    /** The webhook refusal, the same whatever the integration id: unknown ids are not told apart from known ones. */
    public static final String WEBHOOK_REFUSED = "the webhook call could not be verified";

    private final long maxBodyBytes;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    public OpenPathLimits(long maxBodyBytes, int maxInFlight) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlight = maxInFlight;
    }

    /** Paths these limits apply to (the open paths that take a body). */
    public static boolean applies(String path) {
        return path.startsWith("/webhooks/") || path.startsWith("/connect/")
                || path.equals("/api/v1/oauth/callback") || path.equals("/api/v1/oauth1/callback");
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!applies(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            ctx.response().putHeader("Retry-After", "1");
            refuse(ctx, 503, "busy", "too many unauthenticated requests at once; try again shortly");
            return;
        }
        ctx.addEndHandler(ended -> inFlight.decrementAndGet());
        String length = ctx.request().getHeader("Content-Length");
        boolean hasBody = HttpMethod.POST.equals(ctx.request().method()) || HttpMethod.PUT.equals(ctx.request().method())
                || HttpMethod.PATCH.equals(ctx.request().method());
        if (length == null && hasBody) {
            refuse(ctx, 411, "length_required", "send the body with a Content-Length (at most " + maxBodyBytes
                    + " bytes)");
            return;
        }
        if (length != null && declaredTooLong(length)) {
            refuse(ctx, 413, "payload_too_large", "the body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        if (HttpMethod.POST.equals(ctx.request().method()) && ctx.normalizedPath().startsWith("/webhooks/")
                && ctx.request().getHeader("X-Hub-Signature") == null && ctx.request().getHeader("Authorization") == null
                && ctx.request().getParam("token") == null) {
            refuse(ctx, 401, "unauthorized", WEBHOOK_REFUSED);
            return;
        }
        ctx.next();
    }

    private boolean declaredTooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void refuse(RoutingContext ctx, int status, String error, String message) {
        if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            // the unread body is not waited for: the connection closes after the answer
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.write(ApiResponses.errorBody(error, message, List.of())));
    }
}
