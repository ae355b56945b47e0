package org.jirabridge.auth;

/**
 * Where Atlassian's shared services live: the OAuth 2.0 authorization server and the API gateway that OAuth 2.0,
 * service-account and scoped-token calls go through. Configuration, so the sandbox can play both.
 *
 * @param authServerUrl e.g. https://auth.atlassian.com (authorize page, token endpoint)
 * @param apiGatewayUrl e.g. https://api.atlassian.com ({@code /ex/jira/{cloudId}}, accessible-resources)
 */
public record AtlassianHosts(String authServerUrl, String apiGatewayUrl) {

    public static final AtlassianHosts ATLASSIAN = new AtlassianHosts("https://auth.atlassian.com",
            "https://api.atlassian.com");

    public AtlassianHosts {
        authServerUrl = strip(authServerUrl);
        apiGatewayUrl = strip(apiGatewayUrl);
    }

    public String tokenEndpoint() {
        return authServerUrl + "/oauth/token";
    }

    public String authorizeEndpoint() {
        return authServerUrl + "/authorize";
    }

    public String accessibleResources() {
        return apiGatewayUrl + "/oauth/token/accessible-resources";
    }

    /** The gateway base for one Jira site: {@code {apiBase}/ex/jira/{cloudId}}. */
    public String jiraGateway(String cloudId) {
        // pasted into the path: anything but an id (a '/', '..') would choose another path on the gateway
        if (!isCloudId(cloudId)) {
            throw new IllegalArgumentException("not a cloud id: letters, digits and '-' only, at most 64");
        }
        return apiGatewayUrl + "/ex/jira/" + cloudId;
    }

    /** A site's cloud id as Atlassian issues them (a UUID; the sandbox's are words with dashes). */
    public static boolean isCloudId(String cloudId) {
        return cloudId != null && cloudId.matches("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    }

    private static String strip(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Atlassian host URLs are required");
        }
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
