package org.jirabridge.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhook deliveries the way Jira Cloud does: asynchronously, after the change; retried when the receiver
 * answers 408, 409, 425, 429 or 5xx or cannot be reached, with the same X-Atlassian-Webhook-Identifier and an
 * X-Atlassian-Webhook-Retry count. Jira spreads its retries over up to 30 minutes; the sandbox retries 5 times
 * after 0.25, 0.5, 1, 2 and 4 seconds so tests and demos see the effect quickly.
 */
final class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final long[] RETRY_DELAYS_MS = {250, 500, 1000, 2000, 4000};
    private static final Set<Integer> RETRIED = Set.of(408, 409, 425, 429);
    private static final int LOG_SIZE = 1000;

    /** One delivery of one event to one webhook; {@code app} is the app of a dynamic webhook, null for admin ones. */
    record Delivery(String identifier, long webhookId, String event, String url, byte[] body,
                    Map<String, String> headers, AppPrincipal app) {
    }

    /** What became of a delivery, for GET /_sandbox/webhooks. */
    private static final class Outcome {
        final Delivery delivery;
        volatile int attempts;
        volatile int lastStatus;
        volatile String state = "PENDING";
        volatile Instant lastAttempt;

        Outcome(Delivery delivery) {
            this.delivery = delivery;
        }
    }

    private final ScheduledExecutorService executor;
    private final HttpClient http;
    private final Deque<Outcome> log = new ArrayDeque<>();
    private final AtomicInteger outage = new AtomicInteger();
    private volatile Consumer<Delivery> gaveUp = delivery -> { };

    WebhookDispatcher() {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "jira-sandbox-webhooks-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Told about every delivery that failed after the last retry. */
    void onGaveUp(Consumer<Delivery> listener) {
        this.gaveUp = listener;
    }

    /** The next {@code attempts} delivery attempts fail as if the receiver could not be reached (control API). */
    void failNextAttempts(int attempts) {
        outage.set(Math.max(0, attempts));
    }

    void submit(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            Outcome outcome = new Outcome(delivery);
            synchronized (log) {
                log.addLast(outcome);
                while (log.size() > LOG_SIZE) {
                    log.removeFirst();
                }
            }
            schedule(outcome, 0, 0);
        }
    }

    private void schedule(Outcome outcome, int retry, long delayMs) {
        try {
            executor.schedule(() -> attempt(outcome, retry), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            outcome.state = "DROPPED";
        }
    }

    private void attempt(Outcome outcome, int retry) {
        Delivery delivery = outcome.delivery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        if (retry > 0) {
            request.header("X-Atlassian-Webhook-Retry", String.valueOf(retry));
        }
        int status;
        try {
            // a simulated network outage: the attempt never reaches the receiver
            status = outage.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 0
                    : http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.state = "DROPPED";
            return;
        }
        outcome.attempts = retry + 1;
        outcome.lastStatus = status;
        outcome.lastAttempt = Instant.now();
        boolean retryable = status == 0 || status >= 500 || RETRIED.contains(status);
        if (!retryable) {
            outcome.state = status >= 200 && status < 300 ? "DELIVERED" : "REJECTED";
            return;
        }
        if (retry < RETRY_DELAYS_MS.length) {
            schedule(outcome, retry + 1, RETRY_DELAYS_MS[retry]);
        } else {
            outcome.state = "FAILED";
            gaveUp.accept(delivery);
            LOG.info("webhook {} delivery {} to webhook {} failed after {} attempts (last status {})",
                    delivery.event(), delivery.identifier(), delivery.webhookId(), outcome.attempts, status);
        }
    }

    /** The latest deliveries, oldest first; URLs without their query (it may hold a token). */
    ArrayNode describe() {
        ArrayNode list = Json.array();
        synchronized (log) {
            for (Outcome outcome : log) {
                Delivery delivery = outcome.delivery;
                int query = delivery.url().indexOf('?');
                ObjectNode node = list.addObject().put("identifier", delivery.identifier())
                        .put("webhookId", delivery.webhookId()).put("event", delivery.event())
                        .put("url", query < 0 ? delivery.url() : delivery.url().substring(0, query))
                        .put("state", outcome.state).put("attempts", outcome.attempts)
                        .put("lastStatus", outcome.lastStatus);
                node.put("lastAttempt", outcome.lastAttempt == null ? null : outcome.lastAttempt.toString());
            }
        }
        return list;
    }

    void clearLog() {
        synchronized (log) {
            log.clear();
        }
    }

    void stop() {
        executor.shutdownNow();
    }
}
