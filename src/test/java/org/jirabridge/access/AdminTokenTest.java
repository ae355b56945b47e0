package org.jirabridge.access;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin credential: generated once into an owner-only file, reused, or configured; compared exactly. */
class AdminTokenTest {

    @TempDir
    Path dir;

    @Test
    void aTokenIsGeneratedOnceIntoAnOwnerOnlyFileAndReusedOnLaterStarts() throws Exception {
        Path file = dir.resolve("data").resolve("admin.token");
        AdminToken first = AdminToken.open("", file);
        String token = Files.readString(file).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(first.matches(token)).isTrue();
        assertThat(first.matches(token + "x")).isFalse();
        assertThat(first.matches(token.substring(1))).isFalse();
        assertThat(first.matches(null)).isFalse();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        AdminToken second = AdminToken.open(null, file);
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(second.matches(token)).isTrue();
        // another directory, another random token
        AdminToken other = AdminToken.open("", dir.resolve("other.token"));
        assertThat(other.matches(token)).isFalse();
    }

    @Test
    void aConfiguredTokenWinsOverTheFileAndMustBeLongEnough() {
        Path file = dir.resolve("admin.token");
        AdminToken configured = AdminToken.open("  configured-token-of-some-length  ", file);
        assertThat(configured.matches("configured-token-of-some-length")).isTrue();
        assertThat(Files.exists(file)).isFalse();
        assertThatThrownBy(() -> AdminToken.open("short", file)).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> AdminToken.open("has spaces in the middle", file))
                .hasMessageContaining("security.admin-token");
    }

    @Test
    void bearerHeadersAreReadStrictly() {
        assertThat(Bearer.token("Bearer abc-DEF_1.2~3+4/5==")).isEqualTo("abc-DEF_1.2~3+4/5==");
        assertThat(Bearer.token("bearer abc")).isEqualTo("abc");
        for (String bad : new String[] {null, "", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "Bearer a=b",
                "Bearerabc", "Bearer " + "a".repeat(Bearer.MAX_TOKEN_LENGTH + 1), "Bearer ä"}) {
            assertThat(Bearer.token(bad)).as(String.valueOf(bad)).isNull();
        }
    }
}
