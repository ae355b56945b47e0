package org.jirabridge.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jirabridge.testsupport.PostgresServer;
import org.jirabridge.testsupport.StoreRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several nodes claim from one outbox on a real PostgreSQL (and on H2, the same SQL): every task is claimed by exactly
 * one of them, and a node skips rows another is claiming instead of waiting for them.
 */
class OutboxClaimAcrossNodesTest {

    private static final int TASKS = 300;
    private static final int NODES = 3;

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void threeNodesOnPostgresClaimEveryTaskExactlyOnce() throws Exception {
        everyTaskClaimedOnce(postgres.newDatabase(), "postgres");
    }

    @Test
    void threeNodesOnH2ClaimEveryTaskExactlyOnce() throws Exception {
        everyTaskClaimedOnce("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
    }

    @Test
    void aNodeSkipsRowsAnotherIsClaimingRatherThanWaiting() throws Exception {
        String url = postgres.newDatabase();
        try (Database one = new Database(url, "postgres", "", 2); Database other = new Database(url, "postgres", "", 2)) {
            List<Long> ids = enqueue(one, 4);
            OutboxRepository otherOutbox = new OutboxRepository(other);
            // node one holds the first two rows locked in an open claim transaction
            List<Long> seenByOther = one.inTransaction(c -> {
                try (PreparedStatement lock = c.prepareStatement("SELECT id FROM outbox WHERE id IN (?, ?)"
                        + OutboxRepository.SKIP_CLAIMED_BY_OTHERS)) {
                    lock.setLong(1, ids.get(0));
                    lock.setLong(2, ids.get(1));
                    lock.executeQuery().close();
                }
                // without SKIP LOCKED this claim would wait for node one's transaction, i.e. forever here
                return otherOutbox.claim(10, Duration.ofMinutes(5)).stream().map(OutboxTask::id).toList();
            });
            assertThat(seenByOther).containsExactly(ids.get(2), ids.get(3));
        }
    }

    @Test
    void onPostgresOneClaimTakesEveryKindAndAReportsPushesOneAtATime() {
        try (Database database = new Database(postgres.newDatabase(), "postgres", "", 2)) {
            long forward = enqueue(database, 1).get(0);
            OutboxRepository outbox = new OutboxRepository(database);
            String reportId = database.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT report_id FROM outbox WHERE id = ?")) {
                    ps.setLong(1, forward);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            List<Long> pushes = database.inTransaction(c -> List.of(
                    outbox.enqueue(c, reportId, OutboxRepository.PRIORITY),
                    outbox.enqueue(c, reportId, OutboxRepository.PRIORITY)));

            assertThat(outbox.claim(10, Duration.ofMinutes(5))).extracting(OutboxTask::id)
                    .containsExactly(forward, pushes.get(0));
            // the second push waits while the first is claimed
            assertThat(outbox.claim(10, Duration.ofMinutes(5))).isEmpty();
            database.inTransaction(c -> {
                outbox.complete(c, pushes.get(0));
                return null;
            });
            assertThat(outbox.claim(10, Duration.ofMinutes(5))).extracting(OutboxTask::id)
                    .containsExactly(pushes.get(1));
        }
    }

    private static void everyTaskClaimedOnce(String url, String user) throws Exception {
        List<Database> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(new Database(url, user, "", 4));
            }
            List<Long> ids = enqueue(nodes.get(0), TASKS);
            Map<Long, Integer> claims = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(NODES * 2);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < NODES * 2; i++) {
                    OutboxRepository outbox = new OutboxRepository(nodes.get(i % NODES));
                    running.add(pool.submit(() -> {
                        List<OutboxTask> batch;
                        do {
                            batch = outbox.claim(7, Duration.ofMinutes(5));
                            batch.forEach(task -> claims.merge(task.id(), 1, Integer::sum));
                        } while (!batch.isEmpty());
                    }));
                }
                for (Future<?> each : running) {
                    each.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(claims.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(claims.values()).allMatch(count -> count == 1);
        } finally {
            nodes.forEach(Database::close);
        }
    }

    private static List<Long> enqueue(Database database, int count) {
        ReportRepository reports = new ReportRepository(database);
        OutboxRepository outbox = new OutboxRepository(database);
        return database.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            StoreRows.integration(c, "i");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                reports.insert(c, new StoredReport(id, "i", null, "bug", "NA", "t", "{}", ReportStatus.RECEIVED, null,
                        null, null, null, null, 0, null, now, now));
                ids.add(outbox.enqueue(c, id, OutboxRepository.FORWARD));
            }
            return ids;
        });
    }
}
