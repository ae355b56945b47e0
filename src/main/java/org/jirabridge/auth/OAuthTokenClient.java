package org.jirabridge.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls Atlassian's token endpoint ({@code POST {authServer}/oauth/token}, JSON body as Atlassian documents it) and
 * the gateway's {@code accessible-resources}. Refusals become {@link CredentialsException}s that say what to do;
 * request and response bodies (which hold secrets) never reach a message or a log.
 */
public final class OAuthTokenClient {

    /** What the token endpoint grants. {@code refreshToken} is null for client credentials. */
    public record TokenResponse(String accessToken, long expiresInSeconds, String refreshToken, List<String> scopes) {
        @Override
        public String toString() {
            return "TokenResponse[accessToken=******, expiresIn=" + expiresInSeconds + ", refreshToken="
                    + (refreshToken == null ? "null" : "******") + ", scopes=" + scopes + "]";
        }
    }

    /** One site of an OAuth 2.0 grant, as accessible-resources lists it. */
    public record Site(String cloudId, String name, String url, List<String> scopes) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final AtlassianHosts hosts;
    // redirects stay off (the default): a token request must never be replayed to another host
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public OAuthTokenClient(AtlassianHosts hosts) {
        this.hosts = hosts;
    }

    public AtlassianHosts hosts() {
        return hosts;
    }

    /** Exchanges an authorization code (with its PKCE verifier) for the first token pair. */
    public TokenResponse exchangeCode(String clientId, String clientSecret, String code, String redirectUri,
                                      String codeVerifier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("client_id", clientId);
        body.put("client_secret", clientSecret);
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        if (codeVerifier != null) {
            body.put("code_verifier", codeVerifier);
        }
        return token(body, "exchange the authorization code");
    }

    /** Uses a refresh token once; Atlassian answers with a new access token and a new (rotated) refresh token. */
    public TokenResponse refresh(String clientId, String clientSecret, String refreshToken) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "refresh_token");
        body.put("client_id", clientId);
        body.put("client_secret", clientSecret);
        body.put("refresh_token", refreshToken);
        return token(body, "refresh the OAuth 2.0 access token");
    }

    /** The client credentials grant of a service account. */
    public TokenResponse clientCredentials(String clientId, String clientSecret) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "client_credentials");
        body.put("client_id", clientId);
        body.put("client_secret", clientSecret);
        return token(body, "get a service-account access token");
    }

    /** The sites an access token may reach. */
    public List<Site> accessibleResources(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(hosts.accessibleResources())).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request, "list the sites of the OAuth 2.0 grant");
        if (response.statusCode() != 200) {
            throw new CredentialsException("the API gateway refused to list the sites of the grant (HTTP "
                    + response.statusCode() + "); authorize again", response.statusCode() >= 500);
        }
        List<Site> sites = new ArrayList<>();
        for (JsonNode site : readTree(response.body())) {
            List<String> scopes = new ArrayList<>();
            site.path("scopes").forEach(s -> scopes.add(s.asText()));
            sites.add(new Site(site.path("id").asText(), site.path("name").asText(), site.path("url").asText(),
                    scopes));
        }
        return sites;
    }

    /** A site's cloud id from its public {@code /_edge/tenant_info}. */
    public String cloudIdOf(String siteUrl) {
        String site = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        HttpRequest request = HttpRequest.newBuilder(URI.create(site + "/_edge/tenant_info")).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request, "look up the cloud id of " + site);
        String cloudId = response.statusCode() == 200 ? readTree(response.body()).path("cloudId").asText("") : "";
        if (cloudId.isEmpty()) {
            throw new CredentialsException("cannot look up the cloud id of " + site + " (HTTP "
                    + response.statusCode() + "); set connection.cloudId", response.statusCode() >= 500);
        }
        return cloudId;
    }

    private TokenResponse token(Map<String, String> body, String purpose) {
        String json;
        try {
            json = MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(hosts.tokenEndpoint())).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = send(request, purpose);
        JsonNode answer = readTreeOrEmpty(response.body());
        if (response.statusCode() != 200) {
            String error = answer.path("error").asText("");
            String description = answer.path("error_description").asText("");
            boolean retryable = response.statusCode() >= 500 || response.statusCode() == 429;
            throw new CredentialsException("the authorization server refused to " + purpose + " (HTTP "
                    + response.statusCode() + (error.isEmpty() ? "" : ", " + error)
                    + (description.isEmpty() ? "" : ": " + description) + ")", retryable,
                    error.isEmpty() ? null : error);
        }
        List<String> scopes = new ArrayList<>();
        for (String scope : answer.path("scope").asText("").split(" ")) {
            if (!scope.isBlank()) {
                scopes.add(scope);
            }
        }
        String accessToken = answer.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw new CredentialsException("the authorization server answered without an access token", true);
        }
        return new TokenResponse(accessToken, answer.path("expires_in").asLong(3600),
                answer.hasNonNull("refresh_token") ? answer.get("refresh_token").asText() : null, scopes);
    }

    private HttpResponse<String> send(HttpRequest request, String purpose) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CredentialsException("cannot reach " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + " to " + purpose + ": " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialsException("interrupted while trying to " + purpose, true, e);
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new CredentialsException("Atlassian answered with something that is not JSON", true, e);
        }
    }

    private static JsonNode readTreeOrEmpty(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
