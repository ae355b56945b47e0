package org.jirabridge.component.jira.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How the pacer's rate adapts to what Jira answers (no timing here: the benchmark measures throughput). */
class RequestPacerTest {

    private static RequestPacer.Signal answer(int status, Integer limit, boolean nearLimit, String reason) {
        return new RequestPacer.Signal(status, status == 429 ? 1000L : null, limit, nearLimit, reason);
    }

    private static RequestPacer.Signal ok() {
        return answer(201, null, false, null);
    }

    @Test
    void unpacedUntilJiraSaysSomethingAndA429WhileUnpacedOnlyPauses() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(ok());
        pacer.observe(answer(429, null, false, RequestPacer.BURST_REASON));
        assertThat(pacer.rate()).isInfinite();
    }

    @Test
    void anAnnouncedLimitCapsTheRateWithHeadroom() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(answer(200, 20, false, null));
        assertThat(pacer.rate()).isCloseTo(19.0, within(1e-9));
        for (int i = 0; i < 100; i++) {
            pacer.observe(answer(201, 20, false, null));
        }
        assertThat(pacer.rate()).isCloseTo(19.0, within(1e-9));
    }

    @Test
    void aLimitNoLongerAnnouncedLapses() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(answer(200, 2, false, null));
        assertThat(pacer.rate()).isCloseTo(1.9, within(1e-9));
        for (int i = 0; i < 5000; i++) {
            pacer.observe(ok());
        }
        assertThat(pacer.rate()).isInfinite();
    }

    @Test
    void aBurst429CutsTheRateAndSuccessesRaiseItBackToTheCeiling() {
        RequestPacer pacer = new RequestPacer(50);
        pacer.observe(answer(429, null, false, RequestPacer.BURST_REASON));
        assertThat(pacer.rate()).isCloseTo(35.0, within(1e-9));
        for (int i = 0; i < 100; i++) {
            pacer.observe(ok());
        }
        assertThat(pacer.rate()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void aPerIssue429LeavesTheSiteAlone() {
        RequestPacer pacer = new RequestPacer(50);
        pacer.observe(answer(429, null, false, RequestPacer.PER_ISSUE_REASON));
        assertThat(pacer.rate()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void nearLimitTrimsTheRateAndA429CutsIt() {
        RequestPacer pacer = new RequestPacer(10);
        pacer.observe(answer(200, null, true, null));
        assertThat(pacer.rate()).isCloseTo(9.0, within(1e-9));
        pacer.observe(answer(429, 10, false, RequestPacer.BURST_REASON));
        assertThat(pacer.rate()).isCloseTo(9.0 * 0.7, within(1e-9));
    }

    @Test
    void theRateNeverFallsBelowOneRequestASecond() {
        RequestPacer pacer = new RequestPacer(1.2);
        pacer.observe(answer(429, null, false, RequestPacer.BURST_REASON));
        assertThat(pacer.rate()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void several429sCloseTogetherCutTheRateOnce() {
        RequestPacer pacer = new RequestPacer(20);
        for (int i = 0; i < 5; i++) {
            pacer.observe(answer(429, null, false, RequestPacer.BURST_REASON));
        }
        assertThat(pacer.rate()).isCloseTo(14.0, within(1e-9));
    }

    @Test
    void theConfiguredMaximumWinsOverAHigherAnnouncedLimit() {
        RequestPacer pacer = new RequestPacer(5);
        pacer.observe(answer(200, 1000, false, null));
        assertThat(pacer.rate()).isCloseTo(5.0, within(1e-9));
    }
}
