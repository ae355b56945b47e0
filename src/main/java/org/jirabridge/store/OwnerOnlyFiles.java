package org.jirabridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded database's directory owner-only ({@code rwx------}) and its files {@code rw-------}, where the
 * file system has POSIX permissions: the database holds sealed secrets and report contents, which no other local user
 * needs to read.
 */
public final class OwnerOnlyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

    private OwnerOnlyFiles() {
    }

    /** The database file's base path of an H2 file URL ({@code jdbc:h2:file:./data/jira-bridge;…}), if it is one. */
    public static Optional<Path> h2Base(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:h2:mem:")
                || jdbcUrl.startsWith("jdbc:h2:tcp:") || jdbcUrl.startsWith("jdbc:h2:ssl:")) {
            return Optional.empty();
        }
        String path = jdbcUrl.substring("jdbc:h2:".length()).replaceFirst("^file:", "").split(";", 2)[0];
        return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path.replaceFirst("^~", System.getProperty("user.home"))));
    }

    /** Creates the database's directory owner-only and makes its database files owner-only. */
    public static void protect(Path databaseBase) {
        Path directory = databaseBase.toAbsolutePath().getParent();
        String name = databaseBase.getFileName().toString();
        try {
            Files.createDirectories(directory);
            if (!directory.equals(Path.of("").toAbsolutePath())) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(name + ".")).toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions here: the file system's own access rules apply
        } catch (IOException e) {
            LOG.warn("could not make {} owner-only: {}", directory, e.getMessage());
        }
    }
}
