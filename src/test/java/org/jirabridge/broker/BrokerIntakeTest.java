package org.jirabridge.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.BeanDefinition;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jirabridge.intake.ReportIntake;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.testsupport.PrometheusText;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Queue intake from a real broker: the service's embedded ActiveMQ Artemis, reports published over AMQP 1.0 by the
 * jar's own publish command, consumed in transactions.
 */
class BrokerIntakeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String CRASH_MARKER = "crash-after-commit";

    private static final int brokerPort = RunningService.freePort();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("broker.embedded", "true",
                    "broker.port", String.valueOf(brokerPort),
                    "broker.data-dir", "target/broker-" + UUID.randomUUID(),
                    "intake.queue-uri", "amqp:queue:jira-bridge.reports?transacted=true&concurrentConsumers=4",
                    "intake.dead-letter-uri", "amqp:queue:jira-bridge.reports.dead-letter"));
    /** How often the intake route saw a message whose first delivery the test fails after its commit. */
    private static final AtomicInteger markedDeliveries = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        // stands in for a crash between the commit and the acknowledgement, which cannot be timed from outside: the
        // marked message's first delivery fails right after its report is committed, so the broker redelivers it
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        AdviceWith.adviceWith(service.camelContext(), "report-intake-queue", route -> route
                .weaveByType(BeanDefinition.class).after().process(exchange -> {
                    String delivery = exchange.getMessage().getHeader(BridgeHeaders.DELIVERY_ID, String.class);
                    Object stored = exchange.getMessage().getBody();
                    if (stored instanceof ReportIntake.Accepted accepted && isMarked(accepted.id())) {
                        markedDeliveries.incrementAndGet();
                        if (failedOnce.add(delivery)) {
                            throw new IllegalStateException("simulated crash after the commit");
                        }
                    }
                }));
    }

    @Test
    void publishedReportsAreStoredAndForwarded() throws IOException {
        String title = "From the broker " + UUID.randomUUID();
        int sent = publish("[{\"title\": \"" + title + " A\", \"type\": \"crash\"},"
                + " {\"title\": \"" + title + " B\", \"externalId\": \"" + UUID.randomUUID() + "\"}]");

        assertThat(sent).isZero();
        await().atMost(DEADLINE).until(() -> reportsTitled(title + "%") == 2);
        await().atMost(DEADLINE).until(() -> service.count("SELECT COUNT(*) FROM report WHERE title LIKE '"
                + title + "%' AND status = 'FORWARDED'") == 2);
    }

    @Test
    void anInvalidMessageGoesToTheDeadLetterQueueUnchangedWithItsReasonAndIsCounted() throws Exception {
        String body = "{\"title\": 7, \"note\": \"" + UUID.randomUUID() + "\"}";
        double before = rejectedCount();

        assertThat(publish(body)).isZero();

        Message dead = receiveDeadLetter();
        assertThat(dead).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) dead).getText()).isEqualTo(body);
        assertThat(dead.getStringProperty(BridgeHeaders.REJECT_REASON)).contains("title").contains("note");
        await().atMost(DEADLINE).until(() -> rejectedCount() == before + 1);
        assertThat(service.count("SELECT COUNT(*) FROM report WHERE payload_json LIKE '%" + body.substring(30, 60)
                + "%'")).isZero();
    }

    @Test
    void aMessageRedeliveredAfterItsReportWasCommittedMakesNoSecondReport() throws IOException {
        String title = CRASH_MARKER + " " + UUID.randomUUID();

        assertThat(publish("{\"title\": \"" + title + "\"}")).isZero();

        // the first delivery stored the report and then failed; the redelivery found it by the message's id
        await().atMost(DEADLINE).until(() -> markedDeliveries.get() >= 2);
        await().atMost(DEADLINE).until(() -> service.count("SELECT COUNT(*) FROM report WHERE title = '" + title
                + "' AND status = 'FORWARDED'") == 1);
        assertThat(reportsTitled(title)).isEqualTo(1);
    }

    private static boolean isMarked(String reportId) {
        return service.count("SELECT COUNT(*) FROM report WHERE id = '" + reportId + "' AND title LIKE '"
                + CRASH_MARKER + "%'") == 1;
    }

    /** Publishes with the jar's publish command; returns its exit code. */
    private static int publish(String json) throws IOException {
        Path file = Files.createTempFile("report", ".json");
        try {
            Files.writeString(file, json);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = PublishCommand.run(new String[] {"--url", "amqp://localhost:" + brokerPort, file.toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            return code;
        } finally {
            Files.delete(file);
        }
    }

    private static Message receiveDeadLetter() throws Exception {
        try (Connection connection = new JmsConnectionFactory("amqp://localhost:" + brokerPort).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(
                     session.createQueue("jira-bridge.reports.dead-letter"))) {
            connection.start();
            Message message = consumer.receive(DEADLINE.toMillis());
            assertThat(message).as("a message in the dead-letter queue").isNotNull();
            return message;
        }
    }

    private static long reportsTitled(String pattern) {
        return service.count("SELECT COUNT(*) FROM report WHERE title LIKE '" + pattern + "'");
    }

    private static double rejectedCount() {
        return PrometheusText.parse(service.get("/observe/metrics").body()).counter("jirabridge_queue_rejected_total", Map.of());
    }
}
