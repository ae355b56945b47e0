package org.jirabridge.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Jira Cloud as a host of Atlassian Connect apps (legacy), Cloud flavour only. {@code POST /_sandbox/connect/install
 * {"descriptorUrl"}} reads the app descriptor, then calls its {@code installed} lifecycle URL with the installation
 * payload (clientKey, a fresh sharedSecret, baseUrl): unsigned on a first install, signed (HS256 JWT with qsh, issued
 * by the clientKey, with the previous shared secret) on a reinstall, as legacy Connect did; {@code "sharedSecret"}
 * in the control call fixes the new secret instead (for tests that sign calls themselves). {@code POST
 * /_sandbox/connect/uninstall {"key"}} calls {@code uninstalled} signed with the current secret and forgets the app.
 * REST requests with {@code Authorization: JWT …} are verified with the installation's shared secret: issuer = app
 * key, HS256 signature, expiry, and qsh (computed here independently of jira-bridge's own). The app acts as its app
 * user. Install and uninstall run their HTTP calls without the state's monitor.
 */
final class ConnectHost {

    private static final Duration JWT_LEEWAY = Duration.ofSeconds(30);

    private record Installation(String key, String clientKey, String sharedSecret, String appBaseUrl,
                                String installedPath, String uninstalledPath, SandboxUser appUser) {
    }

    /** A verified request: the app user and its app key, or why not (the text Jira Cloud gives). */
    record Verification(SandboxUser user, String appKey, String problem) {
        Verification(SandboxUser user, String problem) {
            this(user, null, problem);
        }
    }

    private final SandboxState state;
    private final SandboxClock clock;
    private final String baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Installation> installations = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // the key pair signed installs are signed with; the public half is served at /connect-install-keys/{kid}
    private final KeyPair installKeys;
    private final String installKid = "sandbox-install-" + randomText(6).replaceAll("[^A-Za-z0-9]", "x");

    ConnectHost(SandboxState state, SandboxClock clock, String baseUrl) {
        this.state = state;
        this.clock = clock;
        this.baseUrl = baseUrl;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.installKeys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code GET /connect-install-keys/{kid}}: the public key (PEM) lifecycle callbacks are signed with, as
     * connect-install-keys.atlassian.com serves it; 404 for any other key id.
     */
    SandboxResponse installKey(String kid) {
        if (!installKid.equals(kid)) {
            return SandboxResponse.errorMessage(404, "no such key");
        }
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(installKeys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return SandboxResponse.text(200, "text/plain", pem);
    }

    /**
     * A signed install's JWT, as Atlassian sends on lifecycle callbacks: RS256 with the key named by {@code kid},
     * issued by the clientKey, for the app's base URL (aud), bound to the request (qsh).
     */
    private String signInstall(String clientKey, String appBaseUrl, String path) {
        Instant now = clock.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientKey).audience(appBaseUrl)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(3))))
                .claim("qsh", qsh("POST", path, null)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(installKid).build(), claims);
        try {
            jwt.sign(new RSASSASigner(installKeys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    void reset() {
        synchronized (installations) {
            installations.clear();
        }
    }

    /** Installs (or reinstalls) the app whose descriptor is at {@code descriptorUrl}. */
    SandboxResponse install(JsonNode body) {
        String descriptorUrl = Json.text(body, "descriptorUrl");
        if (descriptorUrl == null) {
            throw new IllegalArgumentException("descriptorUrl is required");
        }
        JsonNode descriptor = Json.parse(get(descriptorUrl).getBytes(StandardCharsets.UTF_8));
        String key = Json.text(descriptor, "key");
        String appBaseUrl = Json.text(descriptor, "baseUrl");
        String installedPath = Json.text(descriptor.path("lifecycle"), "installed");
        if (key == null || appBaseUrl == null || installedPath == null
                || !"jwt".equals(Json.text(descriptor.path("authentication"), "type"))) {
            throw new IllegalArgumentException("the descriptor needs key, baseUrl, authentication.type jwt and "
                    + "lifecycle.installed");
        }
        Installation previous;
        synchronized (installations) {
            previous = installations.get(key);
        }
        String clientKey = previous != null ? previous.clientKey() : "sandbox-" + key + "-" + randomText(6);
        // a test may fix the secret (control API) to sign calls of its own; Jira always makes a fresh one
        String sharedSecret = Json.text(body, "sharedSecret") != null ? Json.text(body, "sharedSecret") : randomText(32);
        SandboxUser appUser;
        synchronized (state) {
            appUser = state.appUser(new SandboxUser("557058:connect-" + key, null, null, key, key
                    + "@connect.atlassian.com", true, null, List.of(), List.of()));
        }
        ObjectNode payload = lifecyclePayload(key, clientKey, "installed").put("sharedSecret", sharedSecret);
        // signed install: every installed callback carries Atlassian's RS256 JWT (key fetched by kid)
        String authorization = "JWT " + signInstall(clientKey, appBaseUrl, path(appBaseUrl, installedPath));
        int status = post(appBaseUrl + installedPath, payload, authorization);
        if (status / 100 != 2) {
            return SandboxResponse.errorMessage(400, "the app answered " + status + " to its installed callback; "
                    + "the installation was not kept");
        }
        synchronized (installations) {
            installations.put(key, new Installation(key, clientKey, sharedSecret, appBaseUrl, installedPath,
                    Json.text(descriptor.path("lifecycle"), "uninstalled"), appUser));
        }
        return SandboxResponse.json(200, Json.object().put("key", key).put("clientKey", clientKey)
                .put("installedStatus", status));
    }

    SandboxResponse uninstall(JsonNode body) {
        String key = Json.text(body, "key");
        Installation installation;
        synchronized (installations) {
            installation = installations.remove(key == null ? "" : key);
        }
        if (installation == null) {
            throw new IllegalArgumentException("no app with key " + key + " is installed");
        }
        int status = 0;
        if (installation.uninstalledPath() != null) {
            status = post(installation.appBaseUrl() + installation.uninstalledPath(),
                    lifecyclePayload(installation.key(), installation.clientKey(), "uninstalled"),
                    "JWT " + sign(installation.clientKey(), installation.sharedSecret(), "POST",
                            path(installation.appBaseUrl(), installation.uninstalledPath())));
        }
        return SandboxResponse.json(200, Json.object().put("key", key).put("uninstalledStatus", status));
    }

    /** Verifies {@code Authorization: JWT …} on a REST request to this site. */
    Verification verify(SandboxRequest request, String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return new Verification(null, "Failed to parse JWT");
        }
        Installation installation;
        synchronized (installations) {
            installation = claims.getIssuer() == null ? null : installations.get(claims.getIssuer());
        }
        if (installation == null) {
            return new Verification(null, "Could not find an installed app for issuer " + claims.getIssuer());
        }
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new MACVerifier(installation.sharedSecret().getBytes(StandardCharsets.UTF_8)))) {
                return new Verification(null, "JWT signature verification failed");
            }
        } catch (JOSEException e) {
            return new Verification(null, "JWT signature verification failed");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null || clock.now().minus(JWT_LEEWAY).isAfter(expires.toInstant())) {
            return new Verification(null, "Expired JWT");
        }
        if (!qsh(request.method(), request.path(), request.rawQuery()).equals(claims.getClaim("qsh"))) {
            return new Verification(null, "Invalid JWT: the query hash does not match the request");
        }
        return new Verification(installation.appUser(), installation.key(), null);
    }

    /** The base URL of an installed app (its dynamic webhooks must use it), or null when it is not installed. */
    String appBaseUrl(String key) {
        synchronized (installations) {
            Installation installation = installations.get(key);
            return installation == null ? null : installation.appBaseUrl();
        }
    }

    /**
     * {@code JWT …} for a webhook delivery to an installed app: issued by the installation's clientKey, signed with its
     * shared secret, with the qsh of POST to the URL's path relative to the app's base URL. Null when the app is not
     * installed (any more): Jira sends nothing to an uninstalled app.
     */
    String webhookAuthorization(String key, String url) {
        Installation installation;
        synchronized (installations) {
            installation = installations.get(key);
        }
        if (installation == null) {
            return null;
        }
        URI target = URI.create(url);
        String basePath = Optional.ofNullable(URI.create(installation.appBaseUrl()).getRawPath()).orElse("");
        String fullPath = Optional.ofNullable(target.getRawPath()).orElse("/");
        String relative = fullPath.startsWith(basePath) ? fullPath.substring(basePath.length()) : fullPath;
        return "JWT " + sign(installation.clientKey(), installation.sharedSecret(), "POST", relative,
                target.getRawQuery());
    }

    private ObjectNode lifecyclePayload(String key, String clientKey, String eventType) {
        ObjectNode payload = Json.object().put("key", key).put("clientKey", clientKey).put("baseUrl", baseUrl)
                .put("displayUrl", baseUrl).put("productType", "jira").put("description", "Jira sandbox")
                .put("eventType", eventType).put("cloudId", Gateway.DEMO_CLOUD_ID);
        payload.put("serverVersion", "100282").put("pluginsVersion", "1001.0.0-SNAPSHOT");
        return payload;
    }

    private String sign(String issuer, String secret, String method, String path) {
        return sign(issuer, secret, method, path, null);
    }

    private String sign(String issuer, String secret, String method, String path, String rawQuery) {
        Instant now = clock.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(3))))
                .claim("qsh", qsh(method, path, rawQuery)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The request hash of Atlassian's "Understanding JWT": METHOD, canonical path, sorted canonical query. */
    static String qsh(String method, String path, String rawQuery) {
        String canonicalPath = path == null || path.isEmpty() ? "/" : path;
        if (canonicalPath.length() > 1 && canonicalPath.endsWith("/")) {
            canonicalPath = canonicalPath.substring(0, canonicalPath.length() - 1);
        }
        Map<String, List<String>> params = new TreeMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!name.equals("jwt")) {
                    params.computeIfAbsent(rfc3986(name), n -> new ArrayList<>()).add(rfc3986(eq < 0 ? ""
                            : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
                }
            }
        }
        List<String> query = new ArrayList<>();
        params.forEach((name, values) -> {
            values.sort(null);
            query.add(name + "=" + String.join(",", values));
        });
        String canonical = method.toUpperCase() + "&" + canonicalPath.replace("&", "%26") + "&"
                + String.join("&", query);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rfc3986(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String path(String appBaseUrl, String lifecyclePath) {
        String basePath = Optional.ofNullable(URI.create(appBaseUrl).getRawPath()).orElse("");
        String full = URI.create(appBaseUrl + lifecyclePath).getRawPath();
        return full.substring(basePath.length());
    }

    private String get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException("the descriptor URL answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the descriptor: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted");
        }
    }

    private int post(String url, JsonNode payload, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(payload)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private String randomText(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
