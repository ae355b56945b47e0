package org.jirabridge.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Reference data: issue types, resolutions, priorities by id, the paged field and priority searches (Cloud), a
 * project's components and versions (listed, paged, created, read), and the approximate count of a JQL query (Cloud).
 */
final class ReferenceDataEndpoints {

    private ReferenceDataEndpoints() {
    }

    static void register(Router router, SandboxState state) {
        boolean cloud = state.flavour() == Flavour.CLOUD;
        for (String v : state.flavour().restVersions()) {
            String api = "/rest/api/" + v;
            // literal paths before the templated ones (priority/search before priority/{id})
            if (cloud) {
                // Cloud-only operations (Data Center has neither the paged searches nor the label list)
                router.add("GET", api + "/field/search", v, false, ReferenceDataEndpoints::fieldSearch);
                router.add("GET", api + "/priority/search", v, false, ReferenceDataEndpoints::prioritySearch);
                router.add("GET", api + "/label", v, false, ReferenceDataEndpoints::labels);
            }
            router.add("GET", api + "/issuetype", v, false, c -> list(Catalog.ISSUE_TYPES.stream().map(c.views()::issueType)));
            router.add("GET", api + "/issuetype/{id}", v, false, c -> Catalog.issueType(c.param("id"))
                    .map(t -> SandboxResponse.json(200, c.views().issueType(t)))
                    .orElseGet(() -> SandboxResponse.errorMessage(404, "The issue type with id '" + c.param("id") + "' does not exist.")));
            router.add("GET", api + "/resolution", v, false, c -> list(Catalog.RESOLUTIONS.stream().map(c.views()::resolution)));
            router.add("GET", api + "/resolution/{id}", v, false, c -> Catalog.RESOLUTIONS.stream()
                    .filter(r -> r.id().equals(c.param("id"))).findFirst().map(r -> SandboxResponse.json(200, c.views().resolution(r)))
                    .orElseGet(() -> SandboxResponse.errorMessage(404, "The resolution with ID '" + c.param("id") + "' does not exist.")));
            router.add("GET", api + "/priority/{id}", v, false, c -> Catalog.priority(c.param("id"))
                    .map(p -> SandboxResponse.json(200, c.views().priority(p)))
                    .orElseGet(() -> SandboxResponse.errorMessage(404, "The priority with ID '" + c.param("id") + "' does not exist.")));
            String project = api + "/project/{projectIdOrKey}";
            router.add("GET", project + "/components", v, false, c -> withProject(c, p -> list(p.components().stream()
                    .map(k -> component(k, p, c.views())))));
            router.add("GET", project + "/versions", v, false, c -> withProject(c, p -> list(p.versions().stream()
                    .map(k -> FieldValues.versionView(k, p, c.views())))));
            router.add("GET", project + "/version", v, false, ReferenceDataEndpoints::versionPage);
            router.add("POST", api + "/component", v, false, ReferenceDataEndpoints::createComponent);
            router.add("GET", api + "/component/{id}", v, false, ReferenceDataEndpoints::getComponent);
            router.add("POST", api + "/version", v, false, ReferenceDataEndpoints::createVersion);
            router.add("GET", api + "/version/{id}", v, false, ReferenceDataEndpoints::getVersion);
        }
    }

    private static SandboxResponse list(Stream<ObjectNode> items) {
        ArrayNode list = Json.array();
        items.forEach(list::add);
        return SandboxResponse.json(200, list);
    }

    private static SandboxResponse withProject(Router.Call call, Function<SandboxProject, SandboxResponse> then) {
        String idOrKey = call.param("projectIdOrKey");
        return call.state().project(idOrKey).map(then)
                .orElseGet(() -> SandboxResponse.errorMessage(404, "No project could be found with key '" + idOrKey + "'."));
    }

    /** A component as the project's component list shows it. */
    private static ObjectNode component(Catalog.Component component, SandboxProject project, JiraViews views) {
        return FieldValues.componentView(component, views).put("description", "").put("assigneeType", "PROJECT_DEFAULT")
                .put("realAssigneeType", "PROJECT_DEFAULT").put("isAssigneeTypeValid", false)
                .put("project", project.key()).put("projectId", Long.parseLong(project.id()));
    }

    // ---- paging

    /** Jira's PageBean: self, nextPage, maxResults, startAt, total, isLast, values. */
    private static ObjectNode page(Router.Call call, String path, List<ObjectNode> items) {
        return page(call, path, items, 50, 100);
    }

    private static ObjectNode page(Router.Call call, String path, List<? extends JsonNode> items, int defaultMax, int cap) {
        int startAt = Math.max(0, call.request().intParam("startAt", 0));
        int maxResults = Math.max(1, Math.min(call.request().intParam("maxResults", defaultMax), cap));
        int end = Math.min(items.size(), startAt + maxResults);
        String self = call.views().api() + path;
        ObjectNode body = Json.object().put("self", self + "?startAt=" + startAt + "&maxResults=" + maxResults);
        if (end < items.size()) {
            body.put("nextPage", self + "?startAt=" + end + "&maxResults=" + maxResults);
        }
        body.put("maxResults", maxResults).put("startAt", startAt).put("total", items.size()).put("isLast", end >= items.size());
        ArrayNode values = body.putArray("values");
        if (startAt < items.size()) {
            items.subList(startAt, end).forEach(values::add);
        }
        return body;
    }

    /** Every label on the issues the caller may browse, in alphabetical order, 1,000 a page by default (as Jira). */
    private static SandboxResponse labels(Router.Call call) {
        List<TextNode> labels = call.state().issues().stream().filter(i -> call.state().access.canBrowse(i.project))
                .flatMap(i -> i.labels.stream()).distinct().sorted().map(TextNode::valueOf).toList();
        return SandboxResponse.json(200, page(call, "/label", labels, 1000, 1000));
    }

    private static SandboxResponse versionPage(Router.Call call) {
        return withProject(call, project -> {
            String query = Optional.ofNullable(call.request().param("query")).map(q -> q.toLowerCase(Locale.ROOT)).orElse("");
            List<String> status = call.request().params("status");
            List<ObjectNode> versions = project.versions().stream()
                    .filter(v -> v.name().toLowerCase(Locale.ROOT).contains(query))
                    .filter(v -> status.isEmpty() || status.contains(v.released() ? "released" : "unreleased"))
                    .map(v -> FieldValues.versionView(v, project, call.views())).toList();
            return SandboxResponse.json(200, page(call, "/project/" + project.key() + "/version", versions));
        });
    }

    private static SandboxResponse fieldSearch(Router.Call call) {
        String query = Optional.ofNullable(call.request().param("query")).map(q -> q.toLowerCase(Locale.ROOT)).orElse("");
        List<String> ids = call.request().params("id");
        List<String> types = call.request().params("type");
        List<ObjectNode> fields = Catalog.FIELDS.stream()
                .filter(f -> ids.isEmpty() || ids.contains(f.id()))
                .filter(f -> types.isEmpty() || types.contains(f.custom() ? "custom" : "system"))
                .filter(f -> f.name().toLowerCase(Locale.ROOT).contains(query) || f.id().contains(query))
                .map(f -> {
                    ObjectNode node = Json.object().put("id", f.id()).put("key", f.id()).put("name", f.name());
                    node.set("schema", f.schema().deepCopy());
                    node.put("description", "").put("isLocked", !f.custom());
                    return node;
                }).toList();
        return SandboxResponse.json(200, page(call, "/field/search", fields));
    }

    private static SandboxResponse prioritySearch(Router.Call call) {
        List<String> ids = call.request().params("id");
        List<String> projectIds = call.request().params("projectId");
        String name = Optional.ofNullable(call.request().param("priorityName")).map(n -> n.toLowerCase(Locale.ROOT)).orElse("");
        boolean onlyDefault = "true".equalsIgnoreCase(call.request().param("onlyDefault"));
        List<ObjectNode> priorities = Catalog.PRIORITIES.stream()
                .filter(p -> ids.isEmpty() || ids.contains(p.id()))
                .filter(p -> projectIds.isEmpty() || projectIds.stream().map(call.state()::project)
                        .anyMatch(project -> project.isPresent() && project.get().priorities().contains(p)))
                .filter(p -> p.name().toLowerCase(Locale.ROOT).contains(name))
                .filter(p -> !onlyDefault || p.id().equals(Catalog.DEFAULT_PRIORITY))
                .map(call.views()::priority).toList();
        return SandboxResponse.json(200, page(call, "/priority/search", priorities));
    }

    // ---- components and versions

    private static SandboxResponse createComponent(Router.Call call) {
        JsonNode body = call.request().json();
        String name = Json.text(body, "name");
        Optional<SandboxProject> project = call.state().project(Optional.ofNullable(Json.text(body, "project"))
                .orElse(Json.text(body, "projectId")));
        if (project.isEmpty()) {
            return SandboxResponse.fieldErrors(java.util.Map.of("project", "The project is not valid."));
        }
        if (name == null || name.isBlank()) {
            return SandboxResponse.fieldErrors(java.util.Map.of("name", "The component name must not be empty."));
        }
        if (name.length() > 255) {
            return SandboxResponse.fieldErrors(java.util.Map.of("name", "The component name must not exceed 255 characters."));
        }
        if (project.get().components().stream().anyMatch(c -> c.name().equalsIgnoreCase(name))) {
            return SandboxResponse.fieldErrors(java.util.Map.of("name", "A component with the name " + name + " already exists in this project."));
        }
        Catalog.Component component = new Catalog.Component(nextId(call.state(), p -> p.components().stream().map(Catalog.Component::id)), name);
        project.get().components().add(component);
        return SandboxResponse.json(201, component(component, project.get(), call.views()));
    }

    private static SandboxResponse createVersion(Router.Call call) {
        JsonNode body = call.request().json();
        String name = Json.text(body, "name");
        Optional<SandboxProject> project = Optional.ofNullable(Json.text(body, "projectId")).or(() -> Optional.ofNullable(Json.text(body, "project")))
                .flatMap(call.state()::project);
        if (project.isEmpty()) {
            return SandboxResponse.fieldErrors(java.util.Map.of("project", "Project must be specified to create a version."));
        }
        if (name == null || name.isBlank()) {
            return SandboxResponse.fieldErrors(java.util.Map.of("name", "You must specify a valid version name"));
        }
        if (name.length() > 255) {
            return SandboxResponse.fieldErrors(java.util.Map.of("name", "The version name must not exceed 255 characters."));
        }
        if (project.get().versions().stream().anyMatch(v -> v.name().equalsIgnoreCase(name))) {
            return SandboxResponse.fieldErrors(java.util.Map.of("name", "A version with this name already exists in this project."));
        }
        Catalog.Version version = new Catalog.Version(nextId(call.state(), p -> p.versions().stream().map(Catalog.Version::id)),
                name, body.path("released").asBoolean(false));
        project.get().versions().add(version);
        return SandboxResponse.json(201, FieldValues.versionView(version, project.get(), call.views()));
    }

    /** Component and version ids continue after the largest one in use, in any project. */
    private static String nextId(SandboxState state, Function<SandboxProject, Stream<String>> ids) {
        long max = state.projects().stream().flatMap(ids).mapToLong(Long::parseLong).max().orElse(10099);
        return String.valueOf(max + 1);
    }

    private static SandboxResponse getComponent(Router.Call call) {
        for (SandboxProject project : call.state().projects()) {
            Optional<Catalog.Component> found = project.components().stream().filter(c -> c.id().equals(call.param("id"))).findFirst();
            if (found.isPresent()) {
                return SandboxResponse.json(200, component(found.get(), project, call.views()));
            }
        }
        return SandboxResponse.errorMessage(404, "The component with id " + call.param("id") + " does not exist.");
    }

    private static SandboxResponse getVersion(Router.Call call) {
        return call.state().projects().stream()
                .flatMap(p -> p.versions().stream().filter(v -> v.id().equals(call.param("id")))
                        .map(v -> FieldValues.versionView(v, p, call.views())))
                .findFirst()
                .map(v -> SandboxResponse.json(200, v))
                .orElseGet(() -> SandboxResponse.errorMessage(404, "Could not find version for id '" + call.param("id") + "'"));
    }
}
