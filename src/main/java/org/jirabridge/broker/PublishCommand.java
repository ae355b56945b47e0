package org.jirabridge.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jirabridge.store.Json;

/**
 * {@code java -jar jira-bridge.jar publish [--url amqp://localhost:5672] [--queue jira-bridge.reports]
 * [--user U --password P] FILE|-}: sends reports to the intake queue over AMQP 1.0, one message per report (a file
 * holding a JSON array sends each element), so a fresh machine needs no broker tools to try queue intake. With
 * {@code --url kafka://host:9092} the reports go to the Kafka topic named by {@code --queue} instead.
 */
public final class PublishCommand {

    private static final String KAFKA_SCHEME = "kafka://";
    /** How long one record may take to reach the broker (delivery timeout: the request timeout and no linger). */
    private static final int KAFKA_TIMEOUT_MS = 15_000;

    private String url = "amqp://localhost:5672";
    private String queue = "jira-bridge.reports";
    private String user;
    private String password = System.getenv("JIRA_BRIDGE_BROKER_PASSWORD");
    private String source;

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the process exit code: 0 when every report was sent, 2 on a usage error, 1 on a failure */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PublishCommand command = new PublishCommand();
        try {
            command.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: publish [--url amqp://host:5672|kafka://host:9092] [--queue name] [--user name"
                    + " --password secret] FILE|-   (the password may also come from JIRA_BRIDGE_BROKER_PASSWORD;"
                    + " Kafka without authentication)");
            return 2;
        }
        try {
            List<String> bodies = command.bodies();
            if (command.isKafka()) {
                command.sendToKafka(bodies);
            } else {
                command.send(bodies);
            }
            out.println("sent " + bodies.size() + " report(s) to " + command.queue + " at " + command.url);
            return 0;
        } catch (IOException | JMSException e) {
            err.println("publish failed: " + e.getMessage());
            return 1;
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = value(args, ++i);
                case "--queue" -> queue = value(args, ++i);
                case "--user" -> user = value(args, ++i);
                case "--password" -> password = value(args, ++i);
                default -> {
                    if (source != null) {
                        throw new IllegalArgumentException("one FILE (or - for standard input), got also " + args[i]);
                    }
                    source = args[i];
                }
            }
        }
        if (source == null) {
            throw new IllegalArgumentException("name a FILE with the report JSON, or - to read it from standard input");
        }
        if (isKafka() && user != null) {
            throw new IllegalArgumentException("--user is for AMQP; publish sends to Kafka without authentication");
        }
    }

    private boolean isKafka() {
        return url.startsWith(KAFKA_SCHEME);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** One body per report: a JSON array is split, anything else is sent as it is (the service validates it). */
    private List<String> bodies() throws IOException {
        String text = source.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(source));
        List<String> bodies = new ArrayList<>();
        JsonNode parsed = parseOrNull(text);
        if (parsed != null && parsed.isArray()) {
            parsed.forEach(element -> bodies.add(element.toString()));
        } else {
            bodies.add(text);
        }
        return bodies;
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Each record is acknowledged by every in-sync replica (acks=all) before the next is sent. */
    private void sendToKafka(List<String> bodies) throws IOException {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, url.substring(KAFKA_SCHEME.length()),
                ProducerConfig.ACKS_CONFIG, "all",
                // a broker that cannot be reached fails the command within seconds, not after the default minute
                ProducerConfig.MAX_BLOCK_MS_CONFIG, KAFKA_TIMEOUT_MS,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (String body : bodies) {
                producer.send(new ProducerRecord<>(queue, body)).get();
            }
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            // Kafka's own message names no address: a broker that is not there shows as a topic "not in metadata"
            throw new IOException("Kafka at " + url.substring(KAFKA_SCHEME.length()) + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void send(List<String> bodies) throws JMSException {
        JmsConnectionFactory factory = user == null ? new JmsConnectionFactory(url)
                : new JmsConnectionFactory(user, password, url);
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            for (String body : bodies) {
                // persistent (the default): the broker has the message on disk when send returns
                producer.send(session.createTextMessage(body));
            }
        }
    }
}
