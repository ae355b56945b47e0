package org.jirabridge.authflow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys Atlassian signs Connect install callbacks with, fetched by key id from
 * {@code atlassian.connect-install-keys-url} (connect-install-keys.atlassian.com; the sandbox plays it) and kept.
 */
public final class ConnectInstallKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectInstallKeys.class);
    private static final int MAX_PEM_CHARS = 8192;

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, RSAPublicKey> keys = new ConcurrentHashMap<>();

    public ConnectInstallKeys(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The key with this id (checked by the caller to be an id), or null when the key server has none. */
    public RSAPublicKey key(String kid) {
        RSAPublicKey known = keys.get(kid);
        if (known != null) {
            return known;
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/" + kid))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || answer.body().length() > MAX_PEM_CHARS) {
                return null;
            }
            String base64 = answer.body().replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            keys.put(kid, key);
            return key;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.warn("Connect install key {} could not be read: {}", kid, e.getClass().getSimpleName());
            return null;
        }
    }
}
