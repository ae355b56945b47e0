package org.jirabridge.setup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection check's verdicts, as pure functions of what Jira answered. */
class ConnectionCheckTest {

    private static Map<String, Object> have(boolean value) {
        return Map.of("havePermission", value);
    }

    @Test
    void missingRequiredPermissionsAreErrorsAndSyncOnesWarningsNamingTheFix() {
        Map<String, Object> permissions = Map.of("BROWSE_PROJECTS", have(true), "CREATE_ISSUES", have(false),
                "EDIT_ISSUES", have(false), "TRANSITION_ISSUES", have(true), "ADD_COMMENTS", have(true),
                "ASSIGN_ISSUES", have(true));
        List<ConnectionCheck.Item> items = ConnectionCheck.permissionItems(permissions, "TEAM", true);
        ConnectionCheck.Item create = items.stream().filter(i -> i.check().equals("permission CREATE_ISSUES"))
                .findFirst().orElseThrow();
        assertThat(create.status()).isEqualTo("error");
        assertThat(create.remedy()).contains("Create issues").contains("member or an administrator");
        ConnectionCheck.Item edit = items.stream().filter(i -> i.check().equals("permission EDIT_ISSUES"))
                .findFirst().orElseThrow();
        assertThat(edit.status()).isEqualTo("warning");
        assertThat(edit.message()).contains("two-way sync");
        assertThat(items).filteredOn(i -> i.check().equals("permission BROWSE_PROJECTS"))
                .extracting(ConnectionCheck.Item::status).containsExactly("ok");
        assertThat(ConnectionCheck.permissionItems(permissions, "CLASSIC", false).get(1).remedy())
                .doesNotContain("member");
    }

    @Test
    void expiryWarnsFourteenDaysAheadAndFailsAfter() {
        Instant now = Instant.parse("2026-11-23T00:00:00Z");
        assertThat(ConnectionCheck.expiry(null, now)).isNull();
        assertThat(ConnectionCheck.expiry("2027-06-01", now).status()).isEqualTo("ok");
        assertThat(ConnectionCheck.expiry("2026-12-01", now).status()).isEqualTo("warning");
        assertThat(ConnectionCheck.expiry("2026-12-01T00:00:00Z", now).message()).contains("8 days");
        assertThat(ConnectionCheck.expiry("2026-11-01", now).status()).isEqualTo("error");
        assertThat(ConnectionCheck.expiry("next week", now).status()).isEqualTo("warning");
    }

    @Test
    void versionsBefore713AreRefusedAndPatsNeed814() {
        Integration.Connection server = Integration.Connection.of("server", "https://jira.example.com",
                AuthType.BASIC, null, "admin", null, null, null, null);
        Integration.Connection pat = Integration.Connection.of("server", "https://jira.example.com", AuthType.PAT,
                null, null, null, null, null, null);
        assertThat(ConnectionCheck.version(Map.of("deploymentType", "Server", "version", "7.12.3",
                "versionNumbers", List.of(7, 12, 3)), server).get(0).status()).isEqualTo("error");
        assertThat(ConnectionCheck.version(Map.of("deploymentType", "Server", "version", "7.13.0",
                "versionNumbers", List.of(7, 13, 0)), server).get(0).status()).isEqualTo("ok");
        assertThat(ConnectionCheck.version(Map.of("deploymentType", "DataCenter", "version", "8.13.1"), pat).get(0)
                .message()).contains("8.14");
        assertThat(ConnectionCheck.version(Map.of("deploymentType", "Cloud", "version", "1001.0.0"), server).get(0)
                .status()).isEqualTo("error");
    }

    @Test
    void aDeploymentMismatchSaysSoWithTheRemedyNotThePassword() {
        Integration.Connection server = Integration.Connection.of("server", "http://localhost:8081",
                AuthType.BASIC, null, "admin", null, null, null, null);
        ConnectionCheck.Item item = ConnectionCheck.version(Map.of("deploymentType", "Cloud", "version",
                "1001.0.0"), server).get(0);

        assertThat(item.message()).contains("is Jira Cloud but the integration says server")
                .contains("credentials were not tried");
        assertThat(item.remedy()).contains("-Dsandbox.flavour=server").contains("deployment cloud");
    }

    @Test
    void anotherSpellingOfJirasBaseUrlIsAnErrorForOAuth1AndAWarningOtherwise() {
        Integration.Connection oauth1 = Integration.Connection.of("server", "http://127.0.0.1:8081/",
                AuthType.OAUTH1, null, null, null, null, "jira-bridge", null);
        Integration.Connection basic = Integration.Connection.basic("server", "http://127.0.0.1:8081",
                AuthType.BASIC, null, "admin");
        Map<String, Object> info = Map.of("baseUrl", "http://localhost:8081", "deploymentType", "Server");

        ConnectionCheck.Item signed = ConnectionCheck.baseUrl(info, oauth1);
        assertThat(signed.status()).isEqualTo("error");
        assertThat(signed.message()).contains("Jira calls itself http://localhost:8081").contains("signature_invalid");
        assertThat(signed.remedy()).startsWith("set connection.baseUrl to http://localhost:8081");
        assertThat(ConnectionCheck.baseUrl(info, basic).status()).isEqualTo("warning");
        assertThat(ConnectionCheck.baseUrl(Map.of("baseUrl", "HTTP://LOCALHOST:8081/"), Integration.Connection.basic(
                "server", "http://localhost:8081", AuthType.BASIC, null, "admin")).status()).isEqualTo("ok");
    }

    @Test
    void scopesNameWhatIsMissing() {
        assertThat(ConnectionCheck.scopeItem(List.of("read:jira-work", "write:jira-work", "read:jira-user"))
                .status()).isEqualTo("ok");
        ConnectionCheck.Item missing = ConnectionCheck.scopeItem(List.of("read:jira-work"));
        assertThat(missing.status()).isEqualTo("error");
        assertThat(missing.message()).contains("write:jira-work").contains("read:jira-user");
    }
}
