package org.jirabridge.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jirabridge.testsupport.StoreRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The outbox's claim is exclusive, and a claim whose owner died is claimed again once its lease runs out. */
class OutboxRepositoryTest {

    private Database database;
    private OutboxRepository outbox;
    private ReportRepository reports;

    @BeforeEach
    void open() {
        database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        outbox = new OutboxRepository(database);
        reports = new ReportRepository(database);
        database.inTransaction(c -> {
            StoreRows.integration(c, "i");
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    private long enqueueReport(String id) {
        return database.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            reports.insert(c, new StoredReport(id, "i", null, "bug", "NA", "t", "{}", ReportStatus.RECEIVED, null,
                    null, null, null, null, 0, null, now, now));
            return outbox.enqueue(c, id, OutboxRepository.FORWARD);
        });
    }

    private long enqueue(String reportId, String kind) {
        return database.inTransaction(c -> outbox.enqueue(c, reportId, kind));
    }

    @Test
    void aTaskIsClaimedOnceWhileItsLeaseRuns() {
        long id = enqueueReport("r1");

        List<OutboxTask> first = outbox.claim(10, Duration.ofMinutes(5));
        List<OutboxTask> second = outbox.claim(10, Duration.ofMinutes(5));

        assertThat(first).extracting(OutboxTask::id).containsExactly(id);
        assertThat(second).isEmpty();
    }

    @Test
    void aTaskWhoseClaimExpiredIsClaimedAgain() {
        long id = enqueueReport("r2");
        // a dispatcher that crashed: it claimed with a lease that has already run out
        assertThat(outbox.claim(10, Duration.ofMillis(-1))).extracting(OutboxTask::id).containsExactly(id);

        List<OutboxTask> again = outbox.claim(10, Duration.ofMinutes(5));
        assertThat(again).extracting(OutboxTask::id).containsExactly(id);
        assertThat(again.get(0).claims()).isEqualTo(2);
    }

    @Test
    void aLateClaimDoesNotTurnAForwardedReportBackToForwarding() {
        enqueueReport("r7");
        reports.markForwarding(List.of("r7"));
        assertThat(reports.find("r7").orElseThrow().status()).isEqualTo(ReportStatus.FORWARDING);
        // another worker completed it meanwhile; the late claim's mark must leave it FORWARDED
        database.inTransaction(c -> {
            reports.markForwarded(c, "r7");
            return null;
        });
        reports.markForwarding(List.of("r7"));
        assertThat(reports.find("r7").orElseThrow().status()).isEqualTo(ReportStatus.FORWARDED);
    }

    @Test
    void doneDeadAndParkedTasksAreNotClaimedAndReleasedOnesAreWhenDue() {
        long done = enqueueReport("r3");
        long dead = enqueueReport("r4");
        long parked = enqueueReport("r5");
        long later = enqueueReport("r6");
        outbox.claim(10, Duration.ofMinutes(5));
        database.inTransaction(c -> {
            outbox.complete(c, done);
            outbox.markDead(c, dead);
            outbox.park(c, parked);
            return null;
        });
        outbox.release(later, OffsetDateTime.now().plusHours(1));
        assertThat(outbox.claim(10, Duration.ofMinutes(5))).isEmpty();

        outbox.release(later, OffsetDateTime.now().minusSeconds(1));
        assertThat(outbox.claim(10, Duration.ofMinutes(5))).extracting(OutboxTask::id).containsExactly(later);
        assertThat(outbox.pending()).isEqualTo(1);
    }

    @Test
    void oneClaimTakesEveryKindAndAReportsPushesOneAtATime() {
        long forward = enqueueReport("r10");
        long otherForward = enqueueReport("r11");
        long firstPush = enqueue("r10", OutboxRepository.PRIORITY);
        long secondPush = enqueue("r10", OutboxRepository.PRIORITY);
        long otherPush = enqueue("r11", OutboxRepository.PRIORITY);

        // one claim: both forwards, the first push of each report; r10's second push waits for its first
        assertThat(outbox.claim(10, Duration.ofMinutes(5))).extracting(OutboxTask::id, OutboxTask::kind)
                .containsExactly(tuple(forward, "FORWARD"), tuple(otherForward, "FORWARD"), tuple(firstPush, "PRIORITY"),
                        tuple(otherPush, "PRIORITY"));
        assertThat(outbox.claim(10, Duration.ofMinutes(5))).isEmpty();

        database.inTransaction(c -> {
            outbox.complete(c, firstPush);
            return null;
        });
        assertThat(outbox.claim(10, Duration.ofMinutes(5))).extracting(OutboxTask::id).containsExactly(secondPush);
    }

    @Test
    void claimsAreInIdOrderAndLimitedToTheBatchSize() {
        long a = enqueueReport("r7");
        long b = enqueueReport("r8");
        enqueueReport("r9");

        assertThat(outbox.claim(2, Duration.ofMinutes(5))).extracting(OutboxTask::id).containsExactly(a, b);
    }
}
