package org.jirabridge.setup;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

import org.jirabridge.api.ApiException;
import org.jirabridge.auth.AuthType;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.gateway.JiraGateway;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;

/**
 * {@code POST /api/v1/integrations/{id}/check}: one answer a person can act on. Each item is ok, warning or error,
 * with a remedy: reachability and TLS, deployment and version (Server/DC before 7.13 refused), who we are
 * ({@code /myself}, timezone), the target project and the permissions on it ({@code /mypermissions}: Browse projects
 * and Create issues required, Edit issues, Transition issues, Add comments, Assign issues for two-way sync), OAuth
 * scopes, and the credential's expiry (warning 14 days before). Calls go through {@code jirarest:} with the
 * integration's own connection. Called by {@code IntegrationsResource}.
 */
public final class ConnectionCheck {

    static final int EXPIRY_WARNING_DAYS = 14;
    /** The item on deployment and version; an error there (wrong deployment, too old) ends the check. */
    static final String DEPLOYMENT = "deployment";
    static final List<String> REQUIRED_SCOPES = List.of("read:jira-work", "write:jira-work", "read:jira-user");

    /** One finding. */
    public record Item(String check, String status, String message, String remedy) {
        static Item ok(String check, String message) {
            return new Item(check, "ok", message, null);
        }

        static Item warning(String check, String message, String remedy) {
            return new Item(check, "warning", message, remedy);
        }

        static Item error(String check, String message, String remedy) {
            return new Item(check, "error", message, remedy);
        }
    }

    /** A permission jira-bridge asks for, and what for. */
    private record Needed(String key, String name, boolean required) {
    }

    private static final List<Needed> PERMISSIONS = List.of(
            new Needed("BROWSE_PROJECTS", "Browse projects", true),
            new Needed("CREATE_ISSUES", "Create issues", true),
            new Needed("EDIT_ISSUES", "Edit issues", false),
            new Needed("TRANSITION_ISSUES", "Transition issues", false),
            new Needed("ADD_COMMENTS", "Add comments", false),
            new Needed("ASSIGN_ISSUES", "Assign issues", false));

    private final Integrations integrations;
    private final Clock clock;

    private final JiraGateway jira;

    public ConnectionCheck(Integrations integrations, Clock clock, JiraGateway jira) {
        this.integrations = integrations;
        this.clock = clock;
        this.jira = jira;
    }

    /** Checks the integration's connection; 404 when there is none. */
    public IntegrationsResource.ConnectionCheckResult check(String id) {
        Integration integration = integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
        List<Item> items = check(integration, jira.site(integration.id()));
        return new IntegrationsResource.ConnectionCheckResult(id, overall(items), clock.instant().toString(), items);
    }

    List<Item> check(Integration integration, JiraGateway.Site site) {
        List<Item> items = new ArrayList<>();
        Integration.Connection connection = integration.connection();
        items.add(transport(connection));
        Item expiry = expiry(connection.tokenExpiresAt(), clock.instant());
        if (expiry != null) {
            items.add(expiry);
        }
        Map<?, ?> serverInfo;
        try {
            serverInfo = site.serverInfo();
        } catch (RuntimeException e) {
            items.add(failure("reachable", e, integration));
            return items;
        }
        items.add(Item.ok("reachable", "Jira answered at " + connection.baseUrl()));
        List<Item> version = version(serverInfo, connection);
        items.addAll(version);
        if (version.stream().anyMatch(item -> item.check().equals(DEPLOYMENT) && item.status().equals("error"))) {
            // e.g. credentials of one deployment mean nothing to the other: checking them would blame the password
            return items;
        }
        Item baseUrl = baseUrl(serverInfo, connection);
        if (baseUrl != null) {
            items.add(baseUrl);
            if (baseUrl.status().equals("error")) {
                return items;
            }
        }

        Map<?, ?> myself;
        try {
            myself = site.myself();
        } catch (RuntimeException e) {
            items.add(failure("credentials", e, integration));
            return items;
        }
        String who = String.valueOf(myself.get("displayName")) + (myself.get("emailAddress") != null
                ? " <" + myself.get("emailAddress") + ">" : "");
        Object timeZone = myself.get("timeZone");
        items.add(Item.ok("credentials", "authenticated as " + who + " with " + connection.authType()
                + "; timezone " + (timeZone == null ? "UTC (Jira did not say)" : timeZone)));

        List<String> scopes = integrations.resolve(integration.id()).auth().grantedScopes();
        if (!scopes.isEmpty()) {
            items.add(scopeItem(scopes));
        }

        String projectKey = integration.target() == null ? null : integration.target().projectKey();
        if (projectKey == null) {
            items.add(Item.warning("project", "no target project is set", "set target.projectKey"));
            return items;
        }
        boolean teamManaged;
        try {
            Map<?, ?> project = site.get("/rest/api/2/project/" + projectKey);
            teamManaged = "next-gen".equals(project.get("style")) || Boolean.TRUE.equals(project.get("simplified"));
            items.add(Item.ok("project", "project " + projectKey + " (" + project.get("name") + ")"
                    + (teamManaged ? " is team-managed" : "") + " is visible"));
        } catch (RuntimeException cause) {
            if (cause instanceof JiraRestException jira && jira.failure() == JiraRestException.Failure.NOT_FOUND) {
                items.add(Item.error("project", "project " + projectKey + " does not exist or this account cannot "
                        + "see it", "check target.projectKey, and that the account has Browse projects on it"));
            } else {
                items.add(failure("project", cause, integration));
            }
            return items;
        }
        try {
            Map<?, ?> permissions = site.myPermissions(projectKey, PERMISSIONS.stream().map(Needed::key).toList());
            items.addAll(permissionItems((Map<?, ?>) permissions.get("permissions"), projectKey, teamManaged));
        } catch (RuntimeException e) {
            items.add(failure("permissions", e, integration));
        }
        return items;
    }

    private static Item transport(Integration.Connection connection) {
        URI uri = URI.create(connection.baseUrl());
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return Item.ok("tls", "the connection is encrypted (HTTPS)");
        }
        return Item.warning("tls", connection.baseUrl() + " is plain HTTP: credentials and reports travel "
                + "unencrypted", "use the https:// address of the Jira site");
    }

    /** Deployment and version; Server/DC older than 7.13 is refused, PATs need 8.14. */
    static List<Item> version(Map<?, ?> serverInfo, Integration.Connection connection) {
        List<Item> items = new ArrayList<>();
        String deploymentType = String.valueOf(serverInfo.get("deploymentType"));
        String version = String.valueOf(serverInfo.get("version"));
        boolean cloud = "Cloud".equalsIgnoreCase(deploymentType);
        if (connection.deployment() != null && cloud != connection.deployment().equals("cloud")) {
            items.add(Item.error(DEPLOYMENT, "the site at " + connection.baseUrl() + " is Jira "
                    + deploymentType + " but the integration says " + connection.deployment() + "; its credentials"
                    + " were not tried (a " + connection.deployment() + " credential means nothing to Jira "
                    + deploymentType + ")", cloud
                    ? "point connection.baseUrl at your Jira Server/Data Center (the sandbox plays Server when the"
                    + " service starts with -Dsandbox.flavour=server), or make the integration a Cloud one:"
                    + " deployment cloud with email and apiToken"
                    : "point connection.baseUrl at your Jira Cloud site (the sandbox plays Cloud by default,"
                    + " sandbox.flavour=cloud), or make the integration a Server one: deployment server with"
                    + " username and password, or a token"));
            return items;
        }
        if (cloud) {
            items.add(Item.ok("deployment", "Jira Cloud"));
            return items;
        }
        int[] numbers = versionNumbers(serverInfo, version);
        if (compare(numbers, 7, 13) < 0) {
            items.add(Item.error("deployment", "Jira " + deploymentType + " " + version + " is older than 7.13, the "
                    + "oldest version jira-bridge supports", "upgrade Jira to 7.13 or later"));
        } else if (connection.authType() == AuthType.PAT && compare(numbers, 8, 14) < 0) {
            items.add(Item.error("deployment", "Jira " + version + " has no personal access tokens (they came with "
                    + "8.14)", "use BASIC or OAUTH1, or upgrade Jira to 8.14 or later"));
        } else {
            items.add(Item.ok("deployment", "Jira " + deploymentType + " " + version));
        }
        return items;
    }

    /**
     * Jira's own base URL (serverInfo.baseUrl) against the integration's. Another spelling of the same server
     * (127.0.0.1 for localhost, a proxy's name) reaches it, but OAuth 1.0a signatures are checked against Jira's own
     * base URL, so there it is an error; for the rest a warning (links to issues use the integration's spelling).
     */
    static Item baseUrl(Map<?, ?> serverInfo, Integration.Connection connection) {
        if (!(serverInfo.get("baseUrl") instanceof String jiraBase) || jiraBase.isBlank()) {
            return null;
        }
        if (canonical(jiraBase).equals(canonical(connection.baseUrl()))) {
            return Item.ok("base URL", "connection.baseUrl is Jira's own base URL");
        }
        String message = "Jira calls itself " + jiraBase + " (serverInfo.baseUrl) but the integration uses "
                + connection.baseUrl();
        String remedy = "set connection.baseUrl to " + jiraBase + " (PATCH /api/v1/integrations/{id} with"
                + " {\"connection\": {\"baseUrl\": \"" + jiraBase + "\"}}), or fix Jira's Base URL in its"
                + " general configuration if that is the wrong one";
        if (connection.authType() == AuthType.OAUTH1) {
            return Item.error("base URL", message + ": Jira checks OAuth 1.0a signatures against its own base URL"
                    + " and refuses every request (signature_invalid)", remedy);
        }
        return Item.warning("base URL", message + ": requests work, but links to issues use the integration's"
                + " spelling", remedy);
    }

    /** scheme://host[:port]/path in lower case, without a default port or a trailing slash. */
    private static String canonical(String url) {
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            int port = uri.getPort() == ("https".equals(scheme) ? 443 : 80) ? -1 : uri.getPort();
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(java.util.Locale.ROOT)
                    + (port < 0 ? "" : ":" + port) + path;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static int[] versionNumbers(Map<?, ?> serverInfo, String version) {
        int[] numbers = new int[] {0, 0};
        if (serverInfo.get("versionNumbers") instanceof List<?> list && list.size() >= 2) {
            numbers[0] = ((Number) list.get(0)).intValue();
            numbers[1] = ((Number) list.get(1)).intValue();
            return numbers;
        }
        String[] parts = version.split("\\.");
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i].replaceAll("\\D.*", ""));
            } catch (NumberFormatException e) {
                numbers[i] = 0;
            }
        }
        return numbers;
    }

    private static int compare(int[] version, int major, int minor) {
        return version[0] != major ? Integer.compare(version[0], major) : Integer.compare(version[1], minor);
    }

    /** Browse projects and Create issues are required; the two-way sync ones only warn. */
    static List<Item> permissionItems(Map<?, ?> permissions, String projectKey, boolean teamManaged) {
        List<Item> items = new ArrayList<>();
        String membership = teamManaged ? "; " + projectKey + " is team-managed, so the account must be a member or "
                + "an administrator of the project (Project settings → Access)" : "";
        for (Needed needed : PERMISSIONS) {
            Object entry = permissions == null ? null : permissions.get(needed.key());
            boolean have = entry instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("havePermission"));
            String check = "permission " + needed.key();
            if (have) {
                items.add(Item.ok(check, needed.name() + " in " + projectKey));
            } else if (needed.required()) {
                items.add(Item.error(check, "the account lacks " + needed.name() + " in " + projectKey
                        + ", which forwarding needs", "grant " + needed.name() + " to the account in the project's "
                        + "permission scheme" + membership));
            } else {
                items.add(Item.warning(check, "the account lacks " + needed.name() + " in " + projectKey
                        + ", which two-way sync needs", "grant " + needed.name() + " to the account in the project's "
                        + "permission scheme" + membership));
            }
        }
        return items;
    }

    static Item scopeItem(List<String> granted) {
        List<String> missing = REQUIRED_SCOPES.stream().filter(scope -> !granted.contains(scope)).toList();
        if (missing.isEmpty()) {
            return Item.ok("scopes", "granted: " + String.join(" ", granted));
        }
        return Item.error("scopes", "missing scopes " + missing + " (granted: " + String.join(" ", granted) + ")",
                "add the scopes to the app or service account credential, then authorize again");
    }

    /** The credential's known expiry: error when past, warning within 14 days, nothing when unknown. */
    static Item expiry(String tokenExpiresAt, Instant now) {
        if (tokenExpiresAt == null || tokenExpiresAt.isBlank()) {
            return null;
        }
        Instant expires;
        try {
            expires = OffsetDateTime.parse(tokenExpiresAt).toInstant();
        } catch (DateTimeParseException e) {
            try {
                expires = LocalDate.parse(tokenExpiresAt).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                return Item.warning("token expiry", "tokenExpiresAt '" + tokenExpiresAt + "' is not a date",
                        "write it as 2027-01-31 or 2027-01-31T00:00:00Z");
            }
        }
        long days = ChronoUnit.DAYS.between(now, expires);
        if (!now.isBefore(expires)) {
            return Item.error("token expiry", "the credential expired on " + expires, "create a new token and save it"
                    + " with PUT /api/v1/integrations/{id}, with the new tokenExpiresAt");
        }
        if (days < EXPIRY_WARNING_DAYS) {
            return Item.warning("token expiry", "the credential expires in " + days + " days (" + expires + ")",
                    "create a new token before then and save it with PUT /api/v1/integrations/{id}");
        }
        return Item.ok("token expiry", "the credential is valid until " + expires);
    }

    private static Item failure(String check, Throwable cause, Integration integration) {
        if (cause instanceof JiraRestException jira) {
            return switch (jira.failure()) {
                case AUTHENTICATION -> Item.error("credentials", "Jira refused the credentials: " + jira.getMessage(),
                        credentialRemedy(integration));
                case PERMISSION -> Item.error(check, "Jira refused access: " + jira.getMessage(),
                        "the account is authenticated but not allowed this; check its groups and permissions");
                case RETRYABLE -> jira.getHttpResponseCode() == 0
                        ? unreachable(check, jira, integration)
                        : Item.error(check, "Jira answered " + jira.getHttpResponseCode() + ": " + jira.getMessage(),
                        "try again later; Jira or a proxy in front of it is failing");
                case SITE_DOWN -> Item.error(check, jira.getMessage(), "nothing to do: jira-bridge probes the site and"
                        + " resumes by itself when it answers (docs/outage.md)");
                default -> Item.error(check, jira.getMessage(), "check connection.baseUrl and connection.deployment");
            };
        }
        return Item.error(check, "the check failed: " + (cause == null ? "unknown" : cause.getMessage()),
                "check the integration's connection settings");
    }

    private static Item unreachable(String check, JiraRestException jira, Integration integration) {
        for (Throwable t = jira; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return Item.error("tls", "the TLS handshake with " + integration.connection().baseUrl() + " failed: "
                        + t.getMessage(), "make the site's certificate trusted by this JVM (truststore), or fix the "
                        + "certificate");
            }
        }
        return Item.error(check, "cannot reach " + integration.connection().baseUrl() + ": " + jira.getMessage(),
                "check connection.baseUrl, DNS, firewalls and proxies between jira-bridge and Jira");
    }

    /** What to do about refused credentials, per authentication type. */
    static String credentialRemedy(Integration integration) {
        String id = integration.id();
        Integration.Connection connection = integration.connection();
        boolean cloud = "cloud".equals(connection.deployment());
        return switch (connection.authType()) {
            case BASIC -> cloud
                    ? "the API token is wrong, expired or revoked: create one at id.atlassian.com (Security → API "
                    + "tokens) for " + connection.email() + " and save it as connection.apiToken with PUT "
                    + "/api/v1/integrations/" + id
                    : "the password of " + connection.username() + " is wrong or the account is locked (CAPTCHA after "
                    + "failed logins): fix connection.password with PUT /api/v1/integrations/" + id;
            case PAT -> "the personal access token is wrong, expired or revoked: create one in Jira (Profile → "
                    + "Personal Access Tokens) and save it as connection.token with PUT /api/v1/integrations/" + id;
            case OAUTH2 -> "the OAuth 2.0 grant is missing, expired or revoked: authorize again with GET "
                    + "/api/v1/integrations/" + id + "/oauth/authorize (and check clientId / clientSecret)";
            case OAUTH2_CLIENT_CREDENTIALS -> "the service account's OAuth credential is wrong, expired or revoked: "
                    + "create a new one in Atlassian Administration (Directory → Service accounts) and save "
                    + "clientId / clientSecret with PUT /api/v1/integrations/" + id;
            case SCOPED_API_TOKEN -> "the scoped API token is wrong, expired or revoked: create a new one for the "
                    + "service account " + connection.email() + " in Atlassian Administration and save it as "
                    + "connection.apiToken with PUT /api/v1/integrations/" + id;
            case OAUTH1 -> "the OAuth 1.0a access is not authorized, revoked, or the application link changed"
                    + " (connection.baseUrl is Jira's own base URL, see the base URL item): check "
                    + "the link with GET /api/v1/integrations/" + id + "/oauth1/application-link, then authorize "
                    + "again with GET /api/v1/integrations/" + id + "/oauth/authorize";
            case CONNECT -> "the Connect app is not installed (or was uninstalled): install it from "
                    + "/connect/" + id + "/atlassian-connect.json";
        };
    }

    private static String overall(List<Item> items) {
        if (items.stream().anyMatch(item -> item.status().equals("error"))) {
            return "error";
        }
        return items.stream().anyMatch(item -> item.status().equals("warning")) ? "warning" : "ok";
    }
}
