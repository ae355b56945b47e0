package org.jirabridge.integration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jirabridge.observe.LogText;
import org.jirabridge.store.Json;

/**
 * Encrypts integration secrets at rest with AES-256-GCM. The key comes from {@code vault.key} (base64, e.g. from an
 * environment variable) or, for the embedded defaults, from a key file created once next to the database.
 */
public final class SecretVault {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private SecretVault(SecretKey key) {
        this.key = key;
    }

    /** Uses {@code base64Key} when given, else the key file (created on first use, readable by its owner only). */
    public static SecretVault open(String base64Key, Path keyFile) {
        try {
            if (base64Key != null && !base64Key.isBlank()) {
                LogText.secret(base64Key);
                return new SecretVault(new SecretKeySpec(Base64.getDecoder().decode(base64Key.trim()), "AES"));
            }
            if (!Files.exists(keyFile)) {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256);
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(generator.generateKey().getEncoded()));
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // not a POSIX file system: the file keeps the default permissions
                }
            }
            String fileKey = Files.readString(keyFile).trim();
            LogText.secret(fileKey);
            byte[] raw = Base64.getDecoder().decode(fileKey);
            return new SecretVault(new SecretKeySpec(raw, "AES"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the secret vault key " + keyFile, e);
        }
    }

    /** Encrypts a map of secrets into one opaque string. */
    public String seal(Map<String, String> secrets) {
        // whatever is sealed is a secret: no log line may show it
        secrets.values().forEach(LogText::secret);
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(Json.write(secrets).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal secrets", e);
        }
    }

    /** Decrypts what {@link #seal} produced; fails when the key is not the one that sealed it. */
    @SuppressWarnings("unchecked")
    public Map<String, String> open(String sealed) {
        if (sealed == null || sealed.isBlank()) {
            return Map.of();
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            Map<String, String> secrets = Json.read(new String(plain, StandardCharsets.UTF_8), Map.class);
            secrets.values().forEach(LogText::secret);
            return secrets;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open sealed secrets: wrong vault key?", e);
        }
    }

    @Override
    public String toString() {
        return "SecretVault[key=******]";
    }
}
