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
 * Group commit for intake: items submitted by concurrent callers are written by one committer in one transaction,
 * made durable by one commit, and each caller returns only after the commit that holds its item. While a commit is
 * under way the next callers gather, so the batch grows with the load and a lone caller waits for nobody.
 * <p>
 * The {@link BatchWork} writes a whole batch at once (one JDBC batch per table: a round trip each on PostgreSQL, not
 * one per item). When that fails, the batch is rolled back and written again item by item, each under its own
 * savepoint, so an item that fails is undone alone and fails only its own caller.
 * <p>
 * Several committers may run side by side, each with its own batch and connection: a server database (PostgreSQL)
 * commits them in parallel and merges their log flushes, while H2, which writes one commit at a time, is best served
 * by one.
 *
 * @param <I> what a caller submits
 * @param <O> what the caller gets back once it is committed
 */
public final class GroupCommit<I, O> implements AutoCloseable {

    /** Writes the items of one group transaction, in order, and answers one result per item. */
    @FunctionalInterface
    public interface BatchWork<I, O> {
        List<O> run(Connection c, List<I> items) throws SQLException;
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final Database database;
    private final BatchWork<I, O> work;
    private final int maxBatch;
    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param maxBatch most items one transaction holds
     * @param committers how many transactions may be under way at once (each its own thread and connection)
     */
    public GroupCommit(Database database, int maxBatch, int committers, BatchWork<I, O> work) {
        if (committers < 1) {
            throw new IllegalArgumentException("at least one committer is needed, not " + committers);
        }
        this.database = database;
        this.work = work;
        this.maxBatch = maxBatch;
        for (int i = 0; i < committers; i++) {
            Thread committer = new Thread(this::commitLoop, "intake-group-commit-" + i);
            committer.setDaemon(true);
            committer.start();
            this.committers.add(committer);
        }
    }

    /** Writes {@code item} in the next group transaction and returns its result once that transaction is committed. */
    public O run(I item) {
        if (closed) {
            throw new StoreException(new SQLException("intake is shutting down"));
        }
        CompletableFuture<O> result = new CompletableFuture<>();
        queue.add(new Pending<>(item, result));
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
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(200, TimeUnit.MILLISECONDS);
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

    private void commit(List<Pending<I, O>> batch) {
        List<I> items = batch.stream().map(Pending::item).toList();
        List<O> results;
        try {
            results = database.inTransaction(c -> work.run(c, items));
        } catch (RuntimeException failed) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(failed);
            } else {
                // rolled back whole: write the items again one by one, so only a failing one fails
                commitOneByOne(batch);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private void commitOneByOne(List<Pending<I, O>> batch) {
        List<O> results = new ArrayList<>(batch.size());
        List<RuntimeException> failures = new ArrayList<>(batch.size());
        try {
            database.inTransaction(c -> {
                for (Pending<I, O> pending : batch) {
                    writeAlone(c, pending.item(), results, failures);
                }
                return null;
            });
        } catch (RuntimeException commitFailed) {
            // nothing of the batch is stored: every caller learns it (a 503 for HTTP, a redelivery for the queue)
            batch.forEach(pending -> pending.result().completeExceptionally(commitFailed));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failures.get(i) != null) {
                batch.get(i).result().completeExceptionally(failures.get(i));
            } else {
                batch.get(i).result().complete(results.get(i));
            }
        }
    }

    private void writeAlone(Connection c, I item, List<O> results, List<RuntimeException> failures)
            throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            results.add(work.run(c, List.of(item)).get(0));
            failures.add(null);
            c.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            // undo this item alone; the others in the transaction stay
            c.rollback(savepoint);
            results.add(null);
            failures.add(e instanceof RuntimeException runtime ? runtime : new StoreException(e));
        }
    }

    private void failAll(RuntimeException reason) {
        Pending<I, O> pending;
        while ((pending = queue.poll()) != null) {
            pending.result().completeExceptionally(reason);
        }
    }

    /** Commits what is queued, then stops the committers; later calls fail at once. */
    @Override
    public void close() {
        closed = true;
        try {
            for (Thread committer : committers) {
                committer.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new StoreException(new SQLException("intake is shutting down")));
    }
}
