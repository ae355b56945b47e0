package org.jirabridge.component.jira.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.hc.core5.http.NoHttpResponseException;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.component.jira.JiraRestException.Failure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JiraErrorsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void fieldErrorsOfA400AreParsedAndNamedInTheMessage() {
        // sumoheavy/jira-ruby mock of a Server 400 on PUT issue (see jira-samples/SOURCES.md)
        JiraRestException e = error(400, "Bad Request", "application/json", null,
                sample("errors/jira-ruby__issue-10002.invalid.put.400.json"));

        assertThat(e.failure()).isEqualTo(Failure.INVALID);
        assertThat(e.getHttpResponseCode()).isEqualTo(400);
        assertThat(e.errors()).containsEntry("invalid", "Field 'invalid' is not valid for this operation.");
        assertThat(e.errorMessages()).isEmpty();
        assertThat(e.getMessage()).contains("400").contains("PUT /rest/api/2/issue/DEMO-1")
                .contains("invalid: Field 'invalid' is not valid");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void warningMessagesCountAsErrorMessages() {
        // a create against an unknown project answers through warningMessages (JupiterOne/integrations#38)
        JiraRestException e = error(400, "", "application/json", null,
                sample("errors/issue-JupiterOne-integrations-38__create-unknown-project.400.json"));

        assertThat(e.errorMessages()).containsExactly("The value 'FACILITIES' does not exist for the field 'project'.");
    }

    @Test
    void notFoundAndForbiddenAreClassified() {
        JiraRestException notFound = error(404, "Not Found", "application/json;charset=UTF-8", null,
                sample("errors/issue-jgillick-jira-changelog-8__get-issue.404.json"));
        JiraRestException forbidden = error(403, "Forbidden", "application/json", null,
                sample("errors/issue-jira-node-node-jira-client-337__forbidden.403.json"));

        assertThat(notFound.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(notFound.errorMessages()).containsExactly("Issue does not exist or you do not have permission to see it.");
        assertThat(forbidden.failure()).isEqualTo(Failure.PERMISSION);
        assertThat(forbidden.getMessage()).contains("You currently don't have access");
    }

    @Test
    void plainTextUnauthorizedIsQuotedShortly() {
        JiraRestException e = error(401, "Unauthorized", "text/plain", null,
                sample("errors/issue-tenable-integration-jira-cloud-134__cloud-basic-auth.401.txt"));

        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getMessage()).contains("Basic authentication with passwords is deprecated");
        assertThat(e.getMessage().length()).isLessThan(300);
        assertThat(e.responseBody()).startsWith("Basic authentication");
    }

    @Test
    void htmlRateLimitPageIsRetryableWithRetryAfterSecondsAndNotQuoted() {
        // Data Center's Tomcat 429 page (ahungry/org-jira#365): HTML, not JSON
        String http = sample("errors/issue-ahungry-org-jira-365__dc-ratelimit.429.http");
        String html = http.substring(http.indexOf("<!doctype"));
        JiraRestException e = error(429, "Too Many Requests", "text/html", "7", html);

        assertThat(e.failure()).isEqualTo(Failure.RETRYABLE);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.getMessage()).doesNotContain("<html").doesNotContain("Tomcat");
    }

    @Test
    void retryAfterAsHttpDateBecomesTheRemainingWait() {
        JiraRestException e = error(503, "Service Unavailable", null, "Mon, 02 Mar 2026 10:01:30 GMT", "");

        assertThat(e.failure()).isEqualTo(Failure.RETRYABLE);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void retryAfterValuesThatAreAbsentPastOrUnreadable() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("Mon, 02 Mar 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void otherStatusesAreNotRetryable() {
        assertThat(error(409, "Conflict", null, null, "").failure()).isEqualTo(Failure.OTHER);
        assertThat(error(302, "Found", null, null, "").failure()).isEqualTo(Failure.OTHER);
        assertThat(error(500, "Server Error", null, null, "").failure()).isEqualTo(Failure.RETRYABLE);
    }

    @Test
    void ioFailuresAreRetryableWithStatusZero() {
        JiraRestException dropped = JiraErrors.fromIo("POST", "/rest/api/3/issue",
                new NoHttpResponseException("localhost:8080 failed to respond"));
        JiraRestException timeout = JiraErrors.fromIo("GET", "/rest/api/3/myself", new SocketTimeoutException("Read timed out"));

        assertThat(dropped.failure()).isEqualTo(Failure.RETRYABLE);
        assertThat(dropped.getHttpResponseCode()).isZero();
        assertThat(dropped.getCause()).isInstanceOf(NoHttpResponseException.class);
        assertThat(dropped.getMessage()).contains("POST /rest/api/3/issue").contains("failed to respond");
        assertThat(timeout.isRetryable()).isTrue();
        assertThat(timeout.responseBody()).isNull();
    }

    private static JiraRestException error(int status, String reason, String contentType, String retryAfter, String body) {
        String method = status == 400 ? "PUT" : "GET";
        return JiraErrors.fromResponse(method, "/rest/api/2/issue/DEMO-1",
                new JiraResponse(status, reason, contentType, retryAfter, body), NOW);
    }

    static String sample(String name) {
        try (var in = JiraErrorsTest.class.getResourceAsStream("/jira-samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
