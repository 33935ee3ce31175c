package io.exectrace.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One secured three-node cluster for the class: replication, SCRAM logins, ACLs, a node stopped and restarted. */
class EmbeddedKafkaClusterTest {

    private static final String TOPIC = "cluster-check";
    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.builder().nodes(3).secure(true).start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aUserWithAclsWritesAndReadsAReplicatedTopicAcrossANodeRestart() throws Exception {
        ScramUser writer = cluster.user("writer");
        try (Admin admin = Admin.create(cluster.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            TopicDescription description = describeOnceKnown(admin);
            assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            admin.createAcls(List.of(
                    allow(writer, ResourceType.TOPIC, TOPIC, PatternType.LITERAL, AclOperation.WRITE),
                    allow(writer, ResourceType.TOPIC, TOPIC, PatternType.LITERAL, AclOperation.READ)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        List<String> produced = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            produced.add("value-" + i);
        }
        send(writer, produced.subList(0, 15));
        // One node down: min.insync.replicas=2 still accepts acks=all writes.
        cluster.stopNode(2);
        assertThat(cluster.isRunning(2)).isFalse();
        send(writer, produced.subList(15, 30));
        cluster.startNode(2);

        Map<String, Object> consumer = clientConfig(writer);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> read = TopicReader.readAll(consumer, TOPIC, produced.size());
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(produced);
    }

    /**
     * The topic's description once every node knows it: the node that answers may not have the new topic's metadata
     * yet right after it was created (UnknownTopicOrPartitionException).
     */
    private static TopicDescription describeOnceKnown(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aUserWithoutAclsIsRefused() {
        ScramUser stranger = cluster.user("stranger");
        assertThatThrownBy(() -> send(stranger, List.of("x")))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        ScramUser real = cluster.user("someone");
        ScramUser wrong = new ScramUser(real.name(), real.password() + "x", real.trustStore());
        Map<String, Object> config = clientConfig(wrong);
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutTheTrustStoreCannotConnect() {
        Map<String, Object> config = clientConfig(cluster.user("someone"));
        config.remove("ssl.truststore.location");
        config.remove("ssl.truststore.password");
        config.remove("ssl.truststore.type");
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void secretsAndStoresLiveInTheClusterDirectoryOwnerReadableOnly() throws Exception {
        Path layout = cluster.directory().resolve(ClusterLayout.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(layout)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(cluster.tlsStores().keyStore()).startsWith(cluster.directory()).exists();
        assertThat(cluster.tlsStores().trustStore()).startsWith(cluster.directory()).exists();
    }

    private static void send(ScramUser user, List<String> values) throws Exception {
        Map<String, Object> config = clientConfig(user);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(TOPIC, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, Object> clientConfig(ScramUser user) {
        Map<String, Object> config = new HashMap<>(user.clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return config;
    }

    private static AclBinding allow(ScramUser user, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user.name(), "*", operation, AclPermissionType.ALLOW));
    }
}
