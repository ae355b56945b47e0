package org.jirabridge.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The pages of a run on their way to the store: in order, what queued up in one transaction, memory bounded. */
class PageWriterTest {

    /** The transactions the writer asked for, each as the cursors (page numbers) of its pages. */
    private final List<List<Long>> transactions = new ArrayList<>();

    private static IngestRows.Page page(long n) {
        return new IngestRows.Page(List.of(), List.of(), List.of(), List.of(), Instant.ofEpochSecond(n));
    }

    private boolean record(List<IngestRows.Page> pages) {
        synchronized (transactions) {
            transactions.add(pages.stream().map(p -> p.cursor().getEpochSecond()).toList());
        }
        return true;
    }

    @Test
    void pagesThatQueuedUpWhileAWriteRanAreStoredTogetherInOrder() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
        ExecutorService writers = Executors.newSingleThreadExecutor();
        try {
            PageWriter writer = new PageWriter(writers, 8, pages -> {
                if (pages.get(0).cursor().getEpochSecond() == 1) {
                    firstWriteStarted.countDown();
                    hold(firstWriteMayEnd);
                }
                return record(pages);
            });
            writer.submit(() -> page(1));
            assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (long n = 2; n <= 5; n++) {
                long page = n;
                assertThat(writer.submit(() -> page(page))).isTrue();
            }
            firstWriteMayEnd.countDown();

            assertThat(writer.finish()).isTrue();
            assertThat(transactions).containsExactly(List.of(1L), List.of(2L, 3L, 4L, 5L));
        } finally {
            firstWriteMayEnd.countDown();
            writers.shutdownNow();
        }
    }

    @Test
    void aRefusedWriteStopsTheRun() {
        AtomicInteger asked = new AtomicInteger();
        // the writer runs on the submitting thread: each page is its own transaction
        PageWriter writer = new PageWriter(Runnable::run, 4, pages -> asked.incrementAndGet() < 2);

        assertThat(writer.submit(() -> page(1))).isTrue();
        // stored and refused at once (ingestion paused meanwhile)
        assertThat(writer.submit(() -> page(2))).isTrue();

        assertThat(writer.submit(() -> page(3))).isFalse();
        assertThat(writer.finish()).isFalse();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aFailedWriteIsPassedOnToTheReaderAndNothingAfterItIsStored() {
        PageWriter writer = new PageWriter(Runnable::run, 4, pages -> {
            throw new IllegalStateException("disk full");
        });
        writer.submit(() -> page(1));

        assertThatThrownBy(() -> writer.submit(() -> page(3))).hasMessage("disk full");
        assertThatThrownBy(writer::finish).hasMessage("disk full");
    }

    @Test
    void theReaderWaitsOnceTheLimitOfPagesIsWaiting() throws Exception {
        CountDownLatch storeMayGoOn = new CountDownLatch(1);
        ExecutorService writers = Executors.newSingleThreadExecutor();
        AtomicInteger handedOver = new AtomicInteger();
        try {
            PageWriter writer = new PageWriter(writers, 4, pages -> {
                hold(storeMayGoOn);
                return record(pages);
            });
            Thread reader = new Thread(() -> {
                for (long n = 1; n <= 20; n++) {
                    long page = n;
                    writer.submit(() -> page(page));
                    handedOver.incrementAndGet();
                }
                writer.finish();
            });
            reader.start();

            // the first transaction (1 to 4 pages, as many as waited when it began) is held in the store; once 4 more
            // wait, the reader waits too
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);
            assertThat(handedOver.get()).isBetween(5, 8);
            storeMayGoOn.countDown();
            reader.join(10_000);

            assertThat(reader.isAlive()).isFalse();
            assertThat(transactions.stream().flatMap(List::stream).toList())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        } finally {
            storeMayGoOn.countDown();
            writers.shutdownNow();
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
