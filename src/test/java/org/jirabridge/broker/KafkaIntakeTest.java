package org.jirabridge.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Database;
import org.jirabridge.testsupport.InProcessKafka;
import org.jirabridge.testsupport.PostgresServer;
import org.jirabridge.testsupport.PrometheusText;
import org.jirabridge.testsupport.ServiceExtension;
import org.jirabridge.testsupport.ServiceNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Queue intake from Kafka: an in-process KRaft broker, the service on PostgreSQL consuming the topic with the shipped
 * camel-kafka settings (config/application.properties). The service that starts first, a child JVM, finds a backlog and
 * is SIGKILLed while storing it, before its offsets are committed; the one started in its place (in this JVM) serves
 * the tests.
 */
class KafkaIntakeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** A backlog that one poll returns whole: its offsets are committed only once all of it is stored. */
    private static final int BACKLOG = 100;

    private static final String RUN = UUID.randomUUID().toString();
    private static final String TOPIC = "reports-" + RUN;
    private static final String DEAD_LETTERS = TOPIC + ".dead-letter";
    private static final String GROUP = "jira-bridge-" + RUN;

    private static InProcessKafka kafka;
    private static PostgresServer postgres;
    private static Database database;
    /** The sandbox in this JVM; the first service a child JVM (killed), the second one in this JVM. */
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.childProcesses("cloud").sandboxInThisJvm();
    /** Reports of the backlog stored, and the offset committed, when the first service was killed. */
    private static long storedAtKill;
    private static long committedAtKill;

    @BeforeAll
    static void startAfterACrash() throws Exception {
        // the two servers start side by side
        CompletableFuture<PostgresServer> startingPostgres = CompletableFuture.supplyAsync(PostgresServer::start);
        try {
            kafka = service.own(InProcessKafka.start());
        } finally {
            // owned by the extension, also when Kafka did not start
            postgres = service.own(startingPostgres.join());
        }
        kafka.createTopics(1, TOPIC, DEAD_LETTERS);
        String jdbcUrl = postgres.newDatabase();
        database = service.own(new Database(jdbcUrl, "postgres", "", 2));
        Map<String, String> settings = Map.of("store.jdbc-url", jdbcUrl, "store.user", "postgres",
                "camel.component.kafka.brokers", kafka.bootstrap(),
                "camel.component.kafka.group-id", GROUP,
                // a killed consumer's partition passes to the next one within seconds (Kafka's default: 45 s)
                "intake.queue-uri", "kafka:" + TOPIC + "?sessionTimeoutMs=3000&heartbeatIntervalMs=1000",
                "intake.dead-letter-uri", "kafka:" + DEAD_LETTERS);

        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < BACKLOG; i++) {
                // no externalId: only the record's delivery id keeps its redelivery from making a second report
                producer.send(new ProducerRecord<>(TOPIC, "{\"title\": \"Backlog " + RUN + " " + i + "\"}"));
            }
        }
        ServiceNode first = service.startNode("kafka-intake-first", settings);
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> backlogStored() >= 5);
        service.kill(first);
        storedAtKill = backlogStored();
        committedAtKill = committedOffset();
        // the service in its place runs in this JVM, on the same database, sandbox and consumer group
        Map<String, String> second = new HashMap<>(settings);
        second.put("sandbox.enabled", "false");
        second.put("demo.jira-url", "http://localhost:" + service.sandboxPort());
        service.start("cloud", second);
    }

    @Test
    void aConsumerKilledBeforeItsCommitLosesNothingAndStoresNothingTwice() {
        // the kill fell between the store and the commit: these records are read again by the second service
        assertThat(storedAtKill).as("backlog reports stored by the killed service").isLessThan(BACKLOG)
                .isGreaterThan(committedAtKill);

        await().atMost(DEADLINE).until(() -> backlogStored() >= BACKLOG);
        assertThat(count("SELECT COUNT(DISTINCT title) FROM report WHERE title LIKE ?", "Backlog " + RUN + " %"))
                .isEqualTo(BACKLOG);
        await().atMost(DEADLINE).until(() -> committedOffset() == BACKLOG);
        assertThat(backlogStored()).isEqualTo(BACKLOG);
    }

    @Test
    void aPublishedReportBecomesOneReportAndIsForwarded() throws IOException {
        String title = "From Kafka " + UUID.randomUUID();

        assertThat(publish("{\"title\": \"" + title + "\", \"type\": \"crash\"}")).isZero();

        await().atMost(DEADLINE).until(() -> count("SELECT COUNT(*) FROM report WHERE title = ? AND status = "
                + "'FORWARDED'", title) == 1);
        assertThat(count("SELECT COUNT(*) FROM report WHERE title = ?", title)).isEqualTo(1);
    }

    @Test
    void aPoisonedRecordLandsInTheDeadLetterTopicUnchangedWithItsReasonAndIsCounted() throws Exception {
        String body = "{\"title\": 7, \"note\": \"" + UUID.randomUUID() + "\"}";
        String key = "key-" + UUID.randomUUID();
        double before = rejectedCount();

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(TOPIC, key, body)).get();
        }

        ConsumerRecord<String, String> dead = deadLetterWithKey(key);
        assertThat(dead.value()).isEqualTo(body);
        Header reason = dead.headers().lastHeader(BridgeHeaders.REJECT_REASON);
        assertThat(reason).as("the reason header").isNotNull();
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("title").contains("note");
        await().atMost(DEADLINE).until(() -> rejectedCount() == before + 1);
        assertThat(count("SELECT COUNT(*) FROM report WHERE payload_json LIKE ?", "%" + body.substring(30, 60) + "%"))
                .isZero();
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap(), "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** Publishes with the jar's publish command; returns its exit code. */
    private static int publish(String json) throws IOException {
        Path file = Files.createTempFile("report", ".json");
        try {
            Files.writeString(file, json);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = PublishCommand.run(new String[] {"--url", "kafka://" + kafka.bootstrap(), "--queue", TOPIC,
                    file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            return code;
        } finally {
            Files.delete(file);
        }
    }

    /** Reads the dead-letter topic from its start until the record with this key (no consumer group). */
    private static ConsumerRecord<String, String> deadLetterWithKey(String key) {
        TopicPartition partition = new TopicPartition(DEAD_LETTERS, 0);
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrap()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " in " + DEAD_LETTERS + " within " + DEADLINE);
    }

    private static long backlogStored() {
        return count("SELECT COUNT(*) FROM report WHERE title LIKE ?", "Backlog " + RUN + " %");
    }

    /** The next offset the group will read from the topic's one partition (0: nothing committed yet). */
    private static long committedOffset() {
        OffsetAndMetadata committed = kafka.committedOffsets(GROUP).get(new TopicPartition(TOPIC, 0));
        return committed == null ? 0 : committed.offset();
    }

    private static double rejectedCount() {
        return PrometheusText.parse(service.get("/observe/metrics").body()).counter("jirabridge_queue_rejected_total", Map.of());
    }

    private static long count(String sql, String parameter) {
        return database.inTransaction(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setString(1, parameter);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
