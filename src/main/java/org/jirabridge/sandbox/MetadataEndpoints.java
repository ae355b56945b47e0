package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** serverInfo, myself, mypermissions, projects, fields, priorities, create metadata and assignable users. */
final class MetadataEndpoints {

    private static final String CLOUD_VERSION = "1001.0.0-SNAPSHOT";
    private static final int MAX_PAGE = 200;

    private MetadataEndpoints() {
    }

    static void register(Router router, SandboxState state) {
        for (String v : state.flavour().restVersions()) {
            String api = "/rest/api/" + v;
            router.add("GET", api + "/serverInfo", v, true, MetadataEndpoints::serverInfo);
            router.add("GET", api + "/myself", v, false, c -> json(c.views().user(c.user())));
            router.add("GET", api + "/mypermissions", v, false, MetadataEndpoints::myPermissions);
            router.add("GET", api + "/project", v, false, MetadataEndpoints::projects);
            if (state.flavour() == Flavour.CLOUD) {
                router.add("GET", api + "/project/search", v, false, MetadataEndpoints::projectSearch);
            }
            router.add("GET", api + "/project/{projectIdOrKey}", v, false, MetadataEndpoints::project);
            router.add("GET", api + "/field", v, false, MetadataEndpoints::fields);
            router.add("GET", api + "/priority", v, false, MetadataEndpoints::priorities);
            router.add("GET", api + "/user/assignable/search", v, false, MetadataEndpoints::assignable);
            router.add("GET", api + "/issue/createmeta/{projectIdOrKey}/issuetypes", v, false, MetadataEndpoints::createMetaIssueTypes);
            router.add("GET", api + "/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", v, false, MetadataEndpoints::createMetaFields);
        }
    }

    /** The old create metadata form exists only on Server before 9.0; elsewhere the path falls through to GET issue. */
    static void registerLegacyCreateMeta(Router router, SandboxState state) {
        if (state.flavour() == Flavour.SERVER && state.serverMajorVersion() < 9) {
            router.add("GET", "/rest/api/2/issue/createmeta", "2", false, MetadataEndpoints::legacyCreateMeta);
        }
    }

    private static SandboxResponse json(com.fasterxml.jackson.databind.JsonNode body) {
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse serverInfo(Router.Call call) {
        SandboxState state = call.state();
        boolean cloud = state.flavour() == Flavour.CLOUD;
        String version = cloud ? CLOUD_VERSION : state.serverVersion();
        List<Integer> numbers = new ArrayList<>();
        for (String part : version.split("[.-]")) {
            if (part.chars().allMatch(Character::isDigit) && !part.isEmpty() && numbers.size() < 3) {
                numbers.add(Integer.parseInt(part));
            }
        }
        while (numbers.size() < 3) {
            numbers.add(0);
        }
        ObjectNode body = Json.object().put("baseUrl", call.views().baseUrl())
                .put("version", version);
        ArrayNode versionNumbers = body.putArray("versionNumbers");
        numbers.forEach(versionNumbers::add);
        body.put("deploymentType", state.flavour().deploymentType())
                .put("buildNumber", cloud ? 100282 : numbers.get(0) * 100000 + numbers.get(1) * 1000 + numbers.get(2))
                .put("buildDate", "2026-01-15T00:00:00.000+0000")
                .put("serverTime", JiraTime.format(state.now()))
                .put("scmInfo", "6f2b8a9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f90")
                .put("serverTitle", cloud ? "Jira" : "Jira Sandbox");
        return json(body);
    }

    private static SandboxResponse myPermissions(Router.Call call) {
        SandboxRequest request = call.request();
        List<String> keys = request.params("permissions");
        boolean cloud = call.state().flavour() == Flavour.CLOUD;
        if (cloud && keys.isEmpty()) {
            return SandboxResponse.errorMessage(400, "The 'permissions' query parameter is required.");
        }
        for (String key : keys) {
            if (Catalog.permission(key).isEmpty()) {
                return SandboxResponse.errorMessage(400, "Invalid permission key: " + key);
            }
        }
        String projectKey = request.param("projectKey");
        String projectId = request.param("projectId");
        if (projectKey != null && call.state().project(projectKey).isEmpty()) {
            return SandboxResponse.errorMessage(404, "No project could be found with key '" + projectKey + "'.");
        }
        if (projectId != null && call.state().project(projectId).isEmpty()) {
            return SandboxResponse.errorMessage(404, "No project could be found with id '" + projectId + "'.");
        }
        String issueKey = Optional.ofNullable(request.param("issueKey")).orElse(request.param("issueId"));
        if (issueKey != null && call.state().issue(issueKey).isEmpty()) {
            return SandboxResponse.errorMessage(404, "Issue does not exist or you do not have permission to see it.");
        }
        ObjectNode body = Json.object();
        ObjectNode permissions = body.putObject("permissions");
        for (Catalog.Permission permission : Catalog.PERMISSIONS) {
            if (keys.isEmpty() || keys.contains(permission.key())) {
                permissions.putObject(permission.key()).put("id", permission.id()).put("key", permission.key())
                        .put("name", permission.name()).put("type", permission.type())
                        .put("description", permission.description()).put("havePermission", projectKey == null
                                || call.state().access.has(call.state().project(projectKey).orElseThrow().key(), permission.key()));
            }
        }
        return json(body);
    }

    private static SandboxResponse projects(Router.Call call) {
        ArrayNode list = Json.array();
        call.state().projects().forEach(p -> list.add(call.views().project(p, call.request().params("expand"))));
        return json(list);
    }

    private static SandboxResponse projectSearch(Router.Call call) {
        SandboxRequest request = call.request();
        int startAt = Math.max(0, request.intParam("startAt", 0));
        int maxResults = Math.min(100, Math.max(1, request.intParam("maxResults", 50)));
        String query = Optional.ofNullable(request.param("query")).map(q -> q.toLowerCase(Locale.ROOT)).orElse(null);
        List<String> keys = request.params("keys");
        // typeKey: a comma-separated list of project types (business, service_desk, software)
        List<String> types = request.params("typeKey").stream().flatMap(t -> Arrays.stream(t.split(",")))
                .map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toList());
        List<SandboxProject> matching = call.state().projects().stream()
                .filter(p -> keys.isEmpty() || keys.contains(p.key()) || keys.contains(p.id()))
                .filter(p -> types.isEmpty() || types.contains(p.typeKey()))
                .filter(p -> query == null || p.key().toLowerCase(Locale.ROOT).contains(query)
                        || p.name().toLowerCase(Locale.ROOT).contains(query))
                .collect(Collectors.toList());
        int end = Math.min(matching.size(), startAt + maxResults);
        String self = call.views().api() + "/project/search";
        ObjectNode body = Json.object().put("self", self + "?startAt=" + startAt + "&maxResults=" + maxResults);
        if (end < matching.size()) {
            body.put("nextPage", self + "?startAt=" + end + "&maxResults=" + maxResults);
        }
        body.put("maxResults", maxResults).put("startAt", startAt).put("total", matching.size())
                .put("isLast", end >= matching.size());
        ArrayNode values = body.putArray("values");
        if (startAt < matching.size()) {
            matching.subList(startAt, end).forEach(p -> values.add(call.views().project(p, request.params("expand"))));
        }
        return json(body);
    }

    private static SandboxResponse project(Router.Call call) {
        String idOrKey = call.param("projectIdOrKey");
        return call.state().project(idOrKey)
                .map(p -> json(call.views().projectDetails(p, call.request().params("expand"))))
                .orElseGet(() -> SandboxResponse.errorMessage(404, "No project could be found with key '" + idOrKey + "'."));
    }

    private static SandboxResponse fields(Router.Call call) {
        ArrayNode list = Json.array();
        Catalog.FIELDS.forEach(f -> list.add(call.views().field(f)));
        return json(list);
    }

    private static SandboxResponse priorities(Router.Call call) {
        ArrayNode list = Json.array();
        Catalog.PRIORITIES.forEach(p -> list.add(call.views().priority(p)));
        return json(list);
    }

    private static SandboxResponse assignable(Router.Call call) {
        SandboxRequest request = call.request();
        String projectKey = request.param("project");
        String issueKey = Optional.ofNullable(request.param("issueKey")).orElse(request.param("issueId"));
        if (projectKey == null && issueKey == null) {
            return SandboxResponse.errorMessage(400, "The project, issue key or issue ID must be provided.");
        }
        if (projectKey != null && call.state().project(projectKey).isEmpty()) {
            return SandboxResponse.errorMessage(404, "Project '" + projectKey + "' not found.");
        }
        if (issueKey != null && call.state().issue(issueKey).isEmpty()) {
            return SandboxResponse.errorMessage(404, "Issue '" + issueKey + "' not found.");
        }
        String query = Optional.ofNullable(request.param("query")).orElse(request.param("username"));
        String needle = query == null ? "" : query.toLowerCase(Locale.ROOT);
        int startAt = Math.max(0, request.intParam("startAt", 0));
        int maxResults = Math.max(0, request.intParam("maxResults", 50));
        List<SandboxUser> users = call.state().users().stream().filter(SandboxUser::active)
                .filter(u -> needle.isEmpty() || u.displayName().toLowerCase(Locale.ROOT).contains(needle)
                        || u.emailAddress().toLowerCase(Locale.ROOT).contains(needle)
                        || (u.name() != null && u.name().toLowerCase(Locale.ROOT).contains(needle)))
                .skip(startAt).limit(maxResults).collect(Collectors.toList());
        ArrayNode list = Json.array();
        users.forEach(u -> list.add(call.views().userRef(u).put("locale", "en_US")));
        return json(list);
    }

    private static Optional<SandboxResponse> pageLimit(int maxResults) {
        if (maxResults > MAX_PAGE) {
            return Optional.of(SandboxResponse.errorMessage(400, "Parameter 'maxResults' must not exceed the limit '" + MAX_PAGE + "'"));
        }
        return Optional.empty();
    }

    private static SandboxResponse createMetaIssueTypes(Router.Call call) {
        SandboxRequest request = call.request();
        int startAt = Math.max(0, request.intParam("startAt", 0));
        int maxResults = request.intParam("maxResults", 50);
        Optional<SandboxResponse> tooMany = pageLimit(maxResults);
        if (tooMany.isPresent()) {
            return tooMany.get();
        }
        Optional<SandboxProject> project = call.state().project(call.param("projectIdOrKey"));
        if (project.isEmpty()) {
            return SandboxResponse.errorMessage(404, "Project with key '" + call.param("projectIdOrKey") + "' not found.");
        }
        List<ObjectNode> types = Catalog.ISSUE_TYPES.stream().map(call.views()::issueType).collect(Collectors.toList());
        return json(page(call, types, startAt, maxResults, "issueTypes"));
    }

    private static SandboxResponse createMetaFields(Router.Call call) {
        SandboxRequest request = call.request();
        int startAt = Math.max(0, request.intParam("startAt", 0));
        int maxResults = request.intParam("maxResults", 50);
        Optional<SandboxResponse> tooMany = pageLimit(maxResults);
        if (tooMany.isPresent()) {
            return tooMany.get();
        }
        Optional<SandboxProject> project = call.state().project(call.param("projectIdOrKey"));
        if (project.isEmpty()) {
            return SandboxResponse.errorMessage(404, "Project with key '" + call.param("projectIdOrKey") + "' not found.");
        }
        Optional<Catalog.IssueType> type = Catalog.issueType(call.param("issueTypeId"));
        if (type.isEmpty()) {
            return SandboxResponse.errorMessage(404, "Issue type with id '" + call.param("issueTypeId") + "' not found.");
        }
        List<ObjectNode> fields = Catalog.createScreen(project.get(), type.get().id()).stream()
                .map(f -> call.views().createMetaField(f, project.get(), type.get(), true))
                .collect(Collectors.toList());
        return json(page(call, fields, startAt, maxResults, "fields"));
    }

    /** Cloud pages create metadata as {startAt,maxResults,total,issueTypes|fields}; Server 9 as {…,isLast,values}. */
    private static ObjectNode page(Router.Call call, List<ObjectNode> items, int startAt, int maxResults, String cloudName) {
        boolean cloud = call.state().flavour() == Flavour.CLOUD;
        int end = Math.min(items.size(), startAt + Math.max(0, maxResults));
        ObjectNode body = Json.object().put("maxResults", maxResults).put("startAt", startAt).put("total", items.size());
        if (!cloud) {
            body.put("isLast", end >= items.size());
        }
        ArrayNode values = body.putArray(cloud ? cloudName : "values");
        if (startAt < items.size()) {
            items.subList(startAt, end).forEach(values::add);
        }
        return body;
    }

    private static SandboxResponse legacyCreateMeta(Router.Call call) {
        SandboxRequest request = call.request();
        List<String> keys = request.params("projectKeys");
        List<String> ids = request.params("projectIds");
        List<String> typeIds = request.params("issuetypeIds");
        List<String> typeNames = request.params("issuetypeNames");
        boolean withFields = request.params("expand").contains("projects.issuetypes.fields");
        ObjectNode body = Json.object().put("expand", "projects");
        ArrayNode projects = body.putArray("projects");
        for (SandboxProject project : call.state().projects()) {
            if ((!keys.isEmpty() || !ids.isEmpty()) && !keys.contains(project.key()) && !ids.contains(project.id())) {
                continue;
            }
            ObjectNode node = call.views().projectRef(project);
            node.remove("projectTypeKey");
            node.put("expand", "issuetypes");
            ArrayNode types = node.putArray("issuetypes");
            for (Catalog.IssueType type : Catalog.ISSUE_TYPES) {
                if ((!typeIds.isEmpty() || !typeNames.isEmpty()) && !typeIds.contains(type.id()) && !typeNames.contains(type.name())) {
                    continue;
                }
                ObjectNode typeNode = call.views().issueType(type).put("expand", "fields");
                if (withFields) {
                    ObjectNode fields = typeNode.putObject("fields");
                    Catalog.createScreen(project, type.id()).forEach(f -> fields.set(f.fieldId(), call.views().createMetaField(f, project, type, false)));
                }
                types.add(typeNode);
            }
            projects.add(node);
        }
        return json(body);
    }
}
