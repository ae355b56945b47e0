package org.jirabridge.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jirabridge.sandbox.RecordedExchange;
import org.jirabridge.store.Database;
import org.jirabridge.testsupport.IntegrationDriver;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jirabridge.testsupport.IntegrationDriver.location;

/**
 * The OAuth browser flows under hostile use, end to end against the sandbox playing Atlassian's authorization server
 * (OAuth 2.0 3LO) and Jira's application links (OAuth 1.0a): forged, expired, replayed and crossed states and codes;
 * PKCE; redirect targets that requests try to steer (parameters, Host, X-Forwarded-*); parameters echoed into
 * response headers; an integration edited in the middle of a flow. A refused callback stores nothing.
 */
class OAuthHostileTest {

    private static final String CALLBACK = "/api/v1/oauth/callback";
    private static final String EVIL = "https://evil.example/steal";
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud();
    /** A Server service of its own, for the OAuth 1.0a case. */
    @RegisterExtension
    static final ServiceExtension serverService = ServiceExtension.manual().with("sandbox.oauth.auto-approve", "true");
    private static IntegrationDriver driver;
    private static final List<RecordedExchange> tokenRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        driver = new IntegrationDriver(service.running());
        service.sandbox().addListener(exchange -> {
            if (exchange.path().equals("/oauth/token")) {
                tokenRequests.add(exchange);
            }
        });
    }

    @BeforeEach
    void freshSandbox() {
        service.sandbox().reset();
        // consent is given at once: the consent page itself is OAuth2FlowTest's subject
        driver.control("/_sandbox/oauth/auto-approve", "{\"enabled\": true}");
        tokenRequests.clear();
    }

    // ---- OAuth 2.0 (3LO): state

    @Test
    void callbackWithoutALiveStateIsRefusedAndStoresNothing() {
        create("victim");
        create("once");
        String victim = snapshot("victim");
        // older than the 15 minutes a started authorization may take
        String expired = callbackOf(startFlow("victim"));
        backdatePendingAuthorizations(16);
        assertRefused(driver.get(expired), 400, "invalid_state");

        String code = query(expired).get("code");
        for (String attack : List.of(CALLBACK + "?code=" + enc(code), CALLBACK + "?code=" + enc(code) + "&state=",
                CALLBACK + "?code=" + enc(code) + "&state=made-up-state")) {
            assertRefused(driver.api("GET", attack, null), 400, "invalid_state");
        }
        assertThat(tokenRequests).as("no code is redeemed without a live state").isEmpty();
        assertThat(snapshot("victim")).isEqualTo(victim);

        // states are single-use: the same callback again
        String used = callbackOf(startFlow("once"));
        assertThat(json(driver.get(used)).path("status").asText()).isEqualTo("authorized");
        String once = snapshot("once");
        assertRefused(driver.get(used), 400, "invalid_state");
        assertThat(tokenRequests).hasSize(1);
        assertThat(snapshot("once")).isEqualTo(once);
    }

    @Test
    void aStateCompletesOnlyItsOwnIntegrationAndACodeOnlyItsOwnFlow() {
        create("alpha");
        create("beta");
        Map<String, String> alpha = query(startFlow("alpha"));
        Map<String, String> beta = query(startFlow("beta"));
        String alphaCode = query(callbackOf(alpha)).get("code");
        String betaCode = query(callbackOf(beta)).get("code");
        List<String> before = List.of(snapshot("alpha"), snapshot("beta"));

        // alpha's code under beta's state, and the other way round: the PKCE verifier of the state's own flow is
        // sent, which is not the one the code was issued for, so Atlassian refuses and nothing is stored
        assertRefused(driver.api("GET", CALLBACK + "?code=" + enc(alphaCode) + "&state=" + enc(beta.get("state")),
                null), 400, "token_exchange_failed");
        assertThat(s256(tokenRequest(0).path("code_verifier").asText())).isEqualTo(beta.get("code_challenge"))
                .isNotEqualTo(alpha.get("code_challenge"));
        assertRefused(driver.api("GET", CALLBACK + "?code=" + enc(betaCode) + "&state=" + enc(alpha.get("state")),
                null), 400, "token_exchange_failed");
        assertThat(List.of(snapshot("alpha"), snapshot("beta"))).isEqualTo(before);

        // a fresh flow for alpha, its callback dressed up to name beta: the state alone decides, alpha is completed
        String callback = callbackOf(startFlow("alpha"));
        JsonNode answer = json(driver.get(callback + "&integrationId=beta&id=beta"));
        assertThat(answer.path("integrationId").asText()).isEqualTo("alpha");
        assertThat(answer.path("status").asText()).isEqualTo("authorized");
        assertThat(snapshot("alpha")).isNotEqualTo(before.get(0));
        assertThat(snapshot("beta")).isEqualTo(before.get(1));
    }

    @Test
    void repeatedParametersAreRefusedWithoutSpendingTheState() {
        create("twice");
        String callback = callbackOf(startFlow("twice"));
        assertRefused(driver.get(callback + "&state=other"), 400, "invalid_callback");
        assertRefused(driver.get(callback + "&code=other"), 400, "invalid_callback");
        assertThat(tokenRequests).isEmpty();
        assertThat(json(driver.get(callback)).path("status").asText()).isEqualTo("authorized");
    }

    @Test
    void anIntegrationEditedDuringTheAuthorizationIsNotCompleted() {
        create("edited");
        String callback = callbackOf(startFlow("edited"));
        HttpResponse<String> edit = driver.api("PUT", "/api/v1/integrations/edited", """
                {"name": "edited", "connection": {"deployment": "cloud", "baseUrl": "%s", "authType": "BASIC",
                 "email": "demo@example.com", "apiToken": "demo-token"},
                 "target": {"projectKey": "DEMO", "issueType": "Bug"}}""".formatted(driver.sandboxUrl()));
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
        String before = snapshot("edited");
        assertRefused(driver.get(callback), 409, "integration_changed");
        assertThat(tokenRequests).isEmpty();
        assertThat(snapshot("edited")).isEqualTo(before);
    }

    // ---- OAuth 2.0 (3LO): PKCE

    @Test
    void theCodeIsRedeemedWithTheVerifierOfItsChallenge() {
        create("pkce");
        Map<String, String> authorize = query(startFlow("pkce"));
        assertThat(authorize).containsEntry("code_challenge_method", "S256");
        assertThat(json(driver.get(callbackOf(authorize))).path("status").asText()).isEqualTo("authorized");
        String verifier = tokenRequest(0).path("code_verifier").asText();
        assertThat(verifier).matches("[A-Za-z0-9._~-]{43,128}");
        assertThat(s256(verifier)).isEqualTo(authorize.get("code_challenge"));
    }

    @Test
    void theSandboxRefusesAMissingOrWrongVerifierAndChallengesItCannotCheck() {
        String redirect = "http://localhost:1" + CALLBACK;
        String verifier = "v".repeat(20) + "-verifier-of-the-test-flow-" + "v".repeat(20);
        String challenge = s256(verifier);
        for (String sent : new String[] {null, "w".repeat(60), verifier.substring(1), "short"}) {
            HttpResponse<String> token = redeem(sandboxCode(redirect, challenge, "S256"), redirect, sent);
            assertThat(token.statusCode()).as("verifier " + sent).isEqualTo(403);
            assertThat(token.body()).contains("invalid_grant");
        }
        assertThat(redeem(sandboxCode(redirect, challenge, "S256"), redirect, verifier).statusCode()).isEqualTo(200);

        // only S256: "plain" (the RFC's default when the method is left out) and malformed challenges are refused
        for (String[] bad : new String[][] {{challenge, null}, {challenge, "plain"}, {"tooShort", "S256"}}) {
            Map<String, String> answer = query(location(driver.get(authorizeAtSandbox(redirect, bad[0], bad[1]))));
            assertThat(answer).containsEntry("error", "invalid_request").doesNotContainKey("code");
        }
    }

    // ---- OAuth 2.0 (3LO): redirects

    @Test
    void theRedirectUriIsAlwaysTheConfiguredCallback() throws IOException {
        create("steer");
        String path = "/api/v1/integrations/steer/oauth/authorize?redirect_uri=" + enc(EVIL) + "&state=mine"
                + "&client_id=other&scope=admin&Refresh=" + enc("0;url=" + EVIL);
        RawAnswer answer = rawGet(path, List.of("Host: evil.example", "X-Forwarded-Host: evil.example",
                "X-Forwarded-Proto: https", "X-Forwarded-Port: 443", "X-Forwarded-Prefix: /evil",
                "Forwarded: for=1.2.3.4;host=evil.example;proto=https", "X-Original-URL: /evil"));
        assertThat(answer.status()).as(answer.head()).isEqualTo(302);
        String authorizeUrl = answer.header("Location");
        assertThat(authorizeUrl).startsWith(driver.sandboxUrl() + "/authorize?");
        Map<String, String> params = query(authorizeUrl);
        assertThat(params.get("redirect_uri")).isEqualTo(service.baseUrl() + CALLBACK);
        assertThat(params.get("client_id")).isEqualTo("demo-oauth-client");
        assertThat(params.get("state")).isNotEqualTo("mine").hasSizeGreaterThanOrEqualTo(43);
        assertThat(params.get("scope")).doesNotContain("admin");
        assertThat(answer.header("Refresh")).isNull();
        // Atlassian sends the browser back to exactly that address
        assertThat(callbackOf(params)).startsWith(service.baseUrl() + CALLBACK + "?");
    }

    @Test
    void callbacksNeverRedirectWhateverTheyAreSent() {
        create("land");
        String steering = "&next=" + enc(EVIL) + "&redirect_uri=" + enc(EVIL) + "&return_to=" + enc(EVIL)
                + "&returnTo=" + enc(EVIL) + "&continue=" + enc(EVIL) + "&url=" + enc(EVIL)
                + "&Location=" + enc(EVIL) + "&Refresh=" + enc("0;url=" + EVIL) + "&Set-Cookie=" + enc("s=1")
                + "&Content-Type=" + enc("text/html");
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(driver.get(callbackOf(startFlow("land")) + steering));
        answers.add(driver.api("GET", CALLBACK + "?code=x&state=unknown" + steering, null));
        answers.add(driver.api("GET", "/api/v1/oauth1/callback?oauth_token=unknown&oauth_verifier=v" + steering,
                null));
        assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isEqualTo(200);
        assertThat(json(answers.get(0)).path("status").asText()).isEqualTo("authorized");
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode() / 100).as("not a redirect").isNotEqualTo(3);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            for (String header : List.of("Location", "Refresh", "Set-Cookie", "next", "url")) {
                assertThat(answer.headers().firstValue(header)).as(header).isEmpty();
            }
        }
        // the token request names the configured callback too, never one from the request
        assertThat(tokenRequest(0).path("redirect_uri").asText()).isEqualTo(service.baseUrl() + CALLBACK);
    }

    @Test
    void theSandboxRedirectsOnlyToCallbacksRegisteredForTheApp() {
        List<String> unregistered = List.of(EVIL, "https://evil.example" + CALLBACK,
                "http://localhost:1@evil.example" + CALLBACK, "http://localhost.evil.example:1" + CALLBACK,
                "https://localhost:1" + CALLBACK, "http://localhost:1" + CALLBACK + "/../../steal",
                "http://localhost:1" + CALLBACK + "x", "http://localhost:1" + CALLBACK + "?next=" + enc(EVIL),
                "http://localhost:1" + CALLBACK + "#x", "http://localhost:1/", "javascript:alert(1)", "not a url");
        for (String redirect : unregistered) {
            HttpResponse<String> page = driver.get(authorizeAtSandbox(redirect, null, null));
            assertThat(page.statusCode()).as(redirect).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).as(redirect).isEmpty();
            assertThat(page.body()).contains("redirect_uri does not match");
        }
        // loopback callbacks come back on any port (RFC 8252); the path must still be the registered one
        assertThat(location(driver.get(authorizeAtSandbox("http://localhost:4321" + CALLBACK, null, null))))
                .startsWith("http://localhost:4321" + CALLBACK + "?code=");

        // an app registered with a public callback: exactly that URL, nothing near it
        driver.control("/_sandbox/oauth/clients", "{\"clientId\": \"public-app\", \"clientSecret\": \"public-secret\","
                + " \"callbackUrls\": [\"https://bridge.example.com/api/v1/oauth/callback\"]}");
        for (String near : List.of("https://bridge.example.com:8443" + CALLBACK, "http://bridge.example.com" + CALLBACK,
                "https://bridge.example.com" + CALLBACK + "/", "https://bridge.example.com.evil.example" + CALLBACK)) {
            HttpResponse<String> page = driver.get(authorizeAtSandbox(near, null, null).replace("demo-oauth-client",
                    "public-app"));
            assertThat(page.statusCode()).as(near).isEqualTo(400);
        }
        assertThat(location(driver.get(authorizeAtSandbox("https://bridge.example.com" + CALLBACK, null, null)
                .replace("demo-oauth-client", "public-app")))).startsWith("https://bridge.example.com" + CALLBACK + "?");

        // and a code is redeemed only with the redirect_uri it was issued for
        String code = sandboxCode("http://localhost:1" + CALLBACK, null, null);
        HttpResponse<String> token = redeem(code, "http://localhost:2" + CALLBACK, null);
        assertThat(token.statusCode()).isEqualTo(403);
    }

    // ---- OAuth 1.0a (Server/DC application links)

    @Test
    void oauth1CallbacksNeedALiveRequestTokenAndItsVerifier() throws IOException {
        // stops after this test, also when it fails
        RunningService server = serverService.start("server");
        IntegrationDriver jira = new IntegrationDriver(server);
        jira.create("link", "{\"deployment\": \"server\", \"baseUrl\": \"" + jira.sandboxUrl() + "\", "
                + "\"authType\": \"OAUTH1\", \"consumerKey\": \"hostile-test\"}");
        JsonNode link = json(jira.api("GET", "/api/v1/integrations/link/oauth1/application-link", null));
        assertThat(link.path("callbackUrl").asText()).isEqualTo(server.baseUrl() + "/api/v1/oauth1/callback");
        jira.control("/_sandbox/oauth1/consumers", "{\"consumerKey\": \"hostile-test\", \"publicKey\": "
                + TextNode.valueOf(link.path("publicKey").asText()) + "}");

        // steered headers do not move the callback Jira is given
        RawAnswer authorize = rawGet(server, "/api/v1/integrations/link/oauth/authorize?oauth_callback="
                + enc(EVIL), List.of("Host: evil.example", "X-Forwarded-Host: evil.example",
                "X-Forwarded-Proto: https"));
        assertThat(authorize.status()).as(authorize.head()).isEqualTo(302);
        String callback = location(jira.get(authorize.header("Location")));
        assertThat(callback).startsWith(server.baseUrl() + "/api/v1/oauth1/callback?");
        Map<String, String> params = query(callback);
        String unauthorized = oauth1Snapshot(server);

        for (String attack : List.of("?oauth_verifier=" + enc(params.get("oauth_verifier")),
                "?oauth_token=made-up&oauth_verifier=" + enc(params.get("oauth_verifier")))) {
            assertRefused(jira.api("GET", "/api/v1/oauth1/callback" + attack, null), 400, "invalid_state");
        }
        // the right request token with a verifier Jira did not issue: Jira refuses, and the token is spent
        HttpResponse<String> wrong = jira.api("GET", "/api/v1/oauth1/callback?oauth_token="
                + enc(params.get("oauth_token")) + "&oauth_verifier=guessed", null);
        assertRefused(wrong, 400, "jira_refused");
        assertThat(wrong.body()).contains("token_rejected");
        assertRefused(jira.get(callback), 400, "invalid_state");
        assertThat(oauth1Snapshot(server)).isEqualTo(unauthorized);
        assertThat(json(jira.api("GET", "/api/v1/integrations/link/oauth1/application-link", null))
                .path("authorized").asBoolean()).isFalse();

        // a fresh authorization completes once; its callback replayed is refused and changes nothing
        String fresh = location(jira.get(location(jira.api("GET", "/api/v1/integrations/link/oauth/authorize",
                null))));
        assertThat(json(jira.get(fresh)).path("status").asText()).isEqualTo("authorized");
        String authorized = oauth1Snapshot(server);
        assertRefused(jira.get(fresh), 400, "invalid_state");
        assertThat(oauth1Snapshot(server)).isEqualTo(authorized);
        assertThat(jira.forward("link", "FORWARDED").path("jira").path("key").asText()).startsWith("DEMO-");
    }

    // ---- helpers

    private static void create(String id) {
        driver.create(id, "{\"deployment\": \"cloud\", \"baseUrl\": \"" + driver.sandboxUrl() + "\", "
                + "\"authType\": \"OAUTH2\", \"clientId\": \"demo-oauth-client\", \"clientSecret\": \"demo-oauth-secret\"}");
    }

    /** GET …/oauth/authorize: the URL of Atlassian's consent page. */
    private static String startFlow(String id) {
        return location(driver.api("GET", "/api/v1/integrations/" + id + "/oauth/authorize", null));
    }

    /** The consent (approved at once) answers with a redirect to the callback, carrying code and state. */
    private static String callbackOf(String authorizeUrl) {
        return location(driver.get(authorizeUrl));
    }

    private static String callbackOf(Map<String, String> authorizeParams) {
        return callbackOf(driver.sandboxUrl() + "/authorize?" + form(authorizeParams));
    }

    private static String authorizeAtSandbox(String redirectUri, String challenge, String method) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("audience", "api.atlassian.com");
        params.put("client_id", "demo-oauth-client");
        params.put("scope", "read:jira-work offline_access");
        params.put("redirect_uri", redirectUri);
        params.put("state", "s");
        params.put("response_type", "code");
        if (challenge != null) {
            params.put("code_challenge", challenge);
        }
        if (method != null) {
            params.put("code_challenge_method", method);
        }
        return driver.sandboxUrl() + "/authorize?" + form(params);
    }

    private static String sandboxCode(String redirectUri, String challenge, String method) {
        return query(location(driver.get(authorizeAtSandbox(redirectUri, challenge, method)))).get("code");
    }

    private static HttpResponse<String> redeem(String code, String redirectUri, String verifier) {
        return driver.send("POST", driver.sandboxUrl() + "/oauth/token", "{\"grant_type\": \"authorization_code\", "
                + "\"client_id\": \"demo-oauth-client\", \"client_secret\": \"demo-oauth-secret\", \"code\": \"" + code
                + "\", \"redirect_uri\": \"" + redirectUri + "\""
                + (verifier == null ? "" : ", \"code_verifier\": \"" + verifier + "\"") + "}");
    }

    private static JsonNode tokenRequest(int index) {
        assertThat(tokenRequests).hasSizeGreaterThan(index);
        return RunningService.readTree(tokenRequests.get(index).requestText());
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String error) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        JsonNode body = json(answer);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** The integration as stored (connection, sealed secrets, last update) and as the API shows it. */
    private static String snapshot(String id) {
        return stored(service.running(), id) + " " + driver.api("GET", "/api/v1/integrations/" + id, null).body();
    }

    private static String oauth1Snapshot(RunningService server) {
        return stored(server, "link");
    }

    private static String stored(RunningService in, String id) {
        return in.bean("database", Database.class).inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT connection_json, secrets_sealed, updated_at "
                    + "FROM integration WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("integration " + id).isTrue();
                    return rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3);
                }
            }
        });
    }

    /** Moves every started authorization back in time, as if the browser took that long. */
    private static void backdatePendingAuthorizations(int minutes) {
        int moved = service.bean("database", Database.class).inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE oauth_pending SET created_at = ?")) {
                ps.setObject(1, OffsetDateTime.now().minusMinutes(minutes));
                return ps.executeUpdate();
            }
        });
        assertThat(moved).isPositive();
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return RunningService.readTree(answer.body());
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String form(Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((name, value) -> pairs.add(enc(name) + "=" + enc(value)));
        return String.join("&", pairs);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer read off a raw socket: status line and headers only. */
    private record RawAnswer(int status, String head) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private static RawAnswer rawGet(String pathAndQuery, List<String> headers) throws IOException {
        return rawGet(service.running(), pathAndQuery, headers);
    }

    /** A GET written by hand: Java's HTTP client will not send a Host header of our choosing. */
    private static RawAnswer rawGet(RunningService to, String pathAndQuery, List<String> headers) throws IOException {
        URI base = URI.create(to.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n");
            headers.forEach(header -> request.append(header).append("\r\n"));
            if (pathAndQuery.startsWith("/api/v1/integrations/")) {
                // starting a flow is an admin call; the callbacks stay open and are sent without a credential
                request.append("Authorization: Bearer ").append(org.jirabridge.testsupport.Http.ADMIN_TOKEN).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while (!received.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")
                    && (read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
            String text = received.toString(StandardCharsets.ISO_8859_1);
            String head = text.contains("\r\n\r\n") ? text.substring(0, text.indexOf("\r\n\r\n")) : text;
            return new RawAnswer(Integer.parseInt(head.split(" ")[1]), head);
        }
    }
}
