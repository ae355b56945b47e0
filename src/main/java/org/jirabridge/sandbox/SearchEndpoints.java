package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JQL search. Server: GET|POST /rest/api/2/search paged by startAt/maxResults/total. Cloud: GET|POST
 * /rest/api/{2,3}/search/jql paged by nextPageToken/isLast, returning issue ids only unless fields are
 * asked for, refusing unbounded queries; the removed /search answers 410 as Cloud does since CHANGE-2046.
 */
final class SearchEndpoints {

    static final String SEARCH_REMOVED = "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
            + "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046";
    private static final int SERVER_MAX_RESULTS = 1000;
    private static final int CLOUD_MAX_IDS = 5000;
    private static final int CLOUD_MAX_WITH_FIELDS = 100;

    /** One search request, from query parameters (GET) or a JSON body (POST). */
    private record Query(String jql, int startAt, int maxResults, List<String> fields, List<String> properties,
                         String nextPageToken) {
    }

    private SearchEndpoints() {
    }

    static void register(Router router, SandboxState state) {
        if (state.flavour() == Flavour.SERVER) {
            router.add("GET", "/rest/api/2/search", "2", false, c -> serverSearch(c, fromParams(c.request())));
            router.add("POST", "/rest/api/2/search", "2", false, c -> serverSearch(c, fromBody(c.request())));
            return;
        }
        for (String v : state.flavour().restVersions()) {
            String search = "/rest/api/" + v + "/search";
            router.add("GET", search + "/jql", v, false, c -> cloudSearch(c, fromParams(c.request())));
            router.add("POST", search + "/jql", v, false, c -> cloudSearch(c, fromBody(c.request())));
            router.add("GET", search, v, false, c -> SandboxResponse.errorMessage(410, SEARCH_REMOVED));
            router.add("POST", search, v, false, c -> SandboxResponse.errorMessage(410, SEARCH_REMOVED));
        }
    }

    private static Query fromParams(SandboxRequest request) {
        return new Query(Optional.ofNullable(request.param("jql")).orElse(""), request.intParam("startAt", 0),
                request.intParam("maxResults", 50), request.params("fields"), request.params("properties"),
                request.param("nextPageToken"));
    }

    private static Query fromBody(SandboxRequest request) {
        JsonNode body = request.json();
        return new Query(Optional.ofNullable(Json.text(body, "jql")).orElse(""), body.path("startAt").asInt(0),
                body.path("maxResults").asInt(50), Json.strings(body.get("fields")), Json.strings(body.get("properties")),
                Json.text(body, "nextPageToken"));
    }

    private static SandboxResponse serverSearch(Router.Call call, Query query) {
        if (query.startAt() < 0) {
            return SandboxResponse.errorMessage(400, "startAt must be 0 or greater.");
        }
        if (call.state().access.refusal(query.jql()) != null) {
            return SandboxResponse.errors(400, List.of(call.state().access.refusal(query.jql())), java.util.Map.of());
        }
        List<SandboxIssue> found = ChangelogEndpoints.visible(call,
                Jql.parse(query.jql(), call.state(), call.user().id(call.state().flavour())).run(call.state().issues()));
        int maxResults = Math.max(0, Math.min(query.maxResults(), SERVER_MAX_RESULTS));
        int end = Math.min(found.size(), query.startAt() + maxResults);
        FieldSelection fields = FieldSelection.parse(query.fields(), "*navigable");
        ObjectNode body = Json.object().put("expand", "names,schema").put("startAt", query.startAt())
                .put("maxResults", maxResults).put("total", found.size());
        ArrayNode issues = body.putArray("issues");
        List<String> expand = IssueExpansions.searchExpand(call.request());
        if (query.startAt() < found.size()) {
            found.subList(query.startAt(), end).forEach(i -> issues.add(ChangelogEndpoints.expand(call,
                    IssueExpansions.forSearch(call.views().issue(i, fields, query.properties()), i, fields, expand,
                            call.views()), i)));
        }
        IssueExpansions.topLevel(body, fields, expand);
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse cloudSearch(Router.Call call, Query query) {
        Jql jql = Jql.parse(query.jql(), call.state(), call.user().id(call.state().flavour()));
        if (!jql.isBounded()) {
            return SandboxResponse.errorMessage(400, Jql.UNBOUNDED);
        }
        if (call.state().access.refusal(query.jql()) != null) {
            return SandboxResponse.errors(400, List.of(call.state().access.refusal(query.jql())), java.util.Map.of());
        }
        List<SandboxIssue> found = ChangelogEndpoints.visible(call, jql.run(call.state().issues()));
        int offset = 0;
        if (query.nextPageToken() != null) {
            Optional<Integer> decoded = decodeToken(query.nextPageToken(), query.jql());
            if (decoded.isEmpty()) {
                return SandboxResponse.errorMessage(400, "The provided next page token is invalid or expired.");
            }
            offset = decoded.get();
        }
        FieldSelection fields = FieldSelection.parse(query.fields(), "id");
        int cap = fields.isEmpty() && query.properties().isEmpty() ? CLOUD_MAX_IDS : CLOUD_MAX_WITH_FIELDS;
        int maxResults = Math.max(1, Math.min(query.maxResults(), cap));
        int end = Math.min(found.size(), offset + maxResults);
        ObjectNode body = Json.object();
        ArrayNode issues = body.putArray("issues");
        List<String> expand = IssueExpansions.searchExpand(call.request());
        for (SandboxIssue issue : found.subList(Math.min(offset, found.size()), end)) {
            if (fields.isEmpty() && query.properties().isEmpty()) {
                issues.addObject().put("id", String.valueOf(issue.id));
            } else {
                issues.add(ChangelogEndpoints.expand(call, IssueExpansions.forSearch(
                        call.views().issue(issue, fields, query.properties()), issue, fields, expand, call.views()), issue));
            }
        }
        IssueExpansions.topLevel(body, fields, expand);
        if (end < found.size()) {
            body.put("nextPageToken", encodeToken(end, query.jql()));
        }
        body.put("isLast", end >= found.size());
        return SandboxResponse.json(200, body);
    }

    /** Tokens are opaque to clients; here they carry the offset and a fingerprint of the query they belong to. */
    private static String encodeToken(int offset, String jql) {
        String raw = offset + ":" + Integer.toHexString(jql.trim().hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Integer> decodeToken(String token, String jql) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (parts.length == 2 && parts[1].equals(Integer.toHexString(jql.trim().hashCode()))) {
                return Optional.of(Integer.parseInt(parts[0]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to "invalid"
        }
        return Optional.empty();
    }
}
