package org.jirabridge.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Bearer JWT on dynamic-webhook deliveries to OAuth 2.0 apps: HS256 with the client secret, checked by hand. */
class OAuthWebhookTokenTest {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    // shorter than 256 bits, like the sandbox's demo client secret: JOSE libraries would refuse to use it
    private static final String SECRET = "demo-oauth-secret";

    private static String token(String algorithm, String claims, String secret) throws Exception {
        String input = URL.encodeToString(("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static String claims(Instant expires) {
        return "{\"iss\":\"https://acme.atlassian.net\",\"aud\":\"client\",\"exp\":" + expires.getEpochSecond() + "}";
    }

    @Test
    void aTokenSignedWithTheClientSecretPasses() throws Exception {
        assertThatCode(() -> OAuthWebhookToken.verify(token("HS256", claims(NOW.plusSeconds(180)), SECRET), SECRET,
                NOW)).doesNotThrowAnyException();
        // without an expiry there is nothing to check but the signature
        assertThatCode(() -> OAuthWebhookToken.verify(token("HS256", "{\"iss\":\"x\"}", SECRET), SECRET, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void aWrongSecretATamperedPayloadAnotherAlgorithmOrAnExpiredTokenFail() throws Exception {
        String good = token("HS256", claims(NOW.plusSeconds(180)), SECRET);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + URL.encodeToString(claims(NOW.plusSeconds(9999))
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> OAuthWebhookToken.verify(token("HS256", claims(NOW.plusSeconds(180)), "other"),
                SECRET, NOW)).hasMessageContaining("does not match").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> OAuthWebhookToken.verify(tampered, SECRET, NOW)).hasMessageContaining("does not match");
        assertThatThrownBy(() -> OAuthWebhookToken.verify(token("HS512", claims(NOW.plusSeconds(180)), SECRET),
                SECRET, NOW)).hasMessageContaining("HS256");
        assertThatThrownBy(() -> OAuthWebhookToken.verify(token("HS256", claims(NOW.minusSeconds(31)), SECRET),
                SECRET, NOW)).hasMessageContaining("expired");
        assertThatCode(() -> OAuthWebhookToken.verify(token("HS256", claims(NOW.minusSeconds(29)), SECRET), SECRET,
                NOW)).as("30 s of clock difference are tolerated").doesNotThrowAnyException();
        assertThatThrownBy(() -> OAuthWebhookToken.verify("not-a-jwt", SECRET, NOW)).hasMessageContaining("not a JWT");
    }
}
