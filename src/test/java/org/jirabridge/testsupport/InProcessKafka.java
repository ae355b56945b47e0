package org.jirabridge.testsupport;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A single-node Kafka (KRaft: broker and controller in one) inside the test JVM, on free ports with a fresh log
 * directory under target/. The version is the one of the kafka-clients camel-kafka brings. Close it by this handle.
 */
public final class InProcessKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrap;

    private InProcessKafka(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    public static InProcessKafka start() {
        // the broker logs every partition and request at INFO; its warnings still show
        Configurator.setLevel("kafka", Level.WARN);
        Configurator.setLevel("state.change.logger", Level.WARN);
        Configurator.setLevel("org.apache.kafka", Level.WARN);
        int brokerPort = RunningService.freePort();
        int controllerPort = RunningService.freePort();
        try {
            String logDir = Files.createDirectories(Path.of("target", "kafka-" + Uuid.randomUuid()))
                    .toAbsolutePath().toString();
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            props.put("log.dirs", logDir);
            // one node: every internal topic with one replica, and consumer groups formed without waiting
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            // a test's consumer that was SIGKILLed leaves its group within a second or two, not 45 s
            props.put("group.min.session.timeout.ms", "1000");
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir)).setMetadataLogDirectory(logDir)
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION).run();
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            return new InProcessKafka(server, "localhost:" + brokerPort);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker", e);
        }
    }

    /** host:port for bootstrap.servers. */
    public String bootstrap() {
        return bootstrap;
    }

    /** Creates topics with the given number of partitions each (one replica). */
    public void createTopics(int partitions, String... topics) {
        try (Admin admin = admin()) {
            admin.createTopics(java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    /** The offsets a consumer group has committed (the next offset to read, per partition). */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
