package org.jirabridge.sync;

import java.nio.charset.StandardCharsets;

import org.jirabridge.sync.SyncSettings.WebhookVerification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookVerifierTest {

    private static final byte[] BODY = "{\"webhookEvent\":\"jira:issue_updated\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureOverTheRawBodyWithTheSecretIsAccepted() {
        String header = WebhookVerifier.signatureHeader("s3cret", BODY);

        assertThat(header).matches("sha256=[0-9a-f]{64}");
        assertThat(verify(WebhookVerification.SIGNATURE, "s3cret", BODY, header, null).verified()).isTrue();
        // hex digits in either case, as some proxies rewrite them
        assertThat(verify(WebhookVerification.SIGNATURE, "s3cret", BODY, header.toUpperCase().replace("SHA256", "sha256"),
                null).verified()).isTrue();
    }

    @Test
    void aWrongSecretAChangedBodyOrAMalformedHeaderIsRefusedWithAReasonThatHidesTheSecret() {
        String header = WebhookVerifier.signatureHeader("s3cret", BODY);
        byte[] changed = "{\"webhookEvent\":\"jira:issue_deleted\"}".getBytes(StandardCharsets.UTF_8);

        WebhookVerifier.Verdict wrongSecret = verify(WebhookVerification.SIGNATURE, "other", BODY, header, null);
        assertThat(wrongSecret.verified()).isFalse();
        assertThat(wrongSecret.reason()).isEqualTo("the signature does not match the body").doesNotContain("s3cret");
        assertThat(verify(WebhookVerification.SIGNATURE, "s3cret", changed, header, null).verified()).isFalse();
        assertThat(verify(WebhookVerification.SIGNATURE, "s3cret", BODY, null, null).reason())
                .contains("no X-Hub-Signature");
        assertThat(verify(WebhookVerification.SIGNATURE, "s3cret", BODY, "sha1=abcd", null).reason())
                .contains("sha256=<hex>");
        assertThat(verify(WebhookVerification.SIGNATURE, "s3cret", BODY, "sha256=not-hex", null).verified()).isFalse();
        assertThat(verify(WebhookVerification.SIGNATURE, "s3cret", BODY, "sha256=", null).verified()).isFalse();
    }

    @Test
    void withoutASecretNothingIsVerified() {
        String header = WebhookVerifier.signatureHeader("x", BODY);

        assertThat(verify(WebhookVerification.SIGNATURE, null, BODY, header, null).reason())
                .contains("no webhook secret");
        assertThat(verify(WebhookVerification.TOKEN, "", BODY, null, "").verified()).isFalse();
    }

    @Test
    void tokenModeComparesTheUrlTokenAndIgnoresSignatures() {
        assertThat(verify(WebhookVerification.TOKEN, "t0ken", BODY, null, "t0ken").verified()).isTrue();
        assertThat(verify(WebhookVerification.TOKEN, "t0ken", BODY, null, "t0ke").verified()).isFalse();
        assertThat(verify(WebhookVerification.TOKEN, "t0ken", BODY, WebhookVerifier.signatureHeader("t0ken", BODY),
                null).reason()).contains("no token");
    }

    @Test
    void aJwtIsNeverAcceptedOnTheWebhookSecretAlone() {
        // apps' JWTs are checked with the app's secrets by the AppWebhookVerifier (ConnectWebhooksTest end to end)
        WebhookVerifier.Verdict verdict = WebhookVerifier.verify(WebhookVerification.JWT, "shared", BODY, null, null,
                "JWT eyJhbGciOiJIUzI1NiJ9.e30.x");

        assertThat(verdict.verified()).isFalse();
        assertThat(verdict.reason()).contains("app verifier");
    }

    @Test
    void aKeptProofVerifiesAgainstTheSecretSetLaterAndNeverHoldsTheTokenInTheClear() {
        byte[] body = "{\"webhookEvent\":\"comment_created\"}".getBytes(StandardCharsets.UTF_8);
        String signed = WebhookVerifier.proof(WebhookVerification.SIGNATURE,
                WebhookVerifier.signatureHeader("later-secret", body), null);
        String token = WebhookVerifier.proof(WebhookVerification.TOKEN, null, "url-token-1");

        assertThat(WebhookVerifier.verifyProof(WebhookVerification.SIGNATURE, "later-secret", body, signed).verified())
                .isTrue();
        assertThat(WebhookVerifier.verifyProof(WebhookVerification.SIGNATURE, "other", body, signed).verified())
                .isFalse();
        assertThat(token).doesNotContain("url-token-1");
        assertThat(WebhookVerifier.verifyProof(WebhookVerification.TOKEN, "url-token-1", body, token).verified())
                .isTrue();
        assertThat(WebhookVerifier.verifyProof(WebhookVerification.TOKEN, "url-token-2", body, token).verified())
                .isFalse();
        assertThat(WebhookVerifier.verifyProof(WebhookVerification.TOKEN, "url-token-1", body, null).verified())
                .isFalse();
    }

    private static WebhookVerifier.Verdict verify(WebhookVerification mode, String secret, byte[] body,
                                                  String signature, String token) {
        return WebhookVerifier.verify(mode, secret, body, signature, token, null);
    }
}
