package org.jirabridge.outage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraConnection;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.observe.Metrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The breaker per site: when a site counts as down, who may probe it, how the waits grow, how it comes back. */
class JiraSitesTest {

    private static final String SITE = "https://acme.example";
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final JiraSites sites = new JiraSites(id -> new JiraConnection(SITE, Deployment.CLOUD, null),
            exchange -> exchange.getMessage().getHeader("task", Long.class),
            new JiraSites.Settings(4, 100, Duration.ofMillis(1000), Duration.ofMillis(4000), Duration.ofSeconds(10)),
            new Metrics(new SimpleMeterRegistry(), Clock.systemUTC()), Clock.systemUTC());

    @Test
    void onlyFailuresWithoutAnAnswerMarkASiteDown() {
        for (int status : new int[] {429, 400, 404, 401}) {
            sites.recordOutcome("a", 1L, failure(status));
        }
        assertThat(sites.isDown("a")).isFalse();
        for (int i = 0; i < 3; i++) {
            sites.recordOutcome("a", 1L, failure(i % 2 == 0 ? 500 : 0));
        }
        // three failures after four answers: not yet all of the last four
        assertThat(sites.isDown("a")).isFalse();
        sites.recordOutcome("b", 2L, failure(503));
        assertThat(sites.isDown("a")).as("integrations of one site share its breaker").isTrue();
        assertThat(sites.stateOf(SITE)).isEqualTo(JiraSites.State.DOWN);
        assertThatThrownBy(() -> sites.beforeRequest(task(7), "a")).isInstanceOfSatisfying(JiraRestException.class,
                e -> assertThat(e.failure()).isEqualTo(JiraRestException.Failure.SITE_DOWN));
        assertThatThrownBy(() -> sites.beforeRequest(new DefaultExchange(context), "a"))
                .isInstanceOf(JiraRestException.class);
    }

    @Test
    void oneTaskAtATimeProbesWithGrowingWaitsAndItsSuccessBringsTheSiteBack() {
        for (int i = 0; i < 4; i++) {
            sites.recordOutcome("a", (long) i, failure(500));
        }
        Instant down = Instant.now();
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> sites.stateOf(SITE) == JiraSites.State.PROBING);
        Duration firstWait = Duration.between(down, Instant.now());
        assertThat(sites.wantsProbe(SITE, Duration.ofSeconds(1))).isTrue();

        assertThatCode(() -> sites.beforeRequest(task(10), "a")).doesNotThrowAnyException();
        // the probe may send every request of its attempt (a look-up, then the create); nobody else may
        assertThatCode(() -> sites.beforeRequest(task(10), "a")).doesNotThrowAnyException();
        assertThatThrownBy(() -> sites.beforeRequest(task(11), "a")).isInstanceOf(JiraRestException.class);
        assertThatThrownBy(() -> sites.beforeRequest(new DefaultExchange(context), "a"))
                .as("polls stay paused while probing").isInstanceOf(JiraRestException.class);
        assertThat(sites.wantsProbe(SITE, Duration.ofSeconds(1))).isFalse();

        sites.recordOutcome("a", 10L, failure(502));
        assertThat(sites.stateOf(SITE)).isEqualTo(JiraSites.State.DOWN);
        Instant downAgain = Instant.now();
        await().atMost(Duration.ofSeconds(6)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> sites.stateOf(SITE) == JiraSites.State.PROBING);
        // 1 s, then 2 s
        assertThat(firstWait).isLessThan(Duration.ofMillis(1700));
        assertThat(Duration.between(downAgain, Instant.now())).as("the wait doubles after a failed probe")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));

        assertThatCode(() -> sites.beforeRequest(task(11), "a")).doesNotThrowAnyException();
        sites.recordOutcome("a", 11L, null);
        assertThat(sites.stateOf(SITE)).isEqualTo(JiraSites.State.UP);
        assertThat(sites.isDown("a")).isFalse();
        assertThat(sites.takeRecovered(SITE)).isTrue();
        assertThat(sites.takeRecovered(SITE)).as("a recovery is handled once").isFalse();
        assertThatCode(() -> sites.beforeRequest(new DefaultExchange(context), "a")).doesNotThrowAnyException();
    }

    private Exchange task(long id) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("task", id);
        return exchange;
    }

    private static JiraRestException failure(int status) {
        return new JiraRestException("HTTP " + status, status == 0 ? JiraRestException.Failure.RETRYABLE
                : JiraRestException.classify(status), status, null, null, null, null, null);
    }
}
