package org.jirabridge.component.jira;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.jirabridge.auth.AuthStrategy;
import org.jirabridge.auth.AuthType;
import org.jirabridge.auth.BasicAuth;
import org.jirabridge.auth.PersonalAccessTokenAuth;
import org.jirabridge.component.jira.JiraRestException.Failure;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.RecordedExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How each kind of failure reaches the route, using the sandbox's fault injection and rate limit. */
class FailureClassificationTest extends SandboxTestSupport {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void badRequestCarriesJirasFieldErrors(Flavour flavour) {
        JiraRestException e = failure(send(uri("addIssue", flavour), "no summary",
                Map.of("ProjectKey", "DEMO", "IssueTypeName", "Bug")));

        assertThat(e.failure()).isEqualTo(Failure.INVALID);
        assertThat(e.getHttpResponseCode()).isEqualTo(400);
        assertThat(e.errors()).containsKey("summary");
        assertThat(e.getMessage()).contains("summary");
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void wrongCredentialsAreAnAuthenticationFailureThatNeverShowsTheSecret(Flavour flavour) {
        AuthStrategy wrong = flavour == Flavour.CLOUD ? new BasicAuth("demo@example.com", "wrong-secret-123")
                : new PersonalAccessTokenAuth("wrong-secret-123");
        CONNECTIONS.put("wrong", new JiraConnection(SANDBOXES.get(flavour).baseUrl(), deployment(flavour), wrong));

        JiraRestException e = failure(send("jirarest:myself?integration=wrong", null, Map.of()));

        assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(e.getHttpResponseCode()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain("wrong-secret-123");
        assertThat(String.valueOf(e.responseBody())).doesNotContain("wrong-secret-123");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aStrategyThatRefreshesAfter401IsRetriedOnce(Flavour flavour) {
        RefreshingAuth auth = new RefreshingAuth(flavour);
        CONNECTIONS.put("refreshing", new JiraConnection(SANDBOXES.get(flavour).baseUrl(), deployment(flavour), auth));

        Exchange exchange = send("jirarest:myself?integration=refreshing", null, Map.of());

        assertThat(exchange.getException()).isNull();
        assertThat(auth.refreshed).isTrue();
        assertThat(requests(flavour)).extracting(RecordedExchange::status).containsExactly(401, 200);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void unknownIssueIsNotFound(Flavour flavour) {
        JiraRestException e = failure(send(uri("fetchIssue", flavour), null, Map.of("IssueKey", "DEMO-999")));

        assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(e.errorMessages()).isNotEmpty();
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void injected503IsRetryable(Flavour flavour) {
        sandbox(flavour).fault(Map.of("path", "/rest/api/" + version(flavour) + "/myself", "method", "GET",
                "status", 503, "count", 1));

        JiraRestException e = failure(send(uri("myself", flavour), null, Map.of()));

        assertThat(e.failure()).isEqualTo(Failure.RETRYABLE);
        assertThat(e.getHttpResponseCode()).isEqualTo(503);
        // the fault was used up: the next call succeeds
        assertThat(send(uri("myself", flavour), null, Map.of()).getException()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void injected429CarriesRetryAfter(Flavour flavour) {
        sandbox(flavour).fault(Map.of("path", "/rest/api/" + version(flavour) + "/issue", "method", "POST",
                "status", 429, "count", 1));

        JiraRestException e = failure(send(uri("addIssue", flavour), "x",
                Map.of("ProjectKey", "DEMO", "IssueTypeName", "Bug", "IssueSummary", "rate limited")));

        assertThat(e.failure()).isEqualTo(Failure.RETRYABLE);
        assertThat(e.getHttpResponseCode()).isEqualTo(429);
        assertThat(e.retryAfter()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void rateLimitAnswers429WithRetryAfter(Flavour flavour) {
        sandbox(flavour).rateLimit(1);

        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            exchanges.add(send(uri("myself", flavour), null, Map.of()));
        }

        JiraRestException limited = exchanges.stream().map(Exchange::getException)
                .filter(JiraRestException.class::isInstance).map(JiraRestException.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("five requests in a row were not rate limited"));
        assertThat(limited.getHttpResponseCode()).isEqualTo(429);
        assertThat(limited.isRetryable()).isTrue();
        assertThat(limited.retryAfter()).isNotNull().isPositive();
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void droppedConnectionIsRetryableWithStatusZero(Flavour flavour) {
        sandbox(flavour).fault(Map.of("path", "/rest/api/" + version(flavour) + "/serverInfo", "drop", true, "count", 1));

        JiraRestException e = failure(send(uri("serverInfo", flavour), null, Map.of()));

        assertThat(e.failure()).isEqualTo(Failure.RETRYABLE);
        assertThat(e.getHttpResponseCode()).isZero();
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void slowAnswerTimesOutAsRetryable(Flavour flavour) {
        sandbox(flavour).fault(Map.of("path", "/rest/api/" + version(flavour) + "/myself", "delayMs", 2000, "count", 1));

        JiraRestException e = failure(send(uri("myself", flavour, "socketTimeout=300"), null, Map.of()));

        assertThat(e.failure()).isEqualTo(Failure.RETRYABLE);
        assertThat(e.getHttpResponseCode()).isZero();
        assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void deploymentIsAskedOncePerSiteWhenTheConnectionDoesNotSay(Flavour flavour) {
        CONNECTIONS.put("undeclared", connection(flavour, null));

        Exchange first = send("jirarest:myself?integration=undeclared", null, Map.of());
        Exchange second = send("jirarest:myself?integration=undeclared", null, Map.of());

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        assertThat(first.getMessage().getHeader(JiraRestConstants.DEPLOYMENT)).isEqualTo(deployment(flavour).name());
        List<String> paths = requests(flavour).stream().map(RecordedExchange::path).toList();
        // only this test leaves the deployment open, so the site's answer is not cached before it
        assertThat(paths).containsExactly("/rest/api/2/serverInfo", "/rest/api/" + version(flavour) + "/myself",
                "/rest/api/" + version(flavour) + "/myself");
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void explicitUriOptionsWorkWithoutAnIntegration(Flavour flavour) {
        String site = SANDBOXES.get(flavour).baseUrl();
        String uri = flavour == Flavour.CLOUD
                ? "jirarest:myself?jiraUrl=" + site + "&authType=BASIC&username=demo@example.com&password=RAW(demo-token)"
                : "jirarest:myself?jiraUrl=" + site + "&deployment=server&authType=PAT&accessToken=RAW(demo-pat)";

        Exchange exchange = send(uri, null, Map.of());

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.DEPLOYMENT)).isEqualTo(deployment(flavour).name());
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void legacyHeadersCanBeTurnedOff(Flavour flavour) {
        String key = createIssue(flavour, "Prefixed only");

        Exchange legacy = send(uri("fetchIssue", flavour, "legacyHeaders=false"), null, Map.of("IssueKey", key));
        Exchange prefixed = send(uri("fetchIssue", flavour, "legacyHeaders=false"), null,
                Map.of("CamelJiraIssueKey", key));

        assertThat(legacy.getException()).isInstanceOf(IllegalArgumentException.class);
        assertThat(prefixed.getException()).isNull();
    }

    private static String version(Flavour flavour) {
        return flavour == Flavour.CLOUD ? "3" : "2";
    }

    /** Sends a stale credential first; after the 401 it "refreshes" to the valid one, as OAuth strategies will. */
    private static final class RefreshingAuth implements AuthStrategy {

        private final AuthStrategy stale;
        private final AuthStrategy fresh;
        volatile boolean refreshed;

        RefreshingAuth(Flavour flavour) {
            this.stale = flavour == Flavour.CLOUD ? new BasicAuth("demo@example.com", "expired")
                    : new PersonalAccessTokenAuth("expired");
            this.fresh = flavour == Flavour.CLOUD ? new BasicAuth("demo@example.com", "demo-token")
                    : new PersonalAccessTokenAuth("demo-pat");
        }

        @Override
        public AuthType type() {
            return fresh.type();
        }

        @Override
        public Map<String, String> authorizationHeaders(String method, URI uri) {
            return (refreshed ? fresh : stale).authorizationHeaders(method, uri);
        }

        @Override
        public boolean refreshAfterUnauthorized() {
            refreshed = true;
            return true;
        }
    }
}
