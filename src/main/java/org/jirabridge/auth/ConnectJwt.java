package org.jirabridge.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Atlassian Connect's JWTs: HS256 with the installation's shared secret, and a {@code qsh} claim (SHA-256 of the
 * canonical request: method, path relative to the receiver's base URL, sorted query without {@code jwt}) binding the
 * token to one request. Used both ways: on requests to Jira, and to verify Jira's lifecycle and webhook calls.
 */
public final class ConnectJwt {

    /** How long a token jira-bridge signs is valid. */
    static final Duration LIFETIME = Duration.ofMinutes(3);
    /** Clock difference tolerated on tokens received. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

    private ConnectJwt() {
    }

    /** A verified token: who sent it. */
    public record Verified(String issuer, String subject) {
    }

    /** A token that fails verification; the message says why (never the token or the secret). */
    public static final class InvalidJwtException extends RuntimeException {
        public InvalidJwtException(String message) {
            super(message);
        }
    }

    /** Signs a request: {@code path} relative to the receiver's base URL, {@code rawQuery} as sent (may be null). */
    public static String sign(String issuer, String sharedSecret, String method, String path, String rawQuery,
                              Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("qsh", qsh(method, path, rawQuery))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(sharedSecret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new CredentialsException("cannot sign the Connect JWT: " + e.getMessage(), false);
        }
        return jwt.serialize();
    }

    /**
     * Verifies a token received for this request.
     *
     * @param secretOfIssuer the shared secret of the installation named by {@code iss}, or null when unknown
     * @throws InvalidJwtException when the token is malformed, unsigned, from an unknown issuer, badly signed,
     *                             expired, or bound to another request
     */
    public static Verified verify(String token, Function<String, String> secretOfIssuer, String method, String path,
                                  String rawQuery, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidJwtException("the JWT cannot be parsed");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidJwtException("the JWT is not signed with HS256");
        }
        String issuer = claims.getIssuer();
        String secret = issuer == null ? null : secretOfIssuer.apply(issuer);
        if (secret == null) {
            throw new InvalidJwtException("the JWT issuer is not a known installation");
        }
        try {
            if (!jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))) {
                throw new InvalidJwtException("the JWT signature does not match the shared secret");
            }
        } catch (JOSEException e) {
            throw new InvalidJwtException("the JWT signature cannot be checked: " + e.getMessage());
        }
        Date expires = claims.getExpirationTime();
        if (expires == null || now.minus(LEEWAY).isAfter(expires.toInstant())) {
            throw new InvalidJwtException("the JWT has expired");
        }
        Object qsh = claims.getClaim("qsh");
        if (!(qsh instanceof String text) || !text.equals(qsh(method, path, rawQuery))) {
            throw new InvalidJwtException("the JWT qsh claim does not match this request");
        }
        return new Verified(issuer, claims.getSubject());
    }

    /**
     * Verifies a signed install's lifecycle callback (Atlassian's RS256 JWT): the key named by {@code kid} (fetched by
     * {@code publicKeyOfKid}, which answers null for a key it cannot get), the audience (the app's base URL), expiry
     * and qsh; the issuer must be the clientKey the payload names.
     */
    public static Verified verifyInstall(String token, Function<String, java.security.interfaces.RSAPublicKey> publicKeyOfKid,
                                         String audience, String clientKey, String method, String path, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidJwtException("the JWT cannot be parsed");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidJwtException("an install must be signed by Atlassian (RS256)");
        }
        String kid = jwt.getHeader().getKeyID();
        // the key id goes into the key server's URL: an id, never a path
        java.security.interfaces.RSAPublicKey key = kid == null || !kid.matches("[A-Za-z0-9._-]{1,128}") ? null
                : publicKeyOfKid.apply(kid);
        if (key == null) {
            throw new InvalidJwtException("the install JWT names no key Atlassian publishes");
        }
        try {
            if (!jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key))) {
                throw new InvalidJwtException("the install JWT's signature does not match Atlassian's key");
            }
        } catch (JOSEException e) {
            throw new InvalidJwtException("the install JWT's signature cannot be checked");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new InvalidJwtException("the install JWT is for another app (aud)");
        }
        if (clientKey == null || !clientKey.equals(claims.getIssuer())) {
            throw new InvalidJwtException("the install JWT was issued for another installation (iss)");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null || now.minus(LEEWAY).isAfter(expires.toInstant())) {
            throw new InvalidJwtException("the JWT has expired");
        }
        Object qsh = claims.getClaim("qsh");
        if (!(qsh instanceof String text) || !text.equals(qsh(method, path, null))) {
            throw new InvalidJwtException("the JWT qsh claim does not match this request");
        }
        return new Verified(claims.getIssuer(), claims.getSubject());
    }

    /** The issuer a token claims, before verification (to find the secret); null when unparseable. */
    public static String unverifiedIssuer(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return null;
        }
    }

    /** SHA-256 hex of {@link #canonicalRequest}. */
    public static String qsh(String method, String path, String rawQuery) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest(method, path, rawQuery).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code METHOD&canonical-path&canonical-query} as Atlassian's "Understanding JWT" defines it. */
    public static String canonicalRequest(String method, String path, String rawQuery) {
        String canonicalPath = path == null || path.isEmpty() ? "/" : path;
        if (canonicalPath.length() > 1 && canonicalPath.endsWith("/")) {
            canonicalPath = canonicalPath.substring(0, canonicalPath.length() - 1);
        }
        if (!canonicalPath.startsWith("/")) {
            canonicalPath = "/" + canonicalPath;
        }
        canonicalPath = canonicalPath.replace("&", "%26");
        Map<String, List<String>> params = new TreeMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!name.equals("jwt")) {
                    params.computeIfAbsent(OAuth1Signer.encode(name), n -> new ArrayList<>())
                            .add(OAuth1Signer.encode(value));
                }
            }
        }
        StringBuilder query = new StringBuilder();
        params.forEach((name, values) -> {
            values.sort(null);
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(name).append('=').append(String.join(",", values));
        });
        return method.toUpperCase(Locale.ROOT) + "&" + canonicalPath + "&" + query;
    }
}
