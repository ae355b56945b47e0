package org.jirabridge.auth;

import java.net.URI;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OAuth 1.0a signing (RFC 5849) and Connect JWTs (HS256 + qsh): the pieces the sandbox verifies independently. */
class SigningTest {

    @Test
    void signatureBaseStringIsTheOneOfRfc5849() {
        // RFC 5849 section 3.4.1.1: the example request and its base string (body parameters passed as parameters)
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oauth_consumer_key", "9djdj82h48djs9d2");
        params.put("oauth_token", "kkk9d7dh3k39sjv7");
        params.put("oauth_signature_method", "HMAC-SHA1");
        params.put("oauth_timestamp", "137131201");
        params.put("oauth_nonce", "7d8f3e4a");
        params.put("realm", "Example");
        params.put("c2", "");
        params.put("a3", "2 q");
        String base = OAuth1Signer.baseString("POST",
                URI.create("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"), params);
        assertThat(base).isEqualTo("POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26"
                + "b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D"
                + "7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3D"
                + "kkk9d7dh3k39sjv7");
    }

    @Test
    void rsaSha1HeaderVerifiesWithThePublicKeyAndChangesWithTheRequest() throws Exception {
        KeyPair keys = OAuth1Signer.generateKeyPair();
        String stored = OAuth1Signer.encodePrivateKey(keys.getPrivate());
        OAuth1Auth auth = new OAuth1Auth("bridge", OAuth1Signer.decodePrivateKey(stored), "access-1",
                java.time.Clock.systemUTC());
        URI uri = URI.create("https://jira.example.com/rest/api/2/search?jql=project%20%3D%20DEMO");
        String header = auth.authorizationHeaders("GET", uri).get("Authorization");
        Map<String, String> oauth = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(header);
        while (m.find()) {
            oauth.put(m.group(1), java.net.URLDecoder.decode(m.group(2).replace("+", "%2B"), "UTF-8"));
        }
        assertThat(oauth).containsEntry("oauth_consumer_key", "bridge").containsEntry("oauth_token", "access-1")
                .containsEntry("oauth_signature_method", "RSA-SHA1").containsEntry("oauth_version", "1.0");
        Signature verify = Signature.getInstance("SHA1withRSA");
        verify.initVerify(OAuth1Signer.publicKeyOf(OAuth1Signer.decodePrivateKey(stored)));
        verify.update(OAuth1Signer.baseString("GET", uri, oauth).getBytes("UTF-8"));
        assertThat(verify.verify(Base64.getDecoder().decode(oauth.get("oauth_signature")))).isTrue();
        verify.initVerify(keys.getPublic());
        verify.update(OAuth1Signer.baseString("POST", uri, oauth).getBytes("UTF-8"));
        assertThat(verify.verify(Base64.getDecoder().decode(oauth.get("oauth_signature")))).isFalse();
        assertThat(auth.toString()).doesNotContain("access-1");
    }

    @Test
    void connectJwtIsBoundToItsRequestSecretAndLifetime() {
        String secret = "a-shared-secret-of-at-least-32-bytes-long";
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        String token = ConnectJwt.sign("jira-bridge-acme", secret, "GET", "/rest/api/3/issue/DEMO-1",
                "fields=summary&expand=names", now);
        assertThat(ConnectJwt.verify(token, iss -> iss.equals("jira-bridge-acme") ? secret : null, "GET",
                "/rest/api/3/issue/DEMO-1", "expand=names&fields=summary", now).issuer()).isEqualTo("jira-bridge-acme");
        assertThatThrownBy(() -> ConnectJwt.verify(token, iss -> secret, "GET", "/rest/api/3/issue/DEMO-2",
                "fields=summary&expand=names", now)).hasMessageContaining("qsh");
        assertThatThrownBy(() -> ConnectJwt.verify(token, iss -> secret + "x", "GET", "/rest/api/3/issue/DEMO-1",
                "fields=summary&expand=names", now)).hasMessageContaining("signature");
        assertThatThrownBy(() -> ConnectJwt.verify(token, iss -> null, "GET", "/rest/api/3/issue/DEMO-1",
                "fields=summary&expand=names", now)).hasMessageContaining("issuer");
        assertThatThrownBy(() -> ConnectJwt.verify(token, iss -> secret, "GET", "/rest/api/3/issue/DEMO-1",
                "fields=summary&expand=names", now.plus(Duration.ofMinutes(10)))).hasMessageContaining("expired");
    }

    @Test
    void canonicalRequestSortsParametersAndDropsTheJwtOne() {
        assertThat(ConnectJwt.canonicalRequest("get", "/rest/api/3/search/", "maxResults=5&jql=project%20%3D%20A"
                + "&jwt=abc&fields=b&fields=a"))
                .isEqualTo("GET&/rest/api/3/search&fields=a,b&jql=project%20%3D%20A&maxResults=5");
        assertThat(ConnectJwt.canonicalRequest("POST", "", null)).isEqualTo("POST&/&");
    }
}
