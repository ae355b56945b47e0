package org.jirabridge.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Jira's REST API as the flavour serves it: routing, authentication per route, and the translation of
 * bad input into Jira's 400 answers. The caller holds the state's monitor while {@link #handle} runs.
 */
final class RestApi {

    private static final String LATEST = "/rest/api/latest/";

    private final SandboxState state;
    private final String baseUrl;
    private final Authenticator authenticator;
    private Router router;
    private int routedForMajorVersion = -1;

    RestApi(SandboxState state, String baseUrl, AtlassianServices services) {
        this.state = state;
        this.baseUrl = baseUrl;
        this.authenticator = new Authenticator(state, services);
    }

    /** The route that answers a method and path in the current state (or why none does). */
    Router.Resolution resolve(String method, String path) {
        // Jira serves /rest/api/latest as REST v2 (Server's documented alias; Cloud answers it the same way)
        return router().resolve(method, path.startsWith(LATEST) ? "/rest/api/2/" + path.substring(LATEST.length()) : path);
    }

    /** The routes served in the current state. */
    List<Router.Route> routes() {
        return router().routes();
    }

    /** Routes for the current state; rebuilt when the Server version (which decides the old createmeta) changes. */
    private Router router() {
        int major = state.serverMajorVersion();
        if (router == null || major != routedForMajorVersion) {
            Router fresh = new Router();
            // literal paths first: issue/createmeta must win over issue/{issueIdOrKey}
            MetadataEndpoints.registerLegacyCreateMeta(fresh, state);
            MetadataEndpoints.register(fresh, state);
            SearchEndpoints.register(fresh, state);
            // the data analytics imports: changelogs, agile boards and sprints, users and statuses
            ChangelogEndpoints.register(fresh, state);
            LookupEndpoints.register(fresh, state);
            AgileEndpoints.register(fresh);
            IssueEndpoints.register(fresh, state);
            IssueSideEndpoints.register(fresh, state);
            ReferenceDataEndpoints.register(fresh, state);
            WebhookEndpoints.register(fresh);
            if (state.flavour() == Flavour.CLOUD) {
                // dynamic webhooks are a Cloud API for apps; Server and Data Center have none
                DynamicWebhookEndpoints.register(fresh);
            }
            router = fresh;
            routedForMajorVersion = major;
        }
        return router;
    }

    /**
     * Jira's XSRF filter refuses writes with the content types a browser form can send (text/plain, form data,
     * multipart) unless X-Atlassian-Token: no-check is present; JSON resources refuse other content types with 415.
     */
    private static SandboxResponse refuseContentType(SandboxRequest request, Router.Route route) {
        boolean write = request.method().equals("POST") || request.method().equals("PUT");
        String contentType = request.header("Content-Type");
        if (!write || (contentType == null && request.body().length == 0)) {
            return null;
        }
        String mediaType = contentType == null ? "application/octet-stream"
                : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean formLike = mediaType.equals("text/plain") || mediaType.equals("application/x-www-form-urlencoded")
                || mediaType.equals("multipart/form-data");
        String token = Optional.ofNullable(request.header("X-Atlassian-Token")).orElse("").toLowerCase(Locale.ROOT);
        if (formLike && !token.equals("no-check") && !token.equals("nocheck")) {
            return SandboxResponse.text(403, "text/plain;charset=UTF-8", IssueEndpoints.XSRF_FAILED);
        }
        boolean consumesJson = !route.template().endsWith("/attachments");
        if (consumesJson && !mediaType.equals("application/json")) {
            return SandboxResponse.errorMessage(415, "Unsupported Media Type: send the body as application/json.");
        }
        return null;
    }

    SandboxResponse handle(SandboxRequest request, Router.Resolution resolution) {
        return handleAs(request, resolution, authenticator.authenticate(request));
    }

    /** Handles a request whose caller is already known (the API gateway authenticated it). */
    SandboxResponse handleAs(SandboxRequest request, Router.Resolution resolution, Authenticator.Outcome auth) {
        SandboxResponse response = dispatch(request, resolution, auth);
        if (state.flavour() == Flavour.SERVER && response.status() != 401) {
            // Seraph tells Server clients who they are
            response.header("X-AUSERNAME", auth.user() == null ? "anonymous" : auth.user().name());
            if (auth.user() != null) {
                response.header(Authenticator.LOGIN_REASON, "OK");
            }
        }
        return response;
    }

    private SandboxResponse dispatch(SandboxRequest request, Router.Resolution resolution, Authenticator.Outcome auth) {
        if (auth.failure() != null) {
            return auth.failure();
        }
        if (!resolution.found()) {
            return resolution.pathKnown()
                    ? SandboxResponse.errorMessage(405, "Method Not Allowed")
                    : SandboxResponse.errorMessage(404, "null for uri: " + baseUrl + request.path());
        }
        Router.Route route = resolution.route();
        if (auth.anonymous() && !route.anonymous()) {
            return Authenticator.authenticationRequired();
        }
        SandboxResponse refused = refuseContentType(request, route);
        if (refused != null) {
            return refused;
        }
        Router.Call call = new Router.Call(request, resolution.params(), auth.user(), state,
                new JiraViews(state, baseUrl, route.version()).viewer(auth.user()), new IssueEditor(state, route.version()),
                auth.app());
        try {
            return route.handler().handle(call);
        } catch (Json.BadJsonException e) {
            return SandboxResponse.errorMessage(400, e.getMessage());
        } catch (SandboxRequest.BadParameterException e) {
            return SandboxResponse.errorMessage(400, e.getMessage());
        } catch (Jql.JqlException e) {
            return SandboxResponse.errors(400, e.messages(), Map.of());
        }
    }
}
