package org.jirabridge.auth;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * OAuth 1.0a request signing with RSA-SHA1 (RFC 5849), as Jira Server/Data Center application links require, plus
 * the RSA key pair the Jira administrator registers (public key) and jira-bridge keeps (private key, in the vault).
 */
public final class OAuth1Signer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OAuth1Signer() {
    }

    /** A fresh 2048-bit RSA key pair for a new application link. */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** The private key as stored in the vault: base64 PKCS#8. */
    public static String encodePrivateKey(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey decodePrivateKey(String base64Pkcs8) {
        try {
            String body = base64Pkcs8.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CredentialsException("the stored OAuth 1.0a private key cannot be read", false);
        }
    }

    /** The public half of a stored RSA private key (PKCS#8 keys from {@link #generateKeyPair} carry it). */
    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            java.security.interfaces.RSAPrivateCrtKey rsa = (java.security.interfaces.RSAPrivateCrtKey) key;
            return KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(
                    rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("the OAuth 1.0a key pair cannot be read", e);
        }
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), which Jira's application link form takes. */
    public static String publicKeyPem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * The {@code Authorization: OAuth …} header for one request.
     *
     * @param protocolParams oauth_consumer_key, oauth_token (when there is one), oauth_callback or oauth_verifier;
     *                       timestamp, nonce, version and signature method are added here
     */
    public static String authorizationHeader(String method, URI uri, Map<String, String> protocolParams,
                                             PrivateKey key, long epochSeconds) {
        Map<String, String> oauth = new TreeMap<>(protocolParams);
        oauth.put("oauth_signature_method", "RSA-SHA1");
        oauth.put("oauth_timestamp", Long.toString(epochSeconds));
        oauth.put("oauth_nonce", HexFormat.of().formatHex(randomBytes()));
        oauth.put("oauth_version", "1.0");
        oauth.put("oauth_signature", sign(baseString(method, uri, oauth), key));
        StringBuilder header = new StringBuilder("OAuth ");
        String separator = "";
        for (Map.Entry<String, String> param : oauth.entrySet()) {
            header.append(separator).append(encode(param.getKey())).append("=\"").append(encode(param.getValue()))
                    .append('"');
            separator = ", ";
        }
        return header.toString();
    }

    /**
     * RFC 5849 section 3.4.1: method, base string URI and the normalized parameters (query plus protocol parameters,
     * without oauth_signature), each percent-encoded and joined by "&amp;".
     */
    public static String baseString(String method, URI uri, Map<String, String> protocolParams) {
        List<String[]> params = new ArrayList<>();
        String rawQuery = uri.getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.add(new String[] {encode(name), encode(value)});
            }
        }
        protocolParams.forEach((name, value) -> {
            if (!name.equals("oauth_signature") && !name.equals("realm")) {
                params.add(new String[] {encode(name), encode(value)});
            }
        });
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder normalized = new StringBuilder();
        for (String[] param : params) {
            if (normalized.length() > 0) {
                normalized.append('&');
            }
            normalized.append(param[0]).append('=').append(param[1]);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        String baseUri = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        return method.toUpperCase(Locale.ROOT) + "&" + encode(baseUri) + "&" + encode(normalized.toString());
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters, as RFC 5849 section 3.6 requires. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String sign(String baseString, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA1withRSA");
            signature.initSign(key);
            signature.update(baseString.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new CredentialsException("cannot sign the OAuth 1.0a request: " + e.getClass().getSimpleName(),
                    false);
        }
    }

    private static byte[] randomBytes() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return nonce;
    }
}
