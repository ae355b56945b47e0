package org.jirabridge.intake;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jirabridge.store.Database;
import org.jirabridge.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent intake work shares transactions: callers waiting while a commit runs go into the next one together,
 * each returns only when its work is committed (visible to another connection), and a piece that fails is undone
 * alone, on H2 and on PostgreSQL (where an error would otherwise abort the whole transaction).
 */
class GroupCommitTest {

    private static final int CALLERS = 24;

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void callersWaitingDuringACommitShareTheNextOneAndReturnOnlyOnceCommitted(String vendor) throws Exception {
        try (Database database = open(vendor); GroupCommit<Database.TransactionWork<String>, String> group = pieces(database)) {
            Set<Integer> transactions = ConcurrentHashMap.newKeySet();
            CountDownLatch othersQueued = new CountDownLatch(1);
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS + 1);
            try {
                // the first caller's transaction stays open until every other caller waits in the queue
                Future<String> first = callers.submit(() -> group.run(c -> {
                    transactions.add(System.identityHashCode(c));
                    try {
                        othersQueued.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return insert(c, "first");
                }));
                await().atMost(Duration.ofSeconds(10)).until(() -> !transactions.isEmpty());
                List<Thread> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
                List<Future<Boolean>> others = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    String id = "caller-" + i;
                    others.add(callers.submit(() -> {
                        waiting.add(Thread.currentThread());
                        group.run(c -> {
                            transactions.add(System.identityHashCode(c));
                            return insert(c, id);
                        });
                        // returned: the row must be committed, i.e. visible from another connection
                        return exists(database, id);
                    }));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> waiting.size() == CALLERS && waiting.stream()
                        .allMatch(t -> t.getState() == Thread.State.WAITING));
                othersQueued.countDown();

                assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
                for (Future<Boolean> other : others) {
                    assertThat(other.get(30, TimeUnit.SECONDS)).isTrue();
                }
                // the first transaction, then one holding all the callers that queued meanwhile
                assertThat(transactions).hasSize(2);
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aFailingPieceIsUndoneAloneAndFailsOnlyItsCaller(String vendor) throws Exception {
        try (Database database = open(vendor); GroupCommit<Database.TransactionWork<String>, String> group = pieces(database)) {
            group.run(c -> insert(c, "taken"));
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String id = i == 3 ? "taken" : "ok-" + i;
                    results.add(callers.submit(() -> group.run(c -> insert(c, id))));
                }
                for (int i = 0; i < 8; i++) {
                    Future<String> result = results.get(i);
                    if (i == 3) {
                        assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).hasMessageContaining("taken");
                    } else {
                        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("ok-" + i);
                        assertThat(exists(database, "ok-" + i)).isTrue();
                    }
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    /** A group whose items are the test's own pieces of work, run in order in the group's transaction. */
    private static GroupCommit<Database.TransactionWork<String>, String> pieces(Database database) {
        return new GroupCommit<>(database, 128, 1, (c, items) -> {
            List<String> results = new ArrayList<>();
            for (Database.TransactionWork<String> piece : items) {
                results.add(piece.run(c));
            }
            return results;
        });
    }

    private static Database open(String vendor) {
        Database database = vendor.equals("h2")
                ? new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4)
                : new Database(postgres.newDatabase(), "postgres", "", 4);
        database.inTransaction(c -> c.createStatement().execute("CREATE TABLE piece (id VARCHAR(40) PRIMARY KEY)"));
        return database;
    }

    private static String insert(java.sql.Connection c, String id) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO piece (id) VALUES (?)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new java.sql.SQLException("cannot insert " + id + ": " + e.getMessage(), e);
        }
        return id;
    }

    private static boolean exists(Database database, String id) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM piece WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        });
    }
}
