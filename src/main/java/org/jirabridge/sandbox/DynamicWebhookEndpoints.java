package org.jirabridge.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jira Cloud's dynamic webhooks, {@code /rest/api/{2,3}/webhook} (Atlassian's "Webhooks" API group), which only apps
 * may use: OAuth 2.0 (3LO) apps and Connect apps; anyone else gets 403 "Only apps can access this resource.".
 * <ul>
 *   <li>{@code POST webhook} {@code {"url","webhooks":[{"events","jqlFilter","fieldIdsFilter"}]}}: 200
 *   {@code {"webhookRegistrationResult":[{"createdWebhookId"}|{"errors"}]}} in the order asked, each webhook judged
 *   alone (an unsupported JQL clause fails that one only). The JQL subset: issueKey, project, issuetype, status,
 *   assignee, reporter, issue.property, cf[id]; anything else is "The clause X is unsupported". One URL per app; a
 *   Connect app's URL must start with its base URL; an OAuth 2.0 app may keep 5 webhooks per user.</li>
 *   <li>{@code GET webhook?startAt&maxResults}: the caller's webhooks, with {@code expirationDate} (epoch ms).</li>
 *   <li>{@code PUT webhook/refresh {"webhookIds"}}: 30 more days from now for the caller's ones (others ignored); 200
 *   {@code {"expirationDate"}}.</li>
 *   <li>{@code DELETE webhook {"webhookIds"}}: removes the caller's ones; 202.</li>
 *   <li>{@code GET webhook/failed?maxResults&after}: deliveries that failed after every retry, oldest first, kept 72
 *   hours; Connect apps only, as Atlassian documents ("Returned if the caller is not a Connect app").</li>
 * </ul>
 * Webhooks expire 30 days after registration or refresh by the sandbox's movable clock. Called with the state's
 * monitor held.
 */
final class DynamicWebhookEndpoints {

    static final String NOT_AN_APP = "Only apps can access this resource.";
    static final String NOT_A_CONNECT_APP = "Only Connect apps can access this resource.";
    static final String ONE_URL_PER_APP = "Only a single URL per app is allowed to be registered.";
    /** The events dynamic webhooks may subscribe to (the enum of Atlassian's WebhookDetails). */
    static final Set<String> EVENTS = Set.of("jira:issue_created", "jira:issue_updated", "jira:issue_deleted",
            "comment_created", "comment_updated", "comment_deleted", "issue_property_set", "issue_property_deleted");
    /** OAuth 2.0 apps may keep this many dynamic webhooks per user on a site. */
    static final int OAUTH_WEBHOOKS_PER_USER = 5;
    private static final Set<String> JQL_FIELDS = Set.of("issuekey", "project", "issuetype", "status", "assignee",
            "reporter");
    private static final int DEFAULT_PAGE = 100;

    private DynamicWebhookEndpoints() {
    }

    static void register(Router router) {
        for (String version : List.of("3", "2")) {
            String path = "/rest/api/" + version + "/webhook";
            router.add("GET", path, version, false, DynamicWebhookEndpoints::list);
            router.add("POST", path, version, false, DynamicWebhookEndpoints::create);
            router.add("DELETE", path, version, false, DynamicWebhookEndpoints::delete);
            router.add("PUT", path + "/refresh", version, false, DynamicWebhookEndpoints::refresh);
            router.add("GET", path + "/failed", version, false, DynamicWebhookEndpoints::failed);
        }
    }

    private static SandboxResponse list(Router.Call call) {
        if (call.app() == null) {
            return SandboxResponse.errorMessage(403, NOT_AN_APP);
        }
        int startAt = Math.max(0, call.request().intParam("startAt", 0));
        int maxResults = Math.max(1, call.request().intParam("maxResults", DEFAULT_PAGE));
        List<AppWebhook> all = call.state().webhooks().appWebhooks(call.app());
        List<AppWebhook> page = all.subList(Math.min(startAt, all.size()), Math.min(all.size(), startAt + maxResults));
        ObjectNode body = Json.object().put("isLast", startAt + page.size() >= all.size())
                .put("maxResults", maxResults).put("startAt", startAt).put("total", all.size());
        ArrayNode values = body.putArray("values");
        for (AppWebhook webhook : page) {
            ObjectNode value = values.addObject().put("id", webhook.id()).put("jqlFilter", webhook.jql());
            if (!webhook.fieldIds().isEmpty()) {
                value.set("fieldIdsFilter", Json.array(webhook.fieldIds()));
            }
            value.set("events", Json.array(webhook.events()));
            value.put("expirationDate", webhook.expiresAt().toEpochMilli()).put("url", webhook.url());
        }
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse create(Router.Call call) {
        if (call.app() == null) {
            return SandboxResponse.errorMessage(403, NOT_AN_APP);
        }
        JsonNode body = call.request().json();
        String url = Json.text(body, "url");
        JsonNode webhooks = body.path("webhooks");
        if (url == null || url.isBlank() || !webhooks.isArray()) {
            return SandboxResponse.errorMessage(400, "The request must name the url and list the webhooks.");
        }
        WebhookRegistry registry = call.state().webhooks();
        if (!WebhookEndpoints.acceptableUrl(url, call.state().flavour())) {
            return SandboxResponse.errorMessage(400, "Webhook URL must be a valid HTTPS URL.");
        }
        String appBaseUrl = registry.appSigner() == null ? null : registry.appSigner().baseUrl(call.app());
        if (call.app().kind() == AppPrincipal.Kind.CONNECT && (appBaseUrl == null || !url.startsWith(appBaseUrl))) {
            return SandboxResponse.errorMessage(400, "The webhook URL must use the same base URL as the Connect app.");
        }
        boolean otherUrl = registry.allAppWebhooks().stream()
                .anyMatch(w -> w.app().sameApp(call.app()) && !w.url().equals(url));
        if (otherUrl) {
            return SandboxResponse.errorMessage(400, ONE_URL_PER_APP);
        }
        ObjectNode answer = Json.object();
        ArrayNode results = answer.putArray("webhookRegistrationResult");
        for (JsonNode details : webhooks) {
            List<String> problems = new ArrayList<>();
            List<String> events = texts(details.path("events"));
            if (events.isEmpty()) {
                problems.add("At least one event is required.");
            }
            events.stream().filter(e -> !EVENTS.contains(e)).forEach(e -> problems.add("Invalid event: " + e + "."));
            String jql = Json.text(details, "jqlFilter");
            if (jql == null || jql.isBlank()) {
                problems.add("The JQL filter is required.");
            } else {
                problems.addAll(jqlProblems(jql, call.state()));
            }
            if (problems.isEmpty() && call.app().kind() == AppPrincipal.Kind.OAUTH2
                    && registry.appWebhooks(call.app()).size() >= OAUTH_WEBHOOKS_PER_USER) {
                problems.add("An OAuth 2.0 app can register at most " + OAUTH_WEBHOOKS_PER_USER
                        + " webhooks per user.");
            }
            if (problems.isEmpty()) {
                AppWebhook webhook = registry.registerAppWebhook(call.app(), url, events, jql,
                        texts(details.path("fieldIdsFilter")));
                results.addObject().put("createdWebhookId", webhook.id());
            } else {
                results.addObject().set("errors", Json.array(problems));
            }
        }
        return SandboxResponse.json(200, answer);
    }

    private static SandboxResponse refresh(Router.Call call) {
        if (call.app() == null) {
            return SandboxResponse.errorMessage(403, NOT_AN_APP);
        }
        List<Long> ids = webhookIds(call.request().json());
        if (ids == null) {
            return SandboxResponse.errorMessage(400, "webhookIds must list the webhooks to refresh.");
        }
        Instant until = call.state().webhooks().refreshAppWebhooks(call.app(), ids);
        return SandboxResponse.json(200, Json.object().put("expirationDate", until.toEpochMilli()));
    }

    private static SandboxResponse delete(Router.Call call) {
        if (call.app() == null) {
            return SandboxResponse.errorMessage(403, NOT_AN_APP);
        }
        List<Long> ids = webhookIds(call.request().json());
        if (ids == null) {
            return SandboxResponse.errorMessage(400, "webhookIds must list the webhooks to delete.");
        }
        call.state().webhooks().removeAppWebhooks(call.app(), ids);
        return SandboxResponse.accepted();
    }

    private static SandboxResponse failed(Router.Call call) {
        if (call.app() == null) {
            return SandboxResponse.errorMessage(403, NOT_AN_APP);
        }
        if (call.app().kind() != AppPrincipal.Kind.CONNECT) {
            return SandboxResponse.errorMessage(403, NOT_A_CONNECT_APP);
        }
        int maxResults = Math.max(1, call.request().intParam("maxResults", DEFAULT_PAGE));
        // the documented parameter is "after"; the next-page URL Jira hands out says "failedAfter"
        String after = call.request().param("after") != null ? "after" : "failedAfter";
        long afterMillis = call.request().param(after) == null ? Long.MIN_VALUE
                : parseLong(call.request().param(after), after);
        List<WebhookRegistry.FailedDelivery> failures = call.state().webhooks().failures(call.app(), afterMillis);
        List<WebhookRegistry.FailedDelivery> page = new ArrayList<>();
        for (WebhookRegistry.FailedDelivery failure : failures) {
            // records with the same failure time are never split across pages
            if (page.size() >= maxResults && !failure.failedAt().equals(page.get(page.size() - 1).failedAt())) {
                break;
            }
            page.add(failure);
        }
        ObjectNode body = Json.object();
        ArrayNode values = body.putArray("values");
        for (WebhookRegistry.FailedDelivery failure : page) {
            ObjectNode value = values.addObject().put("id", failure.id());
            if (failure.body().length > 0) {
                value.put("body", new String(failure.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            value.put("url", failure.url()).put("failureTime", failure.failedAt().toEpochMilli());
        }
        body.put("maxResults", maxResults);
        if (!page.isEmpty()) {
            body.put("next", call.views().baseUrl() + "/rest/api/" + call.views().version() + "/webhook/failed?failedAfter="
                    + page.get(page.size() - 1).failedAt().toEpochMilli() + "&maxResults=" + maxResults);
        }
        return SandboxResponse.json(200, body);
    }

    /** Problems of a dynamic webhook's JQL: clauses outside the supported subset, then what the sandbox refuses. */
    private static List<String> jqlProblems(String jql, SandboxState state) {
        List<String> problems = new ArrayList<>();
        try {
            for (String field : Jql.clauseFields(jql)) {
                String name = field.toLowerCase(Locale.ROOT);
                if (!JQL_FIELDS.contains(name) && !name.startsWith("issue.property") && !name.startsWith("cf[")) {
                    problems.add("The clause " + field + " is unsupported");
                }
            }
            if (problems.isEmpty()) {
                Jql.parse(jql, state);
            }
        } catch (Jql.JqlException e) {
            problems.addAll(e.messages());
        }
        return problems;
    }

    private static List<Long> webhookIds(JsonNode body) {
        JsonNode ids = body.path("webhookIds");
        if (!ids.isArray()) {
            return null;
        }
        List<Long> result = new ArrayList<>();
        for (JsonNode id : ids) {
            if (id.canConvertToLong()) {
                result.add(id.asLong());
            }
        }
        return result;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(node -> texts.add(node.asText()));
        }
        return texts;
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new SandboxRequest.BadParameterException("The '" + name + "' parameter must be a number, but was '"
                    + value + "'.");
        }
    }
}
