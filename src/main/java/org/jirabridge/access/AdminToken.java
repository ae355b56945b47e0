package org.jirabridge.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.jirabridge.observe.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's credential: configured ({@code security.admin-token}), or generated once into a file that later
 * starts read again. Only its hash is kept in memory for comparisons; the log names the file, never the value.
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    /** Shorter configured tokens are refused at start-up: they could be guessed. */
    static final int MIN_LENGTH = 16;

    private final byte[] hash;

    private AdminToken(String token) {
        LogText.secret(token);
        this.hash = sha256(token);
    }

    /** The configured token when not blank, else the one in {@code file}, created when missing. */
    public static AdminToken open(String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            String token = configured.strip();
            if (token.length() < MIN_LENGTH || !Bearer.isTokenSyntax(token)) {
                throw new IllegalStateException("security.admin-token must have at least " + MIN_LENGTH
                        + " characters of A-Z a-z 0-9 - . _ ~ + / =");
            }
            LOG.info("admin API: credential from security.admin-token");
            return new AdminToken(token);
        }
        try {
            String token = readOrCreate(file);
            return new AdminToken(token);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the admin token file " + file, e);
        }
    }

    /** Compares in constant time (hashes of equal length), so response times tell nothing about the token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(hash, sha256(presented));
    }

    private static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IOException("the file is empty; delete it to have a new token generated");
            }
            LOG.info("admin API: credential read from {}", file.toAbsolutePath());
            return token;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            try {
                // owner-only from the first byte on, where the file system knows POSIX permissions
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // another process started at the same moment and wrote its token: use that one
            return readOrCreate(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        LOG.info("admin API: credential generated and written to {} (send it as Authorization: Bearer <token>)",
                file.toAbsolutePath());
        return token;
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
