package org.jirabridge.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jira's admin webhook API, /rest/webhooks/1.0/webhook: list, register, read, update, delete. Body:
 * {@code {"name","url","events":[…],"filters":{"issue-related-events-section":"<JQL>"},"excludeBody":false,
 * "secret":"…"}}. The secret is stored (Cloud, Data Center 10+) and never returned; Server before 10 has no
 * secrets and ignores the field, as it cannot sign.
 */
final class WebhookEndpoints {

    static final String PATH = "/rest/webhooks/1.0/webhook";
    static final String JQL_FILTER = "issue-related-events-section";
    /** The events Jira lets admin webhooks subscribe to (the sandbox fires the issue and comment ones). */
    static final Set<String> EVENTS = Set.of("jira:issue_created", "jira:issue_updated", "jira:issue_deleted",
            "comment_created", "comment_updated", "comment_deleted", "issue_property_set", "issue_property_deleted",
            "worklog_created", "worklog_updated", "worklog_deleted", "issuelink_created", "issuelink_deleted",
            "attachment_created", "attachment_deleted", "project_created", "project_updated", "project_deleted",
            "jira:version_created", "jira:version_updated", "jira:version_released", "jira:version_deleted",
            "user_created", "user_updated", "user_deleted", "sprint_created", "sprint_started", "sprint_closed",
            "board_created", "board_updated");

    private WebhookEndpoints() {
    }

    static void register(Router router) {
        router.add("GET", PATH, "2", false, WebhookEndpoints::list);
        router.add("POST", PATH, "2", false, WebhookEndpoints::create);
        router.add("GET", PATH + "/{webhookId}", "2", false, WebhookEndpoints::get);
        router.add("PUT", PATH + "/{webhookId}", "2", false, WebhookEndpoints::update);
        router.add("DELETE", PATH + "/{webhookId}", "2", false, WebhookEndpoints::delete);
    }

    private static SandboxResponse list(Router.Call call) {
        ArrayNode list = Json.array();
        call.state().webhooks().all().forEach(w -> list.add(view(call, w)));
        return SandboxResponse.json(200, list);
    }

    private static SandboxResponse get(Router.Call call) {
        return find(call).map(w -> SandboxResponse.json(200, view(call, w))).orElseGet(WebhookEndpoints::notFound);
    }

    private static SandboxResponse create(Router.Call call) {
        WebhookRegistry registry = call.state().webhooks();
        List<String> problems = new ArrayList<>();
        SandboxWebhook webhook = read(call, call.request().json(), registry.nextId(), null, problems);
        if (!problems.isEmpty()) {
            return SandboxResponse.errors(400, problems, Map.of());
        }
        registry.put(webhook);
        return SandboxResponse.json(201, view(call, webhook))
                .header("Location", call.views().baseUrl() + PATH + "/" + webhook.id());
    }

    private static SandboxResponse update(Router.Call call) {
        Optional<SandboxWebhook> existing = find(call);
        if (existing.isEmpty()) {
            return notFound();
        }
        List<String> problems = new ArrayList<>();
        SandboxWebhook webhook = read(call, call.request().json(), existing.get().id(), existing.get(), problems);
        if (!problems.isEmpty()) {
            return SandboxResponse.errors(400, problems, Map.of());
        }
        call.state().webhooks().put(webhook);
        return SandboxResponse.json(200, view(call, webhook));
    }

    private static SandboxResponse delete(Router.Call call) {
        Optional<SandboxWebhook> existing = find(call);
        if (existing.isEmpty()) {
            return notFound();
        }
        call.state().webhooks().remove(existing.get().id());
        return SandboxResponse.noContent();
    }

    private static Optional<SandboxWebhook> find(Router.Call call) {
        try {
            return call.state().webhooks().find(Long.parseLong(call.param("webhookId")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static SandboxResponse notFound() {
        return SandboxResponse.errorMessage(404, "Webhook not found.");
    }

    /** Reads a register/update body; on an update, a secret left out keeps the stored one. */
    private static SandboxWebhook read(Router.Call call, JsonNode body, long id, SandboxWebhook existing,
                                       List<String> problems) {
        SandboxState state = call.state();
        String name = Json.text(body, "name");
        if (name == null || name.isBlank()) {
            problems.add("Webhook name must not be empty.");
        }
        String url = Json.text(body, "url");
        if (url == null || !acceptableUrl(url, state.flavour())) {
            problems.add(state.flavour() == Flavour.CLOUD
                    ? "Webhook URL must be a valid HTTPS URL."
                    : "Webhook URL must be a valid URL.");
        }
        List<String> events = new ArrayList<>();
        JsonNode eventList = body.path("events");
        if (!eventList.isMissingNode() && !eventList.isArray()) {
            problems.add("events must be a list of event names.");
        }
        for (JsonNode event : eventList) {
            if (!event.isTextual() || !EVENTS.contains(event.asText())) {
                problems.add("Invalid event: " + event.asText() + ".");
            } else if (!events.contains(event.asText())) {
                events.add(event.asText());
            }
        }
        String jql = Json.text(body.path("filters"), JQL_FILTER);
        if (jql != null && !jql.isBlank()) {
            try {
                Jql.parse(jql, state);
            } catch (Jql.JqlException e) {
                problems.addAll(e.messages());
            }
        }
        String secret = existing == null ? null : existing.secret();
        if (body.has("secret")) {
            String given = Json.text(body, "secret");
            // Server before 10 knows no webhook secrets: the field is ignored, deliveries stay unsigned
            secret = WebhookRegistry.signs(state) ? (given == null || given.isEmpty() ? null : given) : null;
        }
        boolean enabled = !body.has("enabled") || body.path("enabled").asBoolean(true);
        SandboxUser user = call.user();
        return new SandboxWebhook(id, name, url, events, jql, body.path("excludeBody").asBoolean(false), secret,
                enabled, user.id(state.flavour()), user.displayName(), state.now());
    }

    /** Cloud wants HTTPS; the sandbox also takes plain HTTP to its own machine, where the demo and tests run. */
    static boolean acceptableUrl(String url, Flavour flavour) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return false;
            }
            boolean loopback = uri.getHost().equals("localhost") || uri.getHost().startsWith("127.")
                    || uri.getHost().equals("[::1]");
            return flavour != Flavour.CLOUD || scheme.equals("https") || loopback;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ObjectNode view(Router.Call call, SandboxWebhook webhook) {
        ObjectNode node = Json.object().put("self", call.views().baseUrl() + PATH + "/" + webhook.id())
                .put("name", webhook.name()).put("url", webhook.url()).put("excludeBody", webhook.excludeBody());
        node.putObject("filters").put(JQL_FILTER, webhook.jql() == null ? "" : webhook.jql());
        node.set("events", Json.array(webhook.events()));
        node.put("enabled", webhook.enabled()).put("lastUpdatedUser", webhook.lastUpdatedUser())
                .put("lastUpdatedDisplayName", webhook.lastUpdatedDisplayName())
                .put("lastUpdated", webhook.lastUpdated().toEpochMilli());
        return node;
    }
}
