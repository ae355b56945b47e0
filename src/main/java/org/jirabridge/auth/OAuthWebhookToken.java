package org.jirabridge.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The token Jira Cloud puts on dynamic-webhook deliveries to OAuth 2.0 (3LO) apps: {@code Authorization: Bearer
 * <JWT>}, HS256-signed with the app's client secret (such webhooks carry no X-Hub-Signature). Verified here: HS256,
 * the signature (computed by hand, as client secrets may be shorter than the 256 bits JOSE libraries demand), and the
 * expiry when the token has one. Messages never contain the token or the secret.
 */
public final class OAuthWebhookToken {

    /** Clock difference tolerated between Jira and us. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

    private OAuthWebhookToken() {
    }

    /** @throws ConnectJwt.InvalidJwtException when the token cannot be trusted */
    public static void verify(String token, String clientSecret, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new ConnectJwt.InvalidJwtException("the bearer token is not a JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new ConnectJwt.InvalidJwtException("the JWT is not signed with HS256");
        }
        String[] parts = token.split("\\.");
        byte[] expected = hmac(clientSecret, parts[0] + "." + parts[1]);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new ConnectJwt.InvalidJwtException("the JWT signature is not base64url");
        }
        // MessageDigest.isEqual takes the same time wherever the first difference is
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ConnectJwt.InvalidJwtException("the JWT signature does not match the client secret");
        }
        Date expires = claims.getExpirationTime();
        if (expires != null && now.minus(LEEWAY).isAfter(expires.toInstant())) {
            throw new ConnectJwt.InvalidJwtException("the JWT has expired");
        }
    }

    private static byte[] hmac(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
