package org.jirabridge.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.jirabridge.auth.AuthDescriptor;
import org.jirabridge.auth.AuthDescriptors;
import org.jirabridge.mapping.MappingConfig;
import org.jirabridge.mapping.PriorityMap;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.SyncRepository;
import org.jirabridge.store.WebhookEventRepository;

import static org.jirabridge.ui.Html.esc;

/**
 * The web page's pages, rendered on the server from what the v1 API answers (read in-process through
 * {@link ApiOperations}); the script (resources ui/ui.js) adds the wizard's steps and the buttons' actions.
 */
final class Pages {

    private static final Pattern EDIT = Pattern.compile("/ui/integrations/([a-z0-9][a-z0-9-]{0,63})/edit");
    private static final Pattern REPORT = Pattern.compile("/ui/reports/([A-Za-z0-9-]{1,64})");

    /** The seven authentication types: where each works, and the sentence the wizard shows for it. */
    static final List<String[]> AUTH_TYPES = List.of(
            new String[]{"OAUTH2", "OAuth 2.0 (recommended)", "cloud",
                "Recommended on Cloud: press Connect with Atlassian and approve access in your browser; no"
                        + " password is stored and tokens renew themselves."},
            new String[]{"BASIC", "Basic (email + API token, or username + password)", "cloud server",
                "On Cloud, an Atlassian account's email with an API token; on Server / Data Center, a username"
                        + " and password. Acts as that person."},
            new String[]{"PAT", "Personal access token", "server",
                "A token made in Jira Server / Data Center 8.14 or newer (Profile, Personal access tokens); it"
                        + " may expire, so give its expiry date to be warned in time."},
            new String[]{"OAUTH2_CLIENT_CREDENTIALS", "OAuth 2.0 service account", "cloud",
                "An Atlassian service account's OAuth client (client ID and secret); no person has to approve."},
            new String[]{"SCOPED_API_TOKEN", "Scoped API token (service account)", "cloud",
                "A service account's scoped API token with its email; calls go through Atlassian's API"
                        + " gateway."},
            new String[]{"OAUTH1", "OAuth 1.0a (application link)", "server",
                "An application link in Jira Server / Data Center: paste the consumer key and public key shown"
                        + " here into Jira, then approve access."},
            new String[]{"CONNECT", "Atlassian Connect app (legacy)", "cloud",
                "A legacy Connect app: Jira installs this integration's descriptor and shares a secret with it."});

    private final ApiOperations api;
    private final CamelContext context;

    Pages(ApiOperations api, CamelContext context) {
        this.api = api;
        this.context = context;
    }

    Optional<String> render(String path, Map<String, String> query, WebSessions.Session session) {
        String csrf = session.csrfToken();
        switch (path) {
            case "/ui/integrations":
                return Optional.of(integrations(csrf));
            case "/ui/integrations/new":
                return Optional.of(wizard(csrf, null));
            case "/ui/reports":
                return Optional.of(reports(csrf, query));
            case "/ui/dead-letters":
                return Optional.of(deadLetters(csrf));
            case "/ui/api-keys":
                return Optional.of(apiKeys(csrf));
            case "/ui/ingestion":
                return Optional.of(ingestion(csrf, query.get("integration")));
            default:
                break;
        }
        Matcher edit = EDIT.matcher(path);
        if (edit.matches()) {
            ApiOperations.Answer answer = api.call("GET", "/api/v1/integrations/" + edit.group(1), Map.of(), null);
            return answer.ok() ? Optional.of(wizard(csrf, WizardActions.read(answer))) : Optional.empty();
        }
        Matcher report = REPORT.matcher(path);
        if (report.matches()) {
            ApiOperations.Answer answer = api.call("GET", "/api/v1/reports/" + report.group(1), Map.of(), null);
            return answer.ok() ? Optional.of(report(csrf, WizardActions.read(answer))) : Optional.empty();
        }
        return Optional.empty();
    }

    String notFound(WebSessions.Session session) {
        return Html.page("Not found", session.csrfToken(), "", "<h1>Not found</h1><p>There is no such page."
                + " <a href=\"/ui/integrations\">Back to the integrations</a></p>");
    }

    String signIn(String token, String next) {
        String body = "<h1>Sign in</h1>"
                + "<form id=\"sign-in-form\" class=\"card\" data-token=\"" + esc(token) + "\" data-next=\""
                + esc(next) + "\">"
                + "<p>Sign in with the admin credential: the value in <code>data/admin.token</code> next to the"
                + " service, or <code>JIRA_BRIDGE_ADMIN_TOKEN</code>.</p>"
                + field("credential", "Admin credential", "<input id=\"credential\" name=\"credential\""
                + " type=\"password\" autocomplete=\"current-password\" required>")
                + "<button type=\"submit\">Sign in</button><p class=\"error\" id=\"form-error\" role=\"alert\"></p>"
                + "</form>";
        return Html.page("Sign in", null, "", body);
    }

    // ---- integrations

    private String integrations(String csrf) {
        JsonNode list = WizardActions.read(api.call("GET", "/api/v1/integrations", Map.of(), null))
                .path("integrations");
        Map<String, Object> health = health();
        ReportRepository reports = bean("database") == null ? null
                : new ReportRepository((org.jirabridge.store.Database) bean("database"));
        SyncRepository sync = reports == null ? null
                : new SyncRepository((org.jirabridge.store.Database) bean("database"));
        WebhookEventRepository webhooks = context.getRegistry().lookupByNameAndType("webhookEventRepository",
                WebhookEventRepository.class);
        StringBuilder rows = new StringBuilder();
        for (JsonNode integration : list) {
            String id = integration.path("id").asText();
            String state = String.valueOf(health.getOrDefault(id + ".state", "unknown"));
            boolean setUp = !integration.path("target").path("projectKey").isMissingNode()
                    && !integration.path("target").path("projectKey").isNull();
            String lastForward = reports == null ? null
                    : reports.lastForwardedAt(id).map(Object::toString).orElse(null);
            String lastSync = lastSync(sync, webhooks, id);
            rows.append("<tr data-integration=\"").append(esc(id)).append("\"><td><strong>").append(esc(id))
                    .append("</strong><br>").append(esc(integration.path("name").asText()))
                    .append(integration.path("default").asBoolean() ? " <span class=\"tag\">default</span>" : "")
                    .append("</td><td>").append(esc(integration.path("connection").path("authType").asText()))
                    .append(" · ").append(esc(integration.path("connection").path("deployment").asText()))
                    .append("<br><span class=\"muted\">").append(esc(integration.path("connection")
                            .path("baseUrl").asText())).append("</span></td><td class=\"health\">")
                    .append(setUp ? "" : "<span class=\"tag warn\">setup not finished</span> ")
                    .append("<span class=\"tag ").append("CONNECTED".equals(state) ? "ok" : "warn").append("\">")
                    .append("CONNECTED".equals(state) ? "connected" : "awaiting credentials").append("</span>")
                    .append(" <span>dead letters: ").append(esc(health.getOrDefault(id + ".deadLetters", 0)))
                    .append("</span>")
                    .append(Boolean.TRUE.equals(health.get(id + ".rateLimited"))
                            ? " <span class=\"tag warn\">rate limited</span>" : "")
                    .append("<br><span class=\"muted\">last forward: ").append(esc(lastForward == null ? "never"
                            : lastForward)).append(" · last sync: ").append(esc(lastSync == null ? "never"
                            : lastSync)).append("</span></td><td><a class=\"button\" href=\"/ui/integrations/")
                    .append(esc(id)).append("/edit\">Edit ").append(esc(id)).append("</a></td></tr>");
        }
        String body = "<h1>Integrations</h1><p><a class=\"button primary\" href=\"/ui/integrations/new\">"
                + "New integration</a></p>"
                + "<table><thead><tr><th>Integration</th><th>Jira</th><th>Health</th><th></th></tr></thead><tbody>"
                + rows + "</tbody></table>";
        return Html.page("Integrations", csrf, "integrations", body);
    }

    private static String lastSync(SyncRepository sync, WebhookEventRepository webhooks, String id) {
        java.time.OffsetDateTime polled = sync == null ? null : sync.lastPolled(id).orElse(null);
        java.time.OffsetDateTime pushed = webhooks == null ? null : webhooks.lastApplied(id).orElse(null);
        if (polled == null) {
            return pushed == null ? null : pushed.toString();
        }
        return pushed == null || polled.isAfter(pushed) ? polled.toString() : pushed.toString();
    }

    /** The details of the integrations health check (the same as /observe/health?data=true shows). */
    private Map<String, Object> health() {
        Optional<HealthCheck> check = HealthCheckRegistry.get(context).getCheck("integrations");
        if (check.isEmpty()) {
            return Map.of();
        }
        return check.get().call(Map.of()).getDetails();
    }

    private Object bean(String name) {
        return context.getRegistry().lookupByName(name);
    }

    // ---- the wizard

    private String wizard(String csrf, JsonNode integration) {
        boolean editing = integration != null;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("integration", integration);
        data.put("defaultPriorityMap", PriorityMap.DEFAULT);
        data.put("reportPriorities", PriorityMap.REPORT_PRIORITIES);
        StringBuilder types = new StringBuilder();
        StringBuilder sentences = new StringBuilder();
        for (String[] type : AUTH_TYPES) {
            types.append("<option value=\"").append(type[0]).append("\" data-deployments=\"").append(type[2])
                    .append("\">").append(esc(type[1])).append("</option>");
            sentences.append("<li data-auth-sentence=\"").append(type[0]).append("\"><strong>")
                    .append(esc(type[1])).append(":</strong> ").append(esc(type[3])).append("</li>");
        }
        StringBuilder sections = new StringBuilder();
        for (String section : MappingConfig.KNOWN_SECTIONS) {
            sections.append("<label class=\"check\"><input type=\"checkbox\" name=\"include\" value=\"")
                    .append(section).append("\" checked> ").append(esc(sectionLabel(section))).append("</label>");
        }
        String title = editing ? "Edit integration " + integration.path("id").asText() : "New integration";
        String body = "<h1>" + esc(title) + "</h1>"
                + "<ol class=\"steps\" aria-label=\"Wizard steps\"><li data-step-link=\"authenticate\">Authenticate</li>"
                + "<li data-step-link=\"setup\">Set up</li><li data-step-link=\"test\">Test</li>"
                + "<li data-step-link=\"finish\">Finish</li></ol>"
                + "<form id=\"wizard\" class=\"card\" novalidate data-editing=\"" + editing + "\">"
                // ---- Authenticate
                + "<section data-step=\"authenticate\"><h2>Authenticate</h2>"
                + field("id", "Integration ID", "<input id=\"id\" name=\"id\" pattern=\"[a-z0-9][a-z0-9-]*\""
                + (editing ? " readonly" : "") + " required>")
                + field("name", "Name", "<input id=\"name\" name=\"name\">")
                + "<fieldset><legend>Jira</legend>"
                + "<label class=\"check\"><input type=\"radio\" name=\"deployment\" value=\"cloud\" checked>"
                + " Jira Cloud</label>"
                + "<label class=\"check\"><input type=\"radio\" name=\"deployment\" value=\"server\">"
                + " Jira Server / Data Center</label></fieldset>"
                + field("authType", "Authentication type", "<select id=\"authType\" name=\"authType\">" + types
                + "</select>")
                + "<ul class=\"sentences\" id=\"auth-sentences\">" + sentences + "</ul>"
                + field("baseUrl", "Jira URL", "<input id=\"baseUrl\" name=\"baseUrl\" required"
                + " placeholder=\"acme, or https://jira.example.com\">"
                + "<span class=\"hint\" id=\"baseUrl-hint\"></span>")
                + authField("email", "Email", "email", takenBy("email"))
                + authField("apiToken", "API token", "password", takenBy("apiToken"))
                + authField("username", "Username", "text", takenBy("username"))
                + authField("password", "Password", "password", takenBy("password"))
                + authField("token", "Personal access token", "password", takenBy("token"))
                + authField("tokenExpiresAt", "Token expires on", "date", "PAT:server")
                + authField("clientId", "Client ID", "text", takenBy("clientId"))
                + authField("clientSecret", "Client secret", "password", takenBy("clientSecret"))
                + authField("consumerKey", "Consumer key", "text", takenBy("consumerKey"))
                + "<div id=\"connect-panel\" hidden><p id=\"connect-state\"></p>"
                + "<button type=\"button\" id=\"connect-atlassian\">Connect with Atlassian</button>"
                + "<div id=\"sites\" hidden>" + field("site", "Site", "<select id=\"site\" name=\"site\"></select>")
                + "<button type=\"button\" id=\"pick-site\">Use this site</button></div></div>"
                + "<div id=\"oauth1-panel\" hidden><p>Create an application link in Jira with these values, then"
                + " approve access:</p>"
                + field("applink-consumer-key", "Application link consumer key",
                "<input id=\"applink-consumer-key\" readonly>")
                + field("applink-public-key", "Public key", "<textarea id=\"applink-public-key\" rows=\"6\""
                + " readonly></textarea>")
                + "<button type=\"button\" id=\"authorize-jira\">Authorize in Jira</button></div>"
                + "<div id=\"connect-app-panel\" hidden><p>Install the app in Jira from this descriptor URL:"
                + " <code id=\"descriptor-url\"></code></p></div>"
                + "<div id=\"check\" aria-live=\"polite\"></div>"
                + "<p class=\"error\" data-error-for=\"step-authenticate\" role=\"alert\"></p>"
                + "<button type=\"button\" class=\"primary\" data-next=\"authenticate\">Next</button></section>"
                // ---- Set up
                + "<section data-step=\"setup\" hidden><h2>Set up</h2>"
                // the check's warnings stay in sight once the wizard has moved past Authenticate
                + "<div id=\"check-warnings\" aria-live=\"polite\"></div>"
                + field("projectKey", "Project", "<input id=\"projectKey\" name=\"projectKey\""
                + " list=\"projects-list\" autocomplete=\"off\" placeholder=\"type to search by name or key\">"
                + "<datalist id=\"projects-list\"></datalist>")
                + field("issueType", "Issue type", "<select id=\"issueType\" name=\"issueType\"></select>")
                + field("assignee", "Assignee", "<input id=\"assignee\" name=\"assignee\" list=\"assignees-list\""
                + " autocomplete=\"off\" placeholder=\"type a name; empty: unassigned\">"
                + "<datalist id=\"assignees-list\"></datalist>")
                + "<h3>Field mapping</h3><table id=\"mapping\"><thead><tr><th>Report field</th><th>Jira field</th>"
                + "<th>Type</th><th></th></tr></thead><tbody></tbody></table>"
                + "<datalist id=\"report-fields\"><option value=\"app.version\"><option value=\"app.name\">"
                + "<option value=\"app.platform\"><option value=\"reporter.email\"><option value=\"reporter.name\">"
                + "<option value=\"type\"><option value=\"priority\"><option value=\"tags\"></datalist>"
                + "<button type=\"button\" id=\"add-mapping\">Add field mapping</button>"
                + "<p class=\"error\" data-error-for=\"mapping.customFields\"></p>"
                + "<fieldset><legend>Forwarded information</legend>" + sections + "</fieldset>"
                + "<h3>Priority map</h3><p class=\"muted\" id=\"priority-scope\"></p>"
                + "<table id=\"priorities\"><thead><tr><th>Report priority</th><th>Jira priority</th></tr></thead>"
                + "<tbody></tbody></table>"
                + "<p class=\"error\" data-error-for=\"step-setup\" role=\"alert\"></p>"
                + "<button type=\"button\" data-back=\"authenticate\">Back</button> "
                + "<button type=\"button\" class=\"primary\" data-next=\"setup\">Next</button></section>"
                // ---- Test
                + "<section data-step=\"test\" hidden><h2>Test</h2><p>Creates a test issue in Jira through the"
                + " whole mapping, marked as a test.</p><button type=\"button\" id=\"run-test\">Test</button>"
                + "<div id=\"test-result\" aria-live=\"polite\"></div>"
                + "<p class=\"error\" data-error-for=\"step-test\" role=\"alert\"></p>"
                + "<button type=\"button\" data-back=\"setup\">Back</button> "
                + "<button type=\"button\" class=\"primary\" data-next=\"test\">Next</button></section>"
                // ---- Finish
                + "<section data-step=\"finish\" hidden><h2>Finish</h2>"
                + check("autoForward", "Forward automatically") + check("syncStatus", "Sync status")
                + check("syncComments", "Sync comments") + check("syncPriority", "Sync priority")
                + "<p class=\"error\" data-error-for=\"step-finish\" role=\"alert\"></p>"
                + "<button type=\"button\" data-back=\"test\">Back</button> "
                + "<button type=\"button\" class=\"primary\" id=\"finish\">Finish</button></section>"
                + "</form>" + Html.data(data);
        return Html.page(title, csrf, "integrations", body);
    }

    private static String sectionLabel(String section) {
        return switch (section) {
            case "reporter" -> "Reporter";
            case "app" -> "App name, version and platform";
            case "device" -> "Device";
            case "tags" -> "Tags as labels";
            case "attributes" -> "Attributes";
            case "attachments" -> "Attachments";
            case "logs" -> "Logs";
            case "link" -> "Link to the report";
            default -> section;
        };
    }

    /** A labelled control with its error slot right after it. */
    static String field(String id, String label, String control) {
        return "<div class=\"field\" data-field=\"" + esc(id) + "\"><label for=\"" + esc(id) + "\">" + esc(label)
                + "</label>" + control + "<span class=\"error\" data-error-for=\"" + esc(id) + "\"></span></div>";
    }

    /** "TYPE:deployment" for every authentication type that takes the connection field there (its descriptor). */
    private static String takenBy(String field) {
        StringBuilder shownFor = new StringBuilder();
        for (AuthDescriptor descriptor : AuthDescriptors.all()) {
            descriptor.deployments().forEach((deployment, fields) -> {
                if (fields.required().contains(field) || fields.optional().contains(field)) {
                    shownFor.append(shownFor.isEmpty() ? "" : " ").append(descriptor.type()).append(':')
                            .append(deployment);
                }
            });
        }
        return shownFor.toString();
    }

    private static String authField(String id, String label, String type, String shownFor) {
        return "<div class=\"field\" data-field=\"" + id + "\" data-auth=\"" + shownFor + "\" hidden><label for=\""
                + id + "\">" + esc(label) + "</label><input id=\"" + id + "\" name=\"" + id + "\" type=\"" + type
                + "\" autocomplete=\"off\"><span class=\"error\" data-error-for=\"" + id + "\"></span></div>";
    }

    private static String check(String id, String label) {
        return "<div class=\"field\"><label class=\"check\" for=\"" + id + "\"><input type=\"checkbox\" id=\"" + id
                + "\" checked> " + esc(label) + "</label></div>";
    }

    String oauthReturned(String integrationId, ApiOperations.Answer answer) {
        JsonNode json = WizardActions.read(answer);
        String wizard = "/ui/integrations/" + integrationId + "/edit?connected=" + (answer.ok() ? "1" : "0");
        String said = answer.ok() ? "Connected: access was granted." : "Not connected: " + json.path("message")
                .asText();
        // a page the browser leaves by itself: the next request is same-site, so the session cookie comes along
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\""
                + " content=\"0;url=" + esc(wizard) + "\"><title>Authorization · jira-bridge</title></head><body>"
                + "<p>" + esc(said) + "</p><p><a href=\"" + esc(wizard) + "\">Back to the wizard</a></p></body></html>";
    }

    // ---- reports

    private String reports(String csrf, Map<String, String> query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : List.of("status", "integrationId", "q", "cursor")) {
            if (query.get(key) != null && !query.get(key).isBlank()) {
                params.put(key, query.get(key));
            }
        }
        params.put("limit", "25");
        ApiOperations.Answer answer = api.call("GET", "/api/v1/reports", params, null);
        JsonNode page = WizardActions.read(answer);
        StringBuilder statuses = new StringBuilder("<option value=\"\">any</option>");
        for (ReportStatus status : ReportStatus.values()) {
            statuses.append("<option").append(status.name().equals(query.get("status")) ? " selected" : "")
                    .append('>').append(status.name()).append("</option>");
        }
        StringBuilder integrations = new StringBuilder("<option value=\"\">any</option>");
        for (JsonNode integration : WizardActions.read(api.call("GET", "/api/v1/integrations", Map.of(), null))
                .path("integrations")) {
            String id = integration.path("id").asText();
            integrations.append("<option value=\"").append(esc(id)).append('"')
                    .append(id.equals(query.get("integrationId")) ? " selected" : "").append('>').append(esc(id))
                    .append("</option>");
        }
        StringBuilder rows = new StringBuilder();
        for (JsonNode report : page.path("reports")) {
            JsonNode jira = report.path("jira");
            rows.append("<tr><td><a href=\"/ui/reports/").append(esc(report.path("id").asText())).append("\">")
                    .append(esc(report.path("title").asText())).append("</a></td><td>")
                    .append(esc(report.path("integrationId").asText())).append("</td><td>")
                    .append(esc(report.path("status").asText())).append("</td><td>")
                    .append(esc(report.path("priority").asText())).append("</td><td>")
                    .append(jira.isObject() ? link(jira.path("url").asText(), jira.path("key").asText()) : "")
                    .append("</td><td>").append(esc(report.path("createdAt").asText())).append("</td></tr>");
        }
        String error = answer.ok() ? "" : "<p class=\"error\" role=\"alert\">" + esc(page.path("message").asText())
                + "</p>";
        String next = "";
        if (page.path("nextCursor").isTextual()) {
            Map<String, String> nextParams = new LinkedHashMap<>(params);
            nextParams.remove("limit");
            nextParams.put("cursor", page.path("nextCursor").asText());
            next = "<p><a class=\"button\" href=\"/ui/reports?" + esc(queryString(nextParams)) + "\">Next page</a></p>";
        }
        String body = "<h1>Reports</h1><form method=\"get\" action=\"/ui/reports\" class=\"filters\">"
                + field("status", "Status", "<select id=\"status\" name=\"status\">" + statuses + "</select>")
                + field("integrationId", "Integration", "<select id=\"integrationId\" name=\"integrationId\">"
                + integrations + "</select>")
                + field("q", "Search title", "<input id=\"q\" name=\"q\" type=\"search\" value=\""
                + esc(query.getOrDefault("q", "")) + "\">")
                + "<button type=\"submit\">Filter</button></form>" + error
                + "<table id=\"reports\"><thead><tr><th>Title</th><th>Integration</th><th>Status</th><th>Priority</th>"
                + "<th>Jira</th><th>Received</th></tr></thead><tbody>" + rows + "</tbody></table>" + next;
        return Html.page("Reports", csrf, "reports", body);
    }

    private static String queryString(Map<String, String> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((key, value) -> query.append(query.length() == 0 ? "" : "&").append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }

    /** A link to Jira only when it is an http(s) URL (a stored value never becomes a javascript: link). */
    private static String link(String url, String text) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            return esc(text);
        }
        return "<a href=\"" + esc(url) + "\" target=\"_blank\" rel=\"noopener noreferrer\">" + esc(text) + "</a>";
    }

    private String report(String csrf, JsonNode report) {
        String id = report.path("id").asText();
        JsonNode jira = report.path("jira");
        StringBuilder comments = new StringBuilder();
        for (JsonNode comment : report.path("comments")) {
            comments.append("<li><strong>").append(esc(comment.path("author").asText())).append("</strong> ")
                    .append("<span class=\"muted\">").append(esc(comment.path("createdAt").asText()))
                    .append("</span><p>").append(esc(comment.path("body").asText())).append("</p></li>");
        }
        StringBuilder priorities = new StringBuilder();
        for (String priority : PriorityMap.REPORT_PRIORITIES) {
            priorities.append("<option").append(priority.equals(report.path("priority").asText()) ? " selected" : "")
                    .append('>').append(esc(priority)).append("</option>");
        }
        boolean forwarded = "FORWARDED".equals(report.path("status").asText());
        String body = "<h1>" + esc(report.path("title").asText()) + "</h1><div class=\"card\" id=\"report\""
                + " data-report=\"" + esc(id) + "\"><dl>"
                + "<dt>Status</dt><dd id=\"report-status\">" + esc(report.path("status").asText()) + "</dd>"
                + "<dt>Integration</dt><dd>" + esc(report.path("integrationId").asText()) + "</dd>"
                + "<dt>Jira</dt><dd>" + (jira.isObject() ? link(jira.path("url").asText(), jira.path("key").asText())
                + " · " + esc(jira.path("status").asText()) + " · " + esc(jira.path("priority").asText())
                : "not forwarded") + "</dd>"
                + "<dt>Priority</dt><dd>" + esc(report.path("priority").asText()) + "</dd>"
                + "<dt>Attempts</dt><dd>" + esc(report.path("attempts").asText()) + "</dd>"
                + "<dt>Last error</dt><dd>" + esc(report.path("lastError").isNull() ? "none"
                : report.path("lastError").asText()) + "</dd></dl>"
                + (forwarded ? "" : "<button type=\"button\" id=\"forward\">Forward to Jira</button>")
                + field("priority", "Priority", "<select id=\"priority\">" + priorities + "</select>")
                + "<button type=\"button\" id=\"change-priority\">Change priority</button>"
                + "<p class=\"error\" id=\"report-error\" role=\"alert\"></p><p id=\"report-done\""
                + " aria-live=\"polite\"></p></div>"
                + "<h2>Comments</h2><ul class=\"comments\">" + comments + "</ul>"
                + "<p><a href=\"/ui/reports\">All reports</a></p>";
        return Html.page(report.path("title").asText(), csrf, "reports", body);
    }

    // ---- dead letters

    private String deadLetters(String csrf) {
        JsonNode letters = WizardActions.read(api.call("GET", "/api/v1/dead-letters", Map.of(), null))
                .path("deadLetters");
        StringBuilder rows = new StringBuilder();
        java.util.Set<String> integrations = new java.util.TreeSet<>();
        for (JsonNode letter : letters) {
            JsonNode report = WizardActions.read(api.call("GET", "/api/v1/reports/" + letter.path("reportId")
                    .asText(), Map.of(), null));
            String integration = report.path("integrationId").asText();
            integrations.add(integration);
            rows.append("<tr data-dead-letter=\"").append(letter.path("id").asText()).append("\"><td>")
                    .append("<a href=\"/ui/reports/").append(esc(letter.path("reportId").asText())).append("\">")
                    .append(esc(report.path("title").asText())).append("</a><br><span class=\"muted\">")
                    .append(esc(integration)).append(" · ").append(esc(letter.path("kind").asText()))
                    .append("</span></td><td>").append(esc(letter.path("reason").asText())).append(" ")
                    .append(esc(letter.path("httpStatus").asText(""))).append("</td><td>")
                    .append(esc(letter.path("message").asText())).append(jiraErrors(letter.path("jiraErrors")))
                    .append("</td><td><button type=\"button\" data-replay=\"").append(letter.path("id").asText())
                    .append("\">Replay</button></td></tr>");
        }
        StringBuilder replayAll = new StringBuilder();
        for (String integration : integrations) {
            replayAll.append("<button type=\"button\" data-replay-all=\"").append(esc(integration))
                    .append("\">Replay all of ").append(esc(integration)).append("</button> ");
        }
        String body = "<h1>Dead letters</h1><p>What Jira refused or what failed after every retry, with Jira's"
                + " answer. Fix the cause, then replay.</p><p>" + replayAll + "</p>"
                + "<p class=\"error\" id=\"dead-letter-error\" role=\"alert\"></p>"
                + "<table id=\"dead-letters\"><thead><tr><th>Report</th><th>Reason</th><th>Jira's answer</th><th></th>"
                + "</tr></thead><tbody>" + rows + "</tbody></table>"
                + (letters.isEmpty() ? "<p>No dead letters.</p>" : "");
        return Html.page("Dead letters", csrf, "dead-letters", body);
    }

    private static String jiraErrors(JsonNode errors) {
        if (errors == null || !errors.isObject()) {
            return "";
        }
        StringBuilder list = new StringBuilder("<ul class=\"jira-errors\">");
        errors.path("errorMessages").forEach(message -> list.append("<li>").append(esc(message.asText()))
                .append("</li>"));
        errors.path("errors").fields().forEachRemaining(entry -> list.append("<li><code>").append(esc(entry.getKey()))
                .append("</code>: ").append(esc(entry.getValue().asText())).append("</li>"));
        return list.append("</ul>").toString();
    }

    // ---- API keys

    private String apiKeys(String csrf) {
        JsonNode keys = WizardActions.read(api.call("GET", "/api/v1/api-keys", Map.of(), null)).path("apiKeys");
        StringBuilder rows = new StringBuilder();
        for (JsonNode key : keys) {
            boolean revoked = !key.path("revokedAt").isNull() && !key.path("revokedAt").isMissingNode();
            rows.append("<tr><td>").append(esc(key.path("name").asText())).append("</td><td><code>")
                    .append(esc(key.path("prefix").asText())).append("…</code></td><td>")
                    .append(esc(String.join(", ", texts(key.path("integrations"))))).append("</td><td>")
                    .append(esc(key.path("createdAt").asText())).append("</td><td>")
                    .append(esc(key.path("lastUsedAt").isTextual() ? key.path("lastUsedAt").asText() : "never"))
                    .append("</td><td>")
                    .append(revoked ? "revoked " + esc(key.path("revokedAt").asText())
                            : "<button type=\"button\" data-revoke=\"" + esc(key.path("id").asText()) + "\">Revoke "
                            + esc(key.path("name").asText()) + "</button>").append("</td></tr>");
        }
        StringBuilder integrations = new StringBuilder();
        for (JsonNode integration : WizardActions.read(api.call("GET", "/api/v1/integrations", Map.of(), null))
                .path("integrations")) {
            String id = integration.path("id").asText();
            integrations.append("<label class=\"check\"><input type=\"checkbox\" name=\"key-integrations\" value=\"")
                    .append(esc(id)).append("\"> ").append(esc(id)).append("</label>");
        }
        String body = "<h1>API keys</h1><p>Intake keys send and read reports of their integrations.</p>"
                + "<form id=\"key-form\" class=\"card\">"
                + field("key-name", "Key name", "<input id=\"key-name\" required>")
                + "<fieldset><legend>Integrations</legend>" + integrations
                + "<span class=\"error\" data-error-for=\"integrations\"></span></fieldset>"
                + "<button type=\"submit\">Create key</button><p class=\"error\" id=\"key-error\" role=\"alert\"></p>"
                + "<div id=\"new-key\" hidden><p>Copy the key now: it is shown only this once.</p>"
                + field("new-key-value", "New key", "<input id=\"new-key-value\" readonly>") + "</div></form>"
                + "<table id=\"api-keys\"><thead><tr><th>Name</th><th>Prefix</th><th>Integrations</th><th>Created</th>"
                + "<th>Last used</th><th></th></tr></thead><tbody>" + rows + "</tbody></table>";
        return Html.page("API keys", csrf, "api-keys", body);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    // ---- ingestion

    private String ingestion(String csrf, String chosen) {
        JsonNode list = WizardActions.read(api.call("GET", "/api/v1/integrations", Map.of(), null))
                .path("integrations");
        String integration = chosen;
        if (integration == null && list.size() > 0) {
            integration = list.get(0).path("id").asText();
        }
        String body;
        if (integration == null || !api.exists("GET", "/api/v1/integrations/" + integration + "/ingestion")) {
            body = "<h1>Ingestion</h1><p id=\"ingestion-absent\">Ingestion is not available in this build.</p>";
        } else {
            StringBuilder options = new StringBuilder();
            for (JsonNode each : list) {
                String id = each.path("id").asText();
                options.append("<option").append(id.equals(integration) ? " selected" : "").append('>')
                        .append(esc(id)).append("</option>");
            }
            body = "<h1>Ingestion</h1><form method=\"get\" action=\"/ui/ingestion\" class=\"filters\">"
                    + field("integration", "Integration", "<select id=\"integration\" name=\"integration\">"
                    + options + "</select>") + "<button type=\"submit\">Show</button></form>"
                    + "<div class=\"card\" id=\"ingestion\" data-integration=\"" + esc(integration) + "\">"
                    // off deletes the integration's imported data: the script asks before it sends that
                    + check("ingestionEnabled", "Import Jira data")
                    + check("autoImportAll", "Auto import all") + check("pauseAll", "Pause all")
                    + "<button type=\"button\" id=\"ingestion-refresh\">Refresh</button>"
                    + "<p class=\"muted\" id=\"ingestion-state\"></p>"
                    + "<p class=\"error\" id=\"ingestion-error\" role=\"alert\"></p>"
                    + "<table id=\"ingestion-projects\"><thead><tr><th>Project</th><th>Import</th><th>Progress</th>"
                    + "<th>Last updated</th></tr></thead><tbody></tbody></table></div>";
        }
        return Html.page("Ingestion", csrf, "ingestion", body);
    }
}
