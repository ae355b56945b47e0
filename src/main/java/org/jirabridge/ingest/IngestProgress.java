package org.jirabridge.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of the imports running in this process, per integration and project: issues read this run and the rate,
 * for the API's percent and ETA, and a log line every {@code logEvery} (not one per page).
 */
public final class IngestProgress {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProgress.class);

    /** One project's run: when it started, how many issues it stored, when it last logged. */
    private static final class Run {
        final Instant started;
        long stored;
        Instant lastLog;

        Run(Instant started) {
            this.started = started;
            this.lastLog = started;
        }
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration logEvery;

    public IngestProgress(Clock clock, Duration logEvery) {
        this.clock = clock;
        this.logEvery = logEvery;
    }

    private static String key(String integrationId, String project) {
        return integrationId + "/" + project;
    }

    public void begin(String integrationId, String project) {
        runs.put(key(integrationId, project), new Run(clock.instant()));
    }

    /** After a stored page; logs when the last line is {@code logEvery} old. {@code imported} is asked only then. */
    public void stored(String integrationId, String project, int issues, long total, LongSupplier imported) {
        Run run = runs.get(key(integrationId, project));
        if (run == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (run) {
            run.stored += issues;
            if (Duration.between(run.lastLog, now).compareTo(logEvery) < 0) {
                return;
            }
            run.lastLog = now;
        }
        long done = imported.getAsLong();
        double rate = rate(integrationId, project);
        Long eta = eta(done, total, rate);
        LOG.info("ingest {}/{}: {} of {} issues ({}%), {} issues/s this run, ETA {}", integrationId, project, done,
                total, total > 0 ? Math.round(1000.0 * done / total) / 10.0 : 100.0, Math.round(rate),
                eta == null ? "unknown" : eta + " s");
    }

    public void end(String integrationId, String project) {
        Run run = runs.remove(key(integrationId, project));
        if (run != null && run.stored > 0) {
            LOG.info("ingest {}/{}: run finished, {} issues read in {} s", integrationId, project, run.stored,
                    Duration.between(run.started, clock.instant()).toSeconds());
        }
    }

    public boolean running(String integrationId, String project) {
        return runs.containsKey(key(integrationId, project));
    }

    /** Issues per second of the running import (0 when none runs). */
    public double rate(String integrationId, String project) {
        Run run = runs.get(key(integrationId, project));
        if (run == null) {
            return 0;
        }
        double seconds = Math.max(0.001, Duration.between(run.started, clock.instant()).toMillis() / 1000.0);
        return run.stored / seconds;
    }

    /** Seconds left at this rate; 0 when done, null when it cannot be told. */
    public static Long eta(long imported, long total, double rate) {
        if (imported >= total) {
            return 0L;
        }
        return rate <= 0 ? null : Math.round((total - imported) / rate);
    }
}
