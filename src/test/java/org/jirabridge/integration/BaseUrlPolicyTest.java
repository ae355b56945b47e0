package org.jirabridge.integration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Jira base URLs an integration may use (SSRF protection). */
class BaseUrlPolicyTest {

    private final BaseUrlPolicy policy = BaseUrlPolicy.fromList("localhost, 127.0.0.1, jira.internal.example");

    @ParameterizedTest
    @CsvSource({
            "https://acme.atlassian.net, true",
            "https://127.0.0.1:8443, true",
            "http://localhost:8081, true",
            "http://127.0.0.1:8081, true",
            "http://jira.internal.example, true",
            "http://acme.atlassian.net, false",
            "ftp://acme.atlassian.net, false",
            "not a url, false",
            "https://169.254.169.254/latest/meta-data, false",
            "http://169.254.169.254, false",
            "https://169.254.10.1, false",
            "https://metadata.google.internal, false",
            "https://[fe80::1], false",
            "https://[fd00:ec2::254], false",
            "https://100.100.100.200, false",
            "https://0.0.0.0, false",
            "https://jira.example.com/jira, true",
            "https://jira.example.com/?, false",
            "https://jira.example.com/x?a=b, false",
            "https://jira.example.com#top, false",
            "https://user:pw@jira.example.com, false",
            "https://2130706433, false",
            "https://0x7f000001, false",
            "https://0177.0.0.1, false",
            "https://127.1, false",
            "http://[::ffff:127.0.0.1]:8081, false",
            "https://[::], false",
    })
    void decides(String url, boolean allowed) {
        assertThat(policy.problem(url).isEmpty()).as(url + " -> " + policy.problem(url)).isEqualTo(allowed);
    }
}
