package org.jirabridge.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The pages of one project's run on their way to the store. The reading thread hands each page over and goes on
 * reading; one writer task at a time turns pages into rows and stores them in order, and the pages that queued up
 * while it wrote are stored together, in one transaction (one commit instead of one each: the commit is the costly
 * part of a page). At most {@code limit} pages wait; beyond that the reader waits, so memory stays bounded.
 */
final class PageWriter {

    private final Executor executor;
    private final int limit;
    /** Stores pages in one transaction; false when it refused (ingestion off or paused, project switched off). */
    private final Predicate<List<IngestRows.Page>> store;
    private final Deque<Supplier<IngestRows.Page>> waiting = new ArrayDeque<>();
    private boolean active;
    private boolean refused;
    private RuntimeException failure;

    PageWriter(Executor executor, int limit, Predicate<List<IngestRows.Page>> store) {
        this.executor = executor;
        this.limit = limit;
        this.store = store;
    }

    /**
     * Hands a page over (its rows are made on the writer's thread). False when an earlier write was refused: nothing
     * more is stored this run. A failed write is passed on here.
     */
    synchronized boolean submit(Supplier<IngestRows.Page> page) {
        while (waiting.size() >= limit && failure == null && !refused) {
            waitHere();
        }
        passOnFailure();
        if (refused) {
            return false;
        }
        waiting.add(page);
        if (!active) {
            active = true;
            executor.execute(this::drain);
        }
        return true;
    }

    /** Waits until every page handed over is written; true when all were stored. A failed write is passed on. */
    synchronized boolean finish() {
        while (active) {
            waitHere();
        }
        passOnFailure();
        return !refused;
    }

    /** Waits until the writer is done, whatever the outcome (a failure being recorded already is the one that counts). */
    synchronized void settle() {
        while (active) {
            waitHere();
        }
    }

    private void drain() {
        while (true) {
            List<Supplier<IngestRows.Page>> batch;
            synchronized (this) {
                if (waiting.isEmpty() || failure != null || refused) {
                    // after a failure or a refusal the pages left are not stored; the cursor says where to resume
                    waiting.clear();
                    active = false;
                    notifyAll();
                    return;
                }
                batch = new ArrayList<>(waiting);
                waiting.clear();
                notifyAll();
            }
            try {
                List<IngestRows.Page> pages = new ArrayList<>(batch.size());
                batch.forEach(page -> pages.add(page.get()));
                boolean stored = store.test(pages);
                synchronized (this) {
                    refused = !stored;
                }
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
            }
        }
    }

    private void passOnFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    private void waitHere() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pages were being written", e);
        }
    }
}
