package org.jirabridge.cluster;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jirabridge.broker.EmbeddedBroker;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Database;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.PostgresServer;
import org.jirabridge.testsupport.PrometheusText;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.SandboxDriver;
import org.jirabridge.testsupport.ServiceExtension;
import org.jirabridge.testsupport.ServiceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on one PostgreSQL behind no load balancer but the test's own round robin, reports over HTTP and from
 * one broker, a rate-limited sandbox that fails at random, and one node SIGKILLed and started again twice on the way:
 * exactly one issue per report, every report FORWARDED, the sync poll fired once per tick across the nodes, and a
 * poisoned broker message in the dead-letter queue with its reason.
 */
class ScaleOutTest {

    /**
     * Reports per channel (HTTP, broker), sent in three parts around the two crashes; bench/soak.sh runs this test
     * with 500 each, 1,000 in all. The suite's 90 keep its run time bounded: forwarding them is most of it.
     */
    private static final int PER_CHANNEL = Integer.getInteger("scaleout.per-channel", 90);
    private static final String QUEUE = "jira-bridge.reports";
    private static final String DEAD_LETTERS = "jira-bridge.reports.dead-letter";
    private static final String CREATE = "\"path\": \"/rest/api/3/issue\", \"method\": \"POST\"";
    private static final Duration POLL_TICK = Duration.ofSeconds(2);
    /** Long enough that a cluster polling three times per tick could not pass for one polling once per tick. */
    private static final int POLL_WINDOW_TICKS = 8;
    private static final Duration NODE_START = Duration.ofMinutes(5);

    /** The sandbox in a child JVM; the nodes, PostgreSQL and the broker are started by the test, closed by it. */
    @RegisterExtension
    final ServiceExtension jira = ServiceExtension.childProcesses("cloud");

    @Test
    void threeNodesForwardEveryReportOnceThroughACrashAndFaults() throws Exception {
        int brokerPort = RunningService.freePort();
        PostgresServer postgres = jira.own(PostgresServer.start());
        jira.own(EmbeddedBroker.start("127.0.0.1", brokerPort, "target/broker-" + UUID.randomUUID(),
                "jira-bridge", ""));
        SandboxDriver sandbox = jira.sandboxDriver();
        Map<String, String> shared = sharedSettings(postgres.newDatabase(), brokerPort);
        List<ServiceNode> nodes = new ArrayList<>();
        // the first node creates the schema and the demo integration; the others find them
        nodes.add(jira.launchNode("scale-node-1", shared).awaitHealthy(NODE_START));
        nodes.add(jira.launchNode("scale-node-2", shared));
        nodes.add(jira.launchNode("scale-node-3", shared));
        nodes.get(1).awaitHealthy(NODE_START);
        nodes.get(2).awaitHealthy(NODE_START);
        armFaults(sandbox);

        List<String> ids = new ArrayList<>();
        int firstPart = PER_CHANNEL / 3;
        int secondPart = 2 * PER_CHANNEL / 3;
        sendOverHttp(nodes, 0, firstPart, ids);
        publish(brokerPort, 0, firstPart);
        publishRaw(brokerPort, "poisoned: not a report");
        jira.kill(nodes.get(1));
        // started again at once: while it boots, the others carry the load and take over its claims
        nodes.set(1, jira.launchNode("scale-node-2-again", shared));
        nodes.get(1).awaitHealthy(NODE_START);
        // the restarted node takes its share of this part, and is killed again while it works on it
        sendOverHttp(nodes, firstPart, secondPart, ids);
        publish(brokerPort, firstPart, secondPart);
        jira.kill(nodes.get(1));
        nodes.set(1, jira.launchNode("scale-node-2-third", shared));
        sendOverHttp(nodes, secondPart, PER_CHANNEL, ids);
        publish(brokerPort, secondPart, PER_CHANNEL);

        try (Database database = new Database(shared.get("store.jdbc-url"), "postgres", "", 2)) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(database, "SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'")
                            == 2L * PER_CHANNEL);
            assertThat(count(database, "SELECT COUNT(*) FROM report")).isEqualTo(2L * PER_CHANNEL);
        }
        nodes.get(1).awaitHealthy(NODE_START);
        JsonNode issues = sandbox.issues();
        assertThat(issues.size()).isEqualTo(2 * PER_CHANNEL);
        assertThat(sandbox.answered(500) + sandbox.answered(503) + sandbox.answered(429))
                .as("the sandbox did fail some creates").isPositive();

        pollFiredOncePerTick(nodes);

        Message dead = receive(brokerPort, DEAD_LETTERS);
        assertThat(((TextMessage) dead).getText()).isEqualTo("poisoned: not a report");
        assertThat(dead.getStringProperty(BridgeHeaders.REJECT_REASON)).contains("not valid JSON");
    }

    private static Map<String, String> sharedSettings(String jdbcUrl, int brokerPort) {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("store.jdbc-url", jdbcUrl);
        shared.put("store.user", "postgres");
        // every node reads the same vault key and admin credential (docs/scale-out.md)
        shared.put("vault.key", Base64.getEncoder().encodeToString(new byte[32]));
        shared.put("broker.url", "amqp://localhost:" + brokerPort);
        shared.put("intake.queue-uri", "amqp:queue:" + QUEUE + "?transacted=true&concurrentConsumers=2");
        shared.put("intake.dead-letter-uri", "amqp:queue:" + DEAD_LETTERS);
        shared.put("demo.poll-cron", "0/" + POLL_TICK.toSeconds() + " * * * * ?");
        shared.put("scheduler.cluster-checkin-ms", "2000");
        shared.put("scheduler.misfire-threshold-ms", "3000");
        // a poll re-reads only the last second: once caught up, a poll is short and each tick can have one
        shared.put("sync.poll-overlap-seconds", "1");
        // a killed node's claims lapse within seconds, and another node takes its tasks over
        shared.put("forward.lease-seconds", "5");
        shared.put("forward.max-redeliveries", "50");
        shared.put("forward.max-delay-ms", "2000");
        return shared;
    }

    /** 10% of creates fail with 500 or 503, and Jira's burst limit answers 429 above 40 requests a second. */
    private static void armFaults(SandboxDriver sandbox) {
        sandbox.fault(CREATE + ", \"status\": 500, \"rate\": 0.05");
        sandbox.fault(CREATE + ", \"status\": 503, \"rate\": 0.05");
        sandbox.rateLimit(40);
    }

    /** Round robin over the nodes; a node that does not answer (killed, or still starting) passes the report on. */
    private static void sendOverHttp(List<ServiceNode> nodes, int from, int to, List<String> ids) {
        for (int i = from; i < to; i++) {
            String body = "{\"title\": \"HTTP report " + i + "\", \"externalId\": \"http-" + i + "\"}";
            for (int attempt = 0; ; attempt++) {
                assertThat(attempt).as("a node that takes report " + i).isLessThan(3 * nodes.size());
                ServiceNode node = nodes.get((i + attempt) % nodes.size());
                HttpResponse<String> response;
                try {
                    response = Http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/reports"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer demo-api-key")
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
                } catch (IllegalStateException notListening) {
                    continue;
                }
                assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
                ids.add(RunningService.readTree(response.body()).path("id").asText());
                break;
            }
        }
    }

    private static void publish(int brokerPort, int from, int to) throws Exception {
        try (Connection connection = new JmsConnectionFactory("amqp://localhost:" + brokerPort).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
            for (int i = from; i < to; i++) {
                // no externalId: the broker's message id alone keeps a redelivery from making a second report
                producer.send(session.createTextMessage("{\"title\": \"Queued report " + i + "\"}"));
            }
        }
    }

    private static void publishRaw(int brokerPort, String body) throws Exception {
        try (Connection connection = new JmsConnectionFactory("amqp://localhost:" + brokerPort).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
            producer.send(session.createTextMessage(body));
        }
    }

    private static Message receive(int brokerPort, String queue) throws Exception {
        try (Connection connection = new JmsConnectionFactory("amqp://localhost:" + brokerPort).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            connection.start();
            Message message = consumer.receive(Duration.ofSeconds(30).toMillis());
            assertThat(message).as("a message in " + queue).isNotNull();
            return message;
        }
    }

    /**
     * Once the backlog is applied, polls of the demo integration are counted across the three nodes for at least
     * {@link #POLL_WINDOW_TICKS} ticks: one poll per tick in the whole cluster, plus the few that a tick held back by
     * a long poll may add (three unclustered schedulers would each have polled every tick, three times as many).
     */
    private static void pollFiredOncePerTick(List<ServiceNode> nodes) {
        long before = polls(nodes);
        long start = System.nanoTime();
        Duration window = POLL_TICK.multipliedBy(POLL_WINDOW_TICKS);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> System.nanoTime() - start >= window.toNanos() && polls(nodes) >= before + 3);
        long polls = polls(nodes) - before;
        double ticks = (System.nanoTime() - start) / (double) POLL_TICK.toNanos();
        assertThat((double) polls).as("polls in %.1f ticks", ticks).isLessThanOrEqualTo(Math.ceil(ticks) + 3);
    }

    private static long polls(List<ServiceNode> nodes) {
        long total = 0;
        for (ServiceNode node : nodes) {
            PrometheusText metrics = PrometheusText.parse(Http.get(node.url() + "/observe/metrics").body());
            total += (long) metrics.counter("camel_exchanges_total", Map.of("routeId", "sync-poll-demo"));
        }
        return total;
    }

    private static long count(Database database, String sql) {
        return database.inTransaction(c -> {
            try (java.sql.Statement statement = c.createStatement();
                 java.sql.ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
