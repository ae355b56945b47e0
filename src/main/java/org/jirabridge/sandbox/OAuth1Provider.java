package org.jirabridge.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Jira Server/Data Center's OAuth 1.0a service provider (application links), Server flavour only. Consumers are
 * registered through the control API ({@code POST /_sandbox/oauth1/consumers {"consumerKey","publicKey"}}, the PEM
 * public key an administrator pastes into the application link). The dance: {@code POST
 * /plugins/servlet/oauth/request-token}, {@code GET /plugins/servlet/oauth/authorize?oauth_token=…} (Allow / Deny
 * page, or an immediate redirect with auto-approve), {@code POST /plugins/servlet/oauth/access-token}. REST requests
 * signed with {@code Authorization: OAuth …} are verified with the consumer's public key (RSA-SHA1, RFC 5849 base
 * string built here independently of jira-bridge's signer), the timestamp (5 minutes) and nonce reuse; failures
 * answer 401 with {@code WWW-Authenticate: OAuth realm=…, oauth_problem=…} as Jira does. Called with the state's
 * monitor held.
 */
final class OAuth1Provider {

    static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(5);
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofDays(365 * 5);

    private record Consumer(String key, PublicKey publicKey) {
    }

    private record RequestToken(String consumerKey, String callback, String verifier, String userName) {
    }

    private record AccessToken(String consumerKey, String userName, Instant expiresAt) {
    }

    /** A verified request: the user, or the problem Jira would name. */
    record Verification(SandboxUser user, String problem) {
    }

    private final SandboxState state;
    private final SandboxClock clock;
    private final String baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Consumer> consumers = new LinkedHashMap<>();
    private final Map<String, RequestToken> requestTokens = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    private final Map<String, Instant> seenNonces = new HashMap<>();
    private boolean autoApprove;

    OAuth1Provider(SandboxState state, SandboxClock clock, String baseUrl) {
        this.state = state;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    void reset() {
        consumers.clear();
        requestTokens.clear();
        accessTokens.clear();
        seenNonces.clear();
    }

    void autoApprove(boolean enabled) {
        autoApprove = enabled;
    }

    /** Registers an application link's incoming authentication: consumer key + PEM public key. */
    void register(String consumerKey, String publicKeyPem) {
        if (consumerKey == null || consumerKey.isBlank()) {
            throw new IllegalArgumentException("consumerKey is required");
        }
        try {
            String body = publicKeyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(body)));
            consumers.put(consumerKey, new Consumer(consumerKey, key));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("publicKey must be an RSA public key in PEM form");
        }
    }

    // ---- the dance

    SandboxResponse requestToken(SandboxRequest request) {
        Map<String, String> oauth = protocolParams(request);
        Verification verified = verifySignature(request, oauth, false);
        if (verified.problem() != null) {
            return problem(verified.problem());
        }
        String callback = oauth.getOrDefault("oauth_callback", "oob");
        String token = newToken();
        requestTokens.put(token, new RequestToken(oauth.get("oauth_consumer_key"), callback, null, null));
        return form(Map.of("oauth_token", token, "oauth_token_secret", newToken(),
                "oauth_callback_confirmed", "true"));
    }

    SandboxResponse authorizePage(SandboxRequest request) {
        String token = Optional.ofNullable(request.param("oauth_token")).orElse("");
        RequestToken pending = requestTokens.get(token);
        if (pending == null) {
            return SandboxResponse.text(400, "text/html;charset=UTF-8",
                    "<html><body><h1>The request token is invalid or has expired.</h1></body></html>");
        }
        if (autoApprove) {
            return approve(token, pending);
        }
        return SandboxResponse.text(200, "text/html;charset=UTF-8", "<!DOCTYPE html><html><head><title>OAuth access"
                + "</title></head><body><h1>Welcome to Jira</h1><p>" + FormBody.html(pending.consumerKey())
                + " would like to read and write data on your behalf.</p>"
                + "<form method=\"post\" action=\"/plugins/servlet/oauth/authorize\">"
                + "<input type=\"hidden\" name=\"oauth_token\" value=\"" + FormBody.html(token) + "\">"
                + "<button type=\"submit\" name=\"approve\" value=\"Allow\">Allow</button>"
                + "<button type=\"submit\" name=\"deny\" value=\"Deny\">Deny</button></form></body></html>");
    }

    SandboxResponse authorizeDecision(SandboxRequest request) {
        Map<String, String> form = FormBody.decode(new String(request.body(), StandardCharsets.UTF_8));
        String token = form.getOrDefault("oauth_token", "");
        RequestToken pending = requestTokens.get(token);
        if (pending == null) {
            return SandboxResponse.text(400, "text/html;charset=UTF-8",
                    "<html><body><h1>The request token is invalid or has expired.</h1></body></html>");
        }
        if (!form.containsKey("approve")) {
            requestTokens.remove(token);
            return SandboxResponse.text(200, "text/html;charset=UTF-8",
                    "<html><body><h1>You have denied access.</h1></body></html>");
        }
        return approve(token, pending);
    }

    private SandboxResponse approve(String token, RequestToken pending) {
        String verifier = newToken();
        requestTokens.put(token, new RequestToken(pending.consumerKey(), pending.callback(), verifier,
                state.demoUser().name()));
        if (pending.callback().equals("oob")) {
            return SandboxResponse.text(200, "text/html;charset=UTF-8", "<html><body><p>Your verification code is '"
                    + verifier + "'.</p></body></html>");
        }
        String location = pending.callback() + (pending.callback().contains("?") ? "&" : "?")
                + FormBody.encode(Map.of("oauth_token", token, "oauth_verifier", verifier));
        return SandboxResponse.text(302, "text/html;charset=UTF-8", "").header("Location", location);
    }

    SandboxResponse accessToken(SandboxRequest request) {
        Map<String, String> oauth = protocolParams(request);
        Verification verified = verifySignature(request, oauth, false);
        if (verified.problem() != null) {
            return problem(verified.problem());
        }
        String token = oauth.getOrDefault("oauth_token", "");
        RequestToken pending = requestTokens.get(token);
        if (pending == null || !pending.consumerKey().equals(oauth.get("oauth_consumer_key"))) {
            return problem("token_rejected");
        }
        if (pending.verifier() == null) {
            return problem("permission_unknown");
        }
        if (!pending.verifier().equals(oauth.get("oauth_verifier"))) {
            return problem("token_rejected");
        }
        requestTokens.remove(token);
        String access = newToken();
        accessTokens.put(access, new AccessToken(pending.consumerKey(), pending.userName(),
                clock.now().plus(ACCESS_TOKEN_LIFETIME)));
        String lifetime = Long.toString(ACCESS_TOKEN_LIFETIME.toSeconds());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("oauth_token", access);
        answer.put("oauth_token_secret", newToken());
        answer.put("oauth_expires_in", lifetime);
        answer.put("oauth_session_handle", newToken());
        answer.put("oauth_authorization_expires_in", lifetime);
        return form(answer);
    }

    // ---- signed REST requests

    /** Verifies an {@code Authorization: OAuth …} REST request and finds the user of its access token. */
    Verification verify(SandboxRequest request) {
        return verifySignature(request, protocolParams(request), true);
    }

    private Verification verifySignature(SandboxRequest request, Map<String, String> oauth, boolean needsAccess) {
        Consumer consumer = consumers.get(oauth.getOrDefault("oauth_consumer_key", ""));
        if (consumer == null) {
            return new Verification(null, "consumer_key_unknown");
        }
        if (!"RSA-SHA1".equals(oauth.get("oauth_signature_method"))) {
            return new Verification(null, "signature_method_rejected");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(oauth.getOrDefault("oauth_timestamp", ""));
        } catch (NumberFormatException e) {
            return new Verification(null, "parameter_absent");
        }
        Instant now = clock.now();
        if (Duration.between(Instant.ofEpochSecond(timestamp), clock.realNow()).abs().compareTo(TIMESTAMP_WINDOW) > 0) {
            return new Verification(null, "timestamp_refused");
        }
        if (!checkSignature(request, oauth, consumer.publicKey())) {
            return new Verification(null, "signature_invalid");
        }
        String nonce = consumer.key() + "|" + oauth.getOrDefault("oauth_nonce", "");
        seenNonces.values().removeIf(seen -> seen.isBefore(now.minus(TIMESTAMP_WINDOW.multipliedBy(2))));
        if (seenNonces.putIfAbsent(nonce, now) != null) {
            return new Verification(null, "nonce_used");
        }
        if (!needsAccess) {
            return new Verification(null, null);
        }
        String token = oauth.getOrDefault("oauth_token", "");
        AccessToken access = accessTokens.get(token);
        if (access == null || !access.consumerKey().equals(consumer.key()) || state.isRevoked(token)) {
            return new Verification(null, "token_rejected");
        }
        if (!now.isBefore(access.expiresAt())) {
            return new Verification(null, "token_expired");
        }
        return state.userByLogin(access.userName()).filter(SandboxUser::active)
                .map(user -> new Verification(user, null))
                .orElse(new Verification(null, "token_rejected"));
    }

    private boolean checkSignature(SandboxRequest request, Map<String, String> oauth, PublicKey key) {
        String signature = oauth.get("oauth_signature");
        if (signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA1withRSA");
            verifier.initVerify(key);
            verifier.update(baseString(request, oauth).getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 5849 3.4.1, from the request as received on this sandbox's base URL. */
    private String baseString(SandboxRequest request, Map<String, String> oauth) {
        List<String> pairs = new ArrayList<>();
        String rawQuery = request.rawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                pairs.add(percent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8))
                        + "=" + percent(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
            }
        }
        oauth.forEach((name, value) -> {
            if (!name.equals("oauth_signature") && !name.equals("realm")) {
                pairs.add(percent(name) + "=" + percent(value));
            }
        });
        pairs.sort(null);
        return request.method() + "&" + percent(baseUrl.toLowerCase(Locale.ROOT) + request.path()) + "&"
                + percent(String.join("&", pairs));
    }

    private static Map<String, String> protocolParams(SandboxRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        String header = Optional.ofNullable(request.header("Authorization")).orElse("");
        if (!header.regionMatches(true, 0, "OAuth ", 0, 6)) {
            return params;
        }
        for (String part : header.substring(6).split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = item.substring(eq + 1).trim();
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(URLDecoder.decode(item.substring(0, eq).trim(), StandardCharsets.UTF_8),
                    URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Jira's answer to a refused OAuth request. */
    SandboxResponse problem(String problem) {
        return SandboxResponse.text(401, "text/plain;charset=UTF-8", "oauth_problem=" + problem)
                .header("WWW-Authenticate", "OAuth realm=\"" + baseUrl + "\", oauth_problem=\"" + problem + "\"");
    }

    private static SandboxResponse form(Map<String, String> params) {
        return SandboxResponse.text(200, "text/plain;charset=UTF-8", FormBody.encode(params));
    }

    private static String percent(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_'
                    || c == '~';
            out.append(unreserved ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    private String newToken() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
