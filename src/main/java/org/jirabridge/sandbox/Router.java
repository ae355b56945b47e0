package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps method + path to a handler through path templates such as /rest/api/3/issue/{issueIdOrKey}. */
final class Router {

    /** Handles one matched request. */
    @FunctionalInterface
    interface Handler {
        SandboxResponse handle(Call call);
    }

    /**
     * What a handler gets: the request, the template's path values, the authenticated user (null only on
     * anonymous routes), the views and editor for the route's REST version, and the app behind the call (null for
     * people, service accounts and tokens).
     */
    record Call(SandboxRequest request, Map<String, String> params, SandboxUser user, SandboxState state,
                JiraViews views, IssueEditor editor, AppPrincipal app) {
        String param(String name) {
            return params.get(name);
        }
    }

    /** A route; {@code version} is the REST version ("2" or "3") whose representations it uses. */
    record Route(String method, String template, String version, boolean anonymous, Handler handler, Pattern pattern,
                 List<String> names) {
    }

    /** The outcome of routing: a match, a path that exists with other methods (405), or nothing (404). */
    record Resolution(Route route, Map<String, String> params, boolean pathKnown) {
        boolean found() {
            return route != null;
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}/]+)}");

    private final List<Route> routes = new ArrayList<>();

    /** Routes are tried in the order they were added: add literal paths before templated ones. */
    void add(String method, String template, String version, boolean anonymous, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher placeholders = PLACEHOLDER.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (placeholders.find()) {
            regex.append(Pattern.quote(template.substring(last, placeholders.start()))).append("([^/]+)");
            names.add(placeholders.group(1));
            last = placeholders.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, version, anonymous, handler, Pattern.compile(regex.toString()), names));
    }

    /** Every route, in the order they are tried (tests check that each one is exercised). */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    Resolution resolve(String method, String path) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            if (!route.method().equals(method)) {
                pathKnown = true;
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                params.put(route.names().get(i), matcher.group(i + 1));
            }
            return new Resolution(route, params, true);
        }
        return new Resolution(null, Map.of(), pathKnown);
    }
}
