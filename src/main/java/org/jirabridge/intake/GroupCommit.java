package org.jirabridge.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jirabridge.store.Database;
import org.jirabridge.store.StoreException;

/**
 * Group commit for intake: work submitted by concurrent requests is run by one committer thread in one transaction
 * and made durable by one commit, and each caller returns only after the commit that holds its work. While a commit
 * is under way the next requests gather, so the batch grows with the load and a lone request waits for nobody.
 * Each piece of work runs under its own savepoint: one that fails is undone alone and fails only its own caller.
 */
public final class GroupCommit implements AutoCloseable {

    private record Pending<T>(Database.TransactionWork<T> work, CompletableFuture<T> result) {
    }

    private final Database database;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closed;

    /** @param maxBatch most pieces of work one transaction holds */
    public GroupCommit(Database database, int maxBatch) {
        this.database = database;
        this.maxBatch = maxBatch;
        this.committer = new Thread(this::commitLoop, "intake-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** Runs {@code work} in the next group transaction and returns its result once that transaction is committed. */
    public <T> T run(Database.TransactionWork<T> work) {
        if (closed) {
            throw new StoreException(new SQLException("intake is shutting down"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Pending<>(work, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(new SQLException("interrupted while waiting for the commit", e));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException(e.getCause());
        }
    }

    private void commitLoop() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            } finally {
                batch.clear();
            }
        }
        failAll(new StoreException(new SQLException("intake is shutting down")));
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        List<RuntimeException> failures = new ArrayList<>(batch.size());
        try {
            database.inTransaction(c -> {
                for (Pending<?> pending : batch) {
                    runOne(c, pending, results, failures);
                }
                return null;
            });
        } catch (RuntimeException commitFailed) {
            // nothing of the batch is stored: every caller learns it (a 503 for HTTP, a redelivery for the queue)
            batch.forEach(pending -> pending.result().completeExceptionally(commitFailed));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i), failures.get(i));
        }
    }

    private static void runOne(Connection c, Pending<?> pending, List<Object> results,
                               List<RuntimeException> failures) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            results.add(pending.work().run(c));
            failures.add(null);
            c.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            // undo this piece alone; the others in the transaction stay
            c.rollback(savepoint);
            results.add(null);
            failures.add(e instanceof RuntimeException runtime ? runtime : new StoreException(e));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result, RuntimeException failure) {
        if (failure != null) {
            pending.result().completeExceptionally(failure);
        } else {
            pending.result().complete((T) result);
        }
    }

    private void failAll(RuntimeException reason) {
        Pending<?> pending;
        while ((pending = queue.poll()) != null) {
            pending.result().completeExceptionally(reason);
        }
    }

    /** Commits what is queued, then stops the committer; later calls fail at once. */
    @Override
    public void close() {
        closed = true;
        try {
            committer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new StoreException(new SQLException("intake is shutting down")));
    }
}
