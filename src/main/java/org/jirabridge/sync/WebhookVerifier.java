package org.jirabridge.sync;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jirabridge.sync.SyncSettings.WebhookVerification;

/**
 * Decides whether a webhook call comes from the integration's Jira. Every comparison takes the same time whatever
 * the input, so timing tells an attacker nothing about the secret. Messages never contain the secret.
 */
public final class WebhookVerifier {

    /** The answer: verified, or why not (safe to show to the caller). */
    public record Verdict(boolean verified, String reason) {
        public static final Verdict OK = new Verdict(true, null);

        public static Verdict refused(String reason) {
            return new Verdict(false, reason);
        }
    }

    private WebhookVerifier() {
    }

    /**
     * @param signatureHeader the X-Hub-Signature header ("sha256=&lt;hex&gt;"), or null
     * @param urlToken        the {@code token} query parameter, or null
     * @param authorization   the Authorization header, or null
     */
    public static Verdict verify(WebhookVerification mode, String secret, byte[] rawBody, String signatureHeader,
                                 String urlToken, String authorization) {
        if (mode == WebhookVerification.JWT) {
            // an app's JWT needs the app's secrets: WebhookReceiver hands those calls to its AppWebhookVerifier
            return Verdict.refused("JWT calls are verified by the app verifier, not with a webhook secret");
        }
        if (secret == null || secret.isEmpty()) {
            return Verdict.refused("the integration has no webhook secret (sync.webhookSecret)");
        }
        if (mode == WebhookVerification.TOKEN) {
            if (urlToken == null) {
                return Verdict.refused("the webhook URL carries no token parameter");
            }
            // digests first, so the comparison does not even depend on the token's length
            return constantTimeEquals(sha256(secret.getBytes(StandardCharsets.UTF_8)),
                    sha256(urlToken.getBytes(StandardCharsets.UTF_8))) ? Verdict.OK
                    : Verdict.refused("the token does not match");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return Verdict.refused("the call has no X-Hub-Signature header");
        }
        String header = signatureHeader.strip();
        int equals = header.indexOf('=');
        if (equals < 0 || !header.substring(0, equals).toLowerCase(Locale.ROOT).equals("sha256")) {
            return Verdict.refused("X-Hub-Signature must be sha256=<hex>");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(equals + 1).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Verdict.refused("X-Hub-Signature must be sha256=<hex>");
        }
        return constantTimeEquals(hmacSha256(secret, rawBody), given) ? Verdict.OK
                : Verdict.refused("the signature does not match the body");
    }

    /**
     * What a call presented, to be verified later (a delivery kept while the integration had no secret): the
     * signature header, or the SHA-256 of the URL token, so no token is ever stored in the clear. Null when it
     * presented nothing usable.
     */
    public static String proof(WebhookVerification mode, String signatureHeader, String urlToken) {
        if (mode == WebhookVerification.TOKEN) {
            return urlToken == null ? null
                    : TOKEN_DIGEST + HexFormat.of().formatHex(sha256(urlToken.getBytes(StandardCharsets.UTF_8)));
        }
        // longer than a sha256=<64 hex> header with some whitespace: it cannot verify anyway
        return mode == WebhookVerification.SIGNATURE && signatureHeader != null && signatureHeader.length() <= 200
                ? signatureHeader : null;
    }

    /** Verifies a kept delivery against the secret set since, from its {@link #proof}. */
    public static Verdict verifyProof(WebhookVerification mode, String secret, byte[] rawBody, String proof) {
        if (mode == WebhookVerification.TOKEN && secret != null && !secret.isEmpty() && proof != null
                && proof.startsWith(TOKEN_DIGEST)) {
            byte[] given;
            try {
                given = HexFormat.of().parseHex(proof.substring(TOKEN_DIGEST.length()));
            } catch (IllegalArgumentException e) {
                return Verdict.refused("the kept token digest is unreadable");
            }
            return constantTimeEquals(sha256(secret.getBytes(StandardCharsets.UTF_8)), given) ? Verdict.OK
                    : Verdict.refused("the token does not match");
        }
        return verify(mode, secret, rawBody, mode == WebhookVerification.SIGNATURE ? proof : null, null, null);
    }

    private static final String TOKEN_DIGEST = "token-sha256:";

    /** HMAC-SHA256 of the raw body keyed with the secret, as Jira computes it. */
    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The header value Jira sends for a body: "sha256=" + lower-case hex. */
    public static String signatureHeader(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean constantTimeEquals(byte[] expected, byte[] given) {
        // MessageDigest.isEqual does not return early on the first differing byte
        return MessageDigest.isEqual(expected, given);
    }
}
