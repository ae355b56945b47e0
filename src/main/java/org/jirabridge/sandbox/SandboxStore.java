package org.jirabridge.sandbox;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the sandbox's state in a data dir across restarts: {@code snapshot.jsonl} (the whole state, one JSON record
 * per line: a meta record, a counters record, then one per issue) plus {@code journal.jsonl}, to which every change
 * made through the REST or control API appends the records it touched (the meta and the counters record each when it
 * changed, each touched issue whole, a tombstone per deleted issue) before its answer is sent. Loading replays the
 * snapshot and then the journal; the journal is folded into a new snapshot at start, after a reset or a large seed,
 * and when it outgrows the snapshot. A change costs the size of the issues it touched, not of the state, so 50,000
 * issues stay fast.
 *
 * <p>Ids and issue numbers never go back in a data dir, not even across resets ({@link SandboxState#monotonic}).
 * Not kept: apps' dynamic webhooks, OAuth clients, grants and tokens, Connect installations and app users (they live
 * and die with the apps' registrations, which are not kept either), failed deliveries and the delivery log, faults,
 * rate limits, request stats and the clock offset (test instruments, not Jira's state). Guarded by the state's
 * monitor. Records are flushed to the OS, not fsynced: a crashed process loses nothing, a crashed machine may lose
 * the last changes.
 */
final class SandboxStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxStore.class);
    /** Beyond this many issues touched at once (a bulk seed), a snapshot is cheaper than journal records. */
    private static final int SNAPSHOT_ABOVE_TOUCHED = 2_000;
    private static final long MIN_COMPACT_BYTES = 64L * 1024 * 1024;

    private final Path snapshot;
    private final Path journal;
    private Writer journalOut;
    private long journalBytes;
    private long snapshotBytes;
    private String lastMeta = "";
    private String lastCounters = "";

    private SandboxStore(Path dir) {
        this.snapshot = dir.resolve("snapshot.jsonl");
        this.journal = dir.resolve("journal.jsonl");
    }

    /** Opens (or creates) the data dir and loads its state into {@code state}, which must be freshly seeded. */
    static SandboxStore open(Path dir, SandboxState state) {
        SandboxStore store = new SandboxStore(dir);
        try {
            Files.createDirectories(dir);
            state.monotonic(true);
            long started = System.nanoTime();
            int records = store.replay(store.snapshot, state) + store.replay(store.journal, state);
            store.compact(state);
            LOG.info("Jira sandbox state loaded from {}: {} records, {} issues in {} ms", dir, records, state.issues().size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("Jira sandbox cannot use its data dir " + dir, e);
        }
        return store;
    }

    private int replay(Path file, SandboxState state) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    // a line cut short by a crash: everything before it is intact
                    LOG.warn("Jira sandbox skips an unreadable record in {}: {}", file, e.getMessage());
                    continue;
                }
                apply(record, state);
                count++;
            }
        }
        return count;
    }

    private static void apply(JsonNode record, SandboxState state) {
        switch (record.path("t").asText()) {
            case "meta" -> StateCodec.applyMeta(record, state);
            case "counters" -> StateCodec.applyCounters(record, state);
            case "issue" -> {
                SandboxIssue issue = StateCodec.readIssue(record, state);
                if (issue != null) {
                    state.restoreIssue(issue);
                }
            }
            case "deleted" -> state.forgetIssue(record.path("id").asLong());
            default -> LOG.warn("Jira sandbox skips a record of unknown type {}", record.path("t").asText());
        }
    }

    /** Call before a change: from now the state records which issues it touches. */
    void begin(SandboxState state) {
        state.trackTouches();
    }

    /** Call after a change, before its answer is sent: journals what it touched. */
    void commit(SandboxState state) {
        Set<SandboxIssue> touched = state.takeTouched();
        try {
            if (touched.size() > SNAPSHOT_ABOVE_TOUCHED) {
                compact(state);
                return;
            }
            String meta = Json.MAPPER.writeValueAsString(StateCodec.meta(state));
            if (!meta.equals(lastMeta)) {
                append(meta);
                lastMeta = meta;
            }
            String counters = Json.MAPPER.writeValueAsString(StateCodec.counters(state));
            if (!counters.equals(lastCounters)) {
                append(counters);
                lastCounters = counters;
            }
            for (SandboxIssue issue : touched) {
                append(Json.MAPPER.writeValueAsString(state.holds(issue) ? StateCodec.issue(issue) : StateCodec.deleted(issue.id)));
            }
            journalOut.flush();
            if (journalBytes > Math.max(MIN_COMPACT_BYTES, snapshotBytes)) {
                compact(state);
            }
        } catch (IOException e) {
            // the change stands in memory; the next snapshot (reset, start, compaction) writes it
            LOG.error("Jira sandbox could not journal a change to {}: {}", journal, e.toString());
        }
    }

    private void append(String record) throws IOException {
        journalOut.write(record);
        journalOut.write('\n');
        journalBytes += record.length() + 1L;
    }

    /** Writes the whole state as a new snapshot (atomically) and starts an empty journal. */
    void compact(SandboxState state) throws IOException {
        state.takeTouched();
        if (journalOut != null) {
            journalOut.close();
        }
        Path temporary = snapshot.resolveSibling("snapshot.jsonl.tmp");
        long bytes = 0;
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            String meta = Json.MAPPER.writeValueAsString(StateCodec.meta(state));
            out.write(meta);
            out.write('\n');
            lastMeta = meta;
            bytes += meta.length();
            String counters = Json.MAPPER.writeValueAsString(StateCodec.counters(state));
            out.write(counters);
            out.write('\n');
            lastCounters = counters;
            bytes += counters.length();
            for (SandboxIssue issue : state.issues()) {
                String record = Json.MAPPER.writeValueAsString(StateCodec.issue(issue));
                out.write(record);
                out.write('\n');
                bytes += record.length();
            }
        }
        Files.move(temporary, snapshot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        snapshotBytes = bytes;
        journalOut = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        journalBytes = 0;
    }

    /** After a reset: the fresh state (with its continued counters) becomes the snapshot. */
    void afterReset(SandboxState state) {
        try {
            compact(state);
        } catch (IOException e) {
            LOG.error("Jira sandbox could not write its state after a reset to {}: {}", snapshot, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            if (journalOut != null) {
                journalOut.close();
            }
        } catch (IOException e) {
            LOG.warn("Jira sandbox could not close its journal {}: {}", journal, e.toString());
        }
    }
}
