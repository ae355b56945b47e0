package org.jirabridge.sandbox;

import java.util.Map;

/**
 * Jira's REST API as the flavour serves it: routing, authentication per route, and the translation of
 * bad input into Jira's 400 answers. The caller holds the state's monitor while {@link #handle} runs.
 */
final class RestApi {

    private final SandboxState state;
    private final String baseUrl;
    private final Authenticator authenticator;
    private Router router;
    private int routedForMajorVersion = -1;

    RestApi(SandboxState state, String baseUrl) {
        this.state = state;
        this.baseUrl = baseUrl;
        this.authenticator = new Authenticator(state);
    }

    /** Routes for the current state; rebuilt when the Server version (which decides the old createmeta) changes. */
    Router.Resolution resolve(String method, String path) {
        int major = state.serverMajorVersion();
        if (router == null || major != routedForMajorVersion) {
            Router fresh = new Router();
            // literal paths first: issue/createmeta must win over issue/{issueIdOrKey}
            MetadataEndpoints.registerLegacyCreateMeta(fresh, state);
            MetadataEndpoints.register(fresh, state);
            SearchEndpoints.register(fresh, state);
            IssueEndpoints.register(fresh, state);
            router = fresh;
            routedForMajorVersion = major;
        }
        return router.resolve(method, path);
    }

    SandboxResponse handle(SandboxRequest request, Router.Resolution resolution) {
        Authenticator.Outcome auth = authenticator.authenticate(request);
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
        Router.Call call = new Router.Call(request, resolution.params(), auth.user(), state,
                new JiraViews(state, baseUrl, route.version()), new IssueEditor(state, route.version()));
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
