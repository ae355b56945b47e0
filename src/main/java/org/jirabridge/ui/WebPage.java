package org.jirabridge.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.jirabridge.access.AdminToken;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.integration.InvalidIntegrationException;
import org.jirabridge.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setup web page under {@code /ui/}, mounted on the service's own HTTP server (no second server, nothing of
 * the working directory served). Every page but sign-in needs a session (cookie {@value #SESSION_COOKIE}: HttpOnly,
 * SameSite=Strict, Secure over https); every state-changing request must carry the session's CSRF token in
 * {@value #CSRF_HEADER} and, when the browser says where it comes from, this service's own origin. The page's
 * actions run the v1 API's operations in-process ({@link ApiOperations}); {@link Pages} renders the HTML.
 */
public final class WebPage implements ExtendedStartupListener {

    static final String SESSION_COOKIE = "jb_session";
    /** Double-submit token of the sign-in form, before there is a session to hold one. */
    static final String SIGN_IN_COOKIE = "jb_signin";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = LoggerFactory.getLogger(WebPage.class);
    private static final Set<String> ASSETS = Set.of("ui.js", "ui.css");
    /** How long a started OAuth authorization may take to come back to the wizard. */
    private static final Duration RETURN_LIFETIME = Duration.ofMinutes(15);
    private static final Pattern STATE = Pattern.compile("[?&](?:state|oauth_token)=([^&]+)");

    /**
     * The v1 operations the page's scripts may run, as "METHOD path" patterns under /ui/api/ (the same path under
     * /api/v1/). Anything else is a 404: the session is not a general-purpose admin credential.
     */
    private static final List<Pattern> ACTIONS = List.of(
            "PUT integrations/[^/]+",
            "GET integrations/[^/]+",
            "POST integrations/[^/]+/(check|test-issue)",
            "GET integrations/[^/]+/(projects|issuetypes|assignees|fields|priorities|sites|oauth1/application-link)",
            "PUT integrations/[^/]+/site",
            "POST reports/[^/]+/forward",
            "PATCH reports/[^/]+",
            "POST dead-letters/[^/]+/replay",
            "POST api-keys",
            "DELETE api-keys/[^/]+",
            "(GET|PUT) integrations/[^/]+/ingestion",
            "GET integrations/[^/]+/ingestion/projects",
            "PUT integrations/[^/]+/ingestion/projects/[^/]+",
            "POST integrations/[^/]+/ingestion/refresh").stream().map(Pattern::compile).toList();
    private static final Pattern CONNECTION = Pattern.compile("integrations/([a-z0-9][a-z0-9-]{0,63})/connection");
    private static final Pattern AUTHORIZE = Pattern.compile("integrations/([a-z0-9][a-z0-9-]{0,63})/authorize");
    private static final Pattern REPLAY_ALL = Pattern.compile("integrations/([a-z0-9][a-z0-9-]{0,63})/dead-letters/replay");

    private final int port;
    private final AdminToken adminToken;
    private final WebSessions sessions;
    private final boolean httpsPublicUrl;
    private final Clock clock;
    private final Map<String, PendingReturn> returns = new ConcurrentHashMap<>();
    private Pages pages;
    private WizardActions actions;
    private boolean mounted;

    /** An OAuth authorization the wizard started: its callback comes back to the wizard of this integration. */
    private record PendingReturn(String integrationId, Instant startedAt) {
    }

    public WebPage(int port, AdminToken adminToken, WebSessions sessions, String publicUrl, Clock clock) {
        this.port = port;
        this.adminToken = adminToken;
        this.sessions = sessions;
        this.httpsPublicUrl = publicUrl.startsWith("https:");
        this.clock = clock;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null || mounted) {
            return;
        }
        mounted = true;
        ApiOperations api = new ApiOperations(context);
        pages = new Pages(api, context);
        actions = new WizardActions(context, api);
        // after authentication and the form guard (HttpGuards), before the API routes: the wizard's OAuth returns
        router.route("/api/v1/oauth/callback").order(Integer.MIN_VALUE + 2).handler(this::oauthReturn);
        router.route("/api/v1/oauth1/callback").order(Integer.MIN_VALUE + 2).handler(this::oauthReturn);
        router.route("/ui/*").order(Integer.MIN_VALUE + 3).handler(BodyHandler.create(false).setBodyLimit(1 << 20));
        router.route("/ui/*").order(Integer.MIN_VALUE + 4).blockingHandler(this::handle, false);
        router.route("/ui").order(Integer.MIN_VALUE + 4).handler(ctx -> redirect(ctx, "/ui/"));
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        onCamelContextStarted(context, alreadyStarted);
    }

    private void handle(RoutingContext ctx) {
        try {
            securityHeaders(ctx);
            route(ctx);
        } catch (ApiException | InvalidIntegrationException e) {
            ApiException api = e instanceof InvalidIntegrationException invalid
                    ? ApiException.invalidIntegration(invalid) : (ApiException) e;
            json(ctx, api.status(), ApiResponses.errorBody(api.error(), api.getMessage(), api.details()));
        } catch (RuntimeException e) {
            LOG.error("web page request {} {} failed", ctx.request().method(), ctx.normalizedPath(), e);
            json(ctx, 500, ApiResponses.errorBody("internal_error", "the request could not be processed; see the"
                    + " service log", List.of()));
        }
    }

    private void route(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        HttpMethod method = ctx.request().method();
        if (path.startsWith("/ui/assets/") && method == HttpMethod.GET) {
            asset(ctx, path.substring("/ui/assets/".length()));
            return;
        }
        if (path.equals("/ui/sign-in")) {
            signIn(ctx, method);
            return;
        }
        Optional<WebSessions.Session> session = sessions.touch(cookie(ctx, SESSION_COOKIE));
        boolean api = path.startsWith("/ui/api/");
        if (session.isEmpty()) {
            if (api || method != HttpMethod.GET) {
                json(ctx, 401, ApiResponses.errorBody("unauthorized", "sign in first (your session may have"
                        + " expired)", List.of()));
            } else {
                redirect(ctx, "/ui/sign-in?next=" + java.net.URLEncoder.encode(pathAndQuery(ctx),
                        StandardCharsets.UTF_8));
            }
            return;
        }
        if (method != HttpMethod.GET && method != HttpMethod.HEAD && !sameOriginWithToken(ctx, session.get())) {
            json(ctx, 403, ApiResponses.errorBody("csrf_refused", "this request did not come from the web page"
                    + " (missing or wrong CSRF token, or another origin)", List.of()));
            return;
        }
        if (path.equals("/ui/sign-out") && method == HttpMethod.POST) {
            sessions.close(session.get().id());
            ctx.response().addCookie(sessionCookie(ctx, "").setMaxAge(0));
            json(ctx, 200, Map.of("signedOut", true));
            return;
        }
        if (api) {
            action(ctx, method, path.substring("/ui/api/".length()));
            return;
        }
        if (method != HttpMethod.GET) {
            json(ctx, 405, ApiResponses.errorBody("method_not_allowed", "pages are read with GET", List.of()));
            return;
        }
        Optional<String> html = pages.render(path, query(ctx), session.get());
        if (html.isPresent()) {
            html(ctx, 200, html.get());
        } else if (path.equals("/ui/") || path.equals("/ui")) {
            redirect(ctx, "/ui/integrations");
        } else {
            html(ctx, 404, pages.notFound(session.get()));
        }
    }

    // ---- sign-in

    private void signIn(RoutingContext ctx, HttpMethod method) {
        if (method == HttpMethod.GET) {
            String token = cookie(ctx, SIGN_IN_COOKIE);
            if (token == null || token.length() < 20) {
                token = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
            }
            ctx.response().addCookie(cookie(ctx, SIGN_IN_COOKIE, token, "/ui/sign-in"));
            html(ctx, 200, pages.signIn(token, safeNext(ctx.queryParams().get("next"))));
            return;
        }
        if (method != HttpMethod.POST) {
            json(ctx, 405, ApiResponses.errorBody("method_not_allowed", "sign in with POST", List.of()));
            return;
        }
        String expected = cookie(ctx, SIGN_IN_COOKIE);
        String sent = ctx.request().getHeader(CSRF_HEADER);
        if (expected == null || sent == null || !expected.equals(sent) || !sameOrigin(ctx)) {
            json(ctx, 403, ApiResponses.errorBody("csrf_refused", "sign in from the sign-in page", List.of()));
            return;
        }
        Map<String, Object> body = jsonBody(ctx);
        Object credential = body.get("credential");
        if (!(credential instanceof String presented) || presented.isBlank() || !adminToken.matches(presented.strip())) {
            json(ctx, 401, ApiResponses.errorBody("unauthorized", "that is not the admin credential",
                    List.of(ApiException.fieldProblem("credential", "is not the admin credential (see "
                            + "data/admin.token or JIRA_BRIDGE_ADMIN_TOKEN)"))));
            return;
        }
        WebSessions.Session session = sessions.open();
        ctx.response().addCookie(sessionCookie(ctx, session.id()));
        ctx.response().addCookie(cookie(ctx, SIGN_IN_COOKIE, "", "/ui/sign-in").setMaxAge(0));
        json(ctx, 200, Map.of("next", safeNext(String.valueOf(body.getOrDefault("next", "")))));
    }

    /** Only a path of this page may be where sign-in continues (no open redirect). */
    private static String safeNext(String next) {
        return next != null && next.startsWith("/ui/") && !next.startsWith("//") && !next.contains("\\")
                && !next.contains("/../") ? next : "/ui/integrations";
    }

    // ---- actions (JSON)

    private void action(RoutingContext ctx, HttpMethod method, String path) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        Matcher connection = CONNECTION.matcher(path);
        if (method == HttpMethod.POST && connection.matches()) {
            json(ctx, 200, actions.saveConnection(connection.group(1), body,
                    "1".equals(ctx.queryParams().get("new"))));
            return;
        }
        Matcher authorize = AUTHORIZE.matcher(path);
        if (method == HttpMethod.POST && authorize.matches()) {
            ApiOperations.Answer answer = actions.api().call("GET", "/api/v1/integrations/" + authorize.group(1)
                    + "/oauth/authorize", Map.of(), null);
            if (answer.location() == null) {
                raw(ctx, answer);
                return;
            }
            Matcher state = STATE.matcher(answer.location());
            if (state.find()) {
                returns.values().removeIf(pending -> pending.startedAt().plus(RETURN_LIFETIME)
                        .isBefore(clock.instant()));
                returns.put(java.net.URLDecoder.decode(state.group(1), StandardCharsets.UTF_8),
                        new PendingReturn(authorize.group(1), clock.instant()));
            }
            json(ctx, 200, Map.of("location", answer.location()));
            return;
        }
        Matcher replayAll = REPLAY_ALL.matcher(path);
        if (method == HttpMethod.POST && replayAll.matches()) {
            json(ctx, 200, actions.replayAll(replayAll.group(1)));
            return;
        }
        String operation = method.name() + " " + path;
        if (ACTIONS.stream().noneMatch(pattern -> pattern.matcher(operation).matches())) {
            json(ctx, 404, ApiResponses.errorBody("not_found", "the web page has no action " + operation,
                    List.of()));
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParams().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
        raw(ctx, actions.api().call(method.name(), "/api/v1/" + path, query,
                body == null || body.isBlank() ? null : body));
    }

    // ---- OAuth coming back to the wizard

    /** On the event loop: a callback the wizard did not start goes on, untouched, to the API's own route. */
    private void oauthReturn(RoutingContext ctx) {
        String state = Optional.ofNullable(ctx.queryParams().get("state"))
                .orElse(ctx.queryParams().get("oauth_token"));
        PendingReturn pending = state == null ? null : returns.remove(state);
        if (pending == null || pending.startedAt().plus(RETURN_LIFETIME).isBefore(clock.instant())) {
            ctx.next();
            return;
        }
        Map<String, String> query = query(ctx);
        ctx.vertx().executeBlocking(() -> actions.api().call("GET", ctx.normalizedPath(), query, null), false)
                .onComplete(result -> {
                    securityHeaders(ctx);
                    if (result.failed()) {
                        LOG.error("completing the authorization of {} failed", pending.integrationId(),
                                result.cause());
                    }
                    ApiOperations.Answer answer = result.succeeded() ? result.result()
                            : new ApiOperations.Answer(500, "{\"message\":\"the authorization could not be"
                            + " completed; see the service log\"}", null);
                    // a page, not a redirect: the wizard's cookie is SameSite=Strict, which a redirect chain that
                    // began at Atlassian would not carry; a navigation from this page is same-site
                    html(ctx, answer.ok() ? 200 : 400, pages.oauthReturned(pending.integrationId(), answer));
                });
    }

    // ---- helpers

    private boolean sameOriginWithToken(RoutingContext ctx, WebSessions.Session session) {
        return WebSessions.csrfMatches(session, ctx.request().getHeader(CSRF_HEADER)) && sameOrigin(ctx);
    }

    /** A browser names the page a request came from in Origin; when it does, it must be this service's host. */
    private static boolean sameOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = ctx.request().getHeader("Host");
        try {
            return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Cookie sessionCookie(RoutingContext ctx, String value) {
        return cookie(ctx, SESSION_COOKIE, value, "/ui");
    }

    private Cookie cookie(RoutingContext ctx, String name, String value, String path) {
        return Cookie.cookie(name, value).setPath(path).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL() || httpsPublicUrl);
    }

    private static String cookie(RoutingContext ctx, String name) {
        Cookie cookie = ctx.request().getCookie(name);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private static Map<String, String> query(RoutingContext ctx) {
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParams().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
        return query;
    }

    private static String pathAndQuery(RoutingContext ctx) {
        String query = ctx.request().query();
        return ctx.normalizedPath() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static Map<String, Object> jsonBody(RoutingContext ctx) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        try {
            return body == null || body.isBlank() ? Map.of() : Json.readMap(body);
        } catch (RuntimeException e) {
            throw new ApiException(400, "malformed_json", "the body is not a JSON object");
        }
    }

    private void asset(RoutingContext ctx, String name) {
        if (!ASSETS.contains(name)) {
            json(ctx, 404, ApiResponses.errorBody("not_found", "no asset " + name, List.of()));
            return;
        }
        try (InputStream in = WebPage.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource ui/" + name);
            }
            ctx.response().putHeader("Content-Type", name.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : "text/css; charset=utf-8").putHeader("Cache-Control", "no-cache")
                    .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:;"
                        + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    private static void html(RoutingContext ctx, int status, String html) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
    }

    private static void raw(RoutingContext ctx, ApiOperations.Answer answer) {
        ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json");
        ctx.response().end(answer.body() == null ? "" : answer.body());
    }
}
