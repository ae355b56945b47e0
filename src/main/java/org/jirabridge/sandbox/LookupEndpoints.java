package org.jirabridge.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Users and statuses as an importer reads them: {@code /user} (Cloud: accountId; Server: username or key),
 * {@code /user/search} (Cloud: query; Server: username, "." for
 * everyone), Cloud's {@code /users/search} (every user, paged), {@code /status[/{idOrName}]} with categories,
 * {@code /statuscategory[/{idOrKey}]}, Cloud's
 * {@code /statuses/search} and {@code /statuses?id=}, and Cloud's {@code POST /search/approximate-count}.
 */
final class LookupEndpoints {

    private LookupEndpoints() {
    }

    static void register(Router router, SandboxState state) {
        boolean cloud = state.flavour() == Flavour.CLOUD;
        for (String v : state.flavour().restVersions()) {
            String api = "/rest/api/" + v;
            router.add("GET", api + "/user/search", v, false, LookupEndpoints::userSearch);
            router.add("GET", api + "/user", v, false, LookupEndpoints::user);
            router.add("GET", api + "/status", v, false, LookupEndpoints::statuses);
            // the targets of every status's self links
            router.add("GET", api + "/status/{idOrName}", v, false, LookupEndpoints::status);
            router.add("GET", api + "/statuscategory", v, false, LookupEndpoints::categories);
            router.add("GET", api + "/statuscategory/{idOrKey}", v, false, LookupEndpoints::category);
            if (cloud) {
                router.add("GET", api + "/users/search", v, false, LookupEndpoints::allUsers);
                router.add("GET", api + "/users", v, false, LookupEndpoints::allUsers);
                router.add("GET", api + "/statuses/search", v, false, LookupEndpoints::statusSearch);
                router.add("GET", api + "/statuses", v, false, LookupEndpoints::statusesById);
                router.add("POST", api + "/search/approximate-count", v, false, LookupEndpoints::approximateCount);
            }
        }
    }

    private static SandboxResponse userSearch(Router.Call call) {
        boolean cloud = call.views().cloud();
        String query = call.request().param(cloud ? "query" : "username");
        if (query == null && cloud) {
            query = call.request().param("accountId");
        }
        if (query == null || query.isBlank()) {
            return SandboxResponse.errorMessage(400, cloud ? "The query parameter 'query' or 'accountId' is required."
                    : "The username query parameter was not provided");
        }
        String needle = query.toLowerCase(Locale.ROOT);
        // Cloud finds active users only; Server takes includeActive (default true) and includeInactive (default false)
        boolean active = cloud || !"false".equalsIgnoreCase(call.request().param("includeActive"));
        boolean inactive = !cloud && "true".equalsIgnoreCase(call.request().param("includeInactive"));
        List<SandboxUser> matches = call.state().users().stream().filter(u -> u.active() ? active : inactive)
                .filter(u -> needle.equals(".")
                || contains(u.displayName(), needle) || contains(u.emailAddress(), needle) || contains(u.name(), needle)
                || needle.equals(u.accountId())).toList();
        return SandboxResponse.json(200, page(call, matches, 50, 1000));
    }

    /** One user: Cloud by accountId; Server by username or key. */
    private static SandboxResponse user(Router.Call call) {
        boolean cloud = call.views().cloud();
        String id = cloud ? call.request().param("accountId")
                : Optional.ofNullable(call.request().param("username")).orElse(call.request().param("key"));
        if (id == null || id.isBlank()) {
            return SandboxResponse.errorMessage(400, cloud ? "The query parameter 'accountId' is required."
                    : "The username query parameter was not provided");
        }
        Optional<SandboxUser> user = call.state().users().stream().filter(u -> cloud ? id.equals(u.accountId())
                : id.equals(u.name()) || id.equals(u.key())).findFirst();
        return user.map(u -> SandboxResponse.json(200, call.views().user(u))).orElseGet(() -> SandboxResponse.errorMessage(404,
                cloud ? "Specified user does not exist or you do not have required permissions"
                        : "The user named '" + id + "' does not exist"));
    }

    private static SandboxResponse allUsers(Router.Call call) {
        return SandboxResponse.json(200, page(call, List.copyOf(call.state().users()), 50, 1000));
    }

    private static ArrayNode page(Router.Call call, List<SandboxUser> users, int defaultMax, int cap) {
        int startAt = Math.max(0, call.request().intParam("startAt", 0));
        int maxResults = Math.max(0, Math.min(cap, call.request().intParam("maxResults", defaultMax)));
        ArrayNode list = Json.array();
        users.stream().skip(startAt).limit(maxResults).forEach(u -> list.add(call.views().userRef(u)));
        return list;
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static SandboxResponse statuses(Router.Call call) {
        ArrayNode list = Json.array();
        Catalog.STATUSES.forEach(s -> list.add(call.views().status(s)));
        return SandboxResponse.json(200, list);
    }

    private static SandboxResponse status(Router.Call call) {
        String idOrName = call.param("idOrName");
        return Catalog.STATUSES.stream().filter(s -> s.id().equals(idOrName) || s.name().equalsIgnoreCase(idOrName)).findFirst()
                .map(s -> SandboxResponse.json(200, call.views().status(s)))
                .orElseGet(() -> SandboxResponse.errorMessage(404, "The status with ID '" + idOrName + "' does not exist."));
    }

    /** Jira's four categories: the three its statuses use and "No Category". */
    private static List<ObjectNode> allCategories(Router.Call call) {
        ObjectNode none = Json.object().put("self", call.views().api() + "/statuscategory/1").put("id", 1)
                .put("key", "undefined").put("colorName", "medium-gray").put("name", "No Category");
        List<ObjectNode> result = new java.util.ArrayList<>(List.of(none));
        Catalog.STATUSES.forEach(s -> result.add((ObjectNode) call.views().status(s).get("statusCategory")));
        return result;
    }

    private static SandboxResponse categories(Router.Call call) {
        ArrayNode list = Json.array();
        allCategories(call).forEach(list::add);
        return SandboxResponse.json(200, list);
    }

    private static SandboxResponse category(Router.Call call) {
        String idOrKey = call.param("idOrKey");
        return allCategories(call).stream().filter(c -> c.get("id").asText().equals(idOrKey) || c.get("key").asText().equalsIgnoreCase(idOrKey))
                .findFirst().map(c -> SandboxResponse.json(200, c))
                .orElseGet(() -> SandboxResponse.errorMessage(404, "The status category with ID '" + idOrKey + "' does not exist."));
    }

    /** The newer status shape: statusCategory as TODO, IN_PROGRESS or DONE and a global scope. */
    private static ObjectNode jiraStatus(Catalog.Status status) {
        String category = switch (status.categoryKey()) {
            case "done" -> "DONE";
            case "indeterminate" -> "IN_PROGRESS";
            default -> "TODO";
        };
        ObjectNode node = Json.object().put("id", status.id()).put("name", status.name())
                .put("statusCategory", category).put("description", status.description());
        node.putObject("scope").put("type", "GLOBAL");
        return node;
    }

    private static SandboxResponse statusSearch(Router.Call call) {
        ObjectNode body = Json.object().put("startAt", 0).put("maxResults", 200).put("total", Catalog.STATUSES.size())
                .put("isLast", true);
        ArrayNode values = body.putArray("values");
        Catalog.STATUSES.forEach(s -> values.add(jiraStatus(s)));
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse statusesById(Router.Call call) {
        List<String> ids = call.request().params("id");
        ArrayNode list = Json.array();
        Catalog.STATUSES.stream().filter(s -> ids.isEmpty() || ids.contains(s.id())).forEach(s -> list.add(jiraStatus(s)));
        return SandboxResponse.json(200, list);
    }

    /** Cloud's count of a JQL query's matches, of the issues the caller may browse; here it is exact. */
    private static SandboxResponse approximateCount(Router.Call call) {
        String jql = Json.text(call.request().json(), "jql");
        if (jql == null) {
            return SandboxResponse.errorMessage(400, "The 'jql' field is required.");
        }
        String refusal = call.state().access.refusal(jql);
        if (refusal != null) {
            return SandboxResponse.errors(400, List.of(refusal), java.util.Map.of());
        }
        Jql parsed = Jql.parse(jql, call.state(), call.user().id(call.state().flavour()));
        if (!parsed.isBounded()) {
            return SandboxResponse.errorMessage(400, Jql.UNBOUNDED);
        }
        // counted without sorting, as a count needs no order
        int count = parsed.count(call.state().issues().stream().filter(i -> call.state().access.canBrowse(i.project)).toList());
        return SandboxResponse.json(200, Json.object().put("count", count));
    }
}
