package io.exectrace.streams.app;

import io.exectrace.streams.config.ExectraceConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the application's topics ({@link ExectraceConfig#topics()}) at start-up when they are absent, with the
 * configured partitions and replication; existing topics are left as they are. Returns the input topic's real partition count, which the
 * topology needs to know where each session lives.
 */
final class TopicProvisioner {

    /**
     * Largest input record the provisioned input topic accepts: what exectrace's producers send at most (their
     * {@code max.request.size}) and the broker's default.
     */
    static final int MAX_INPUT_RECORD_BYTES = 1 << 20;
    /**
     * Largest record of every topic the application writes (dead letters, chains, alerts, and through
     * {@code topic.max.message.bytes} its internal topics). A dead letter is an input record plus headers, so
     * this must leave room above {@link #MAX_INPUT_RECORD_BYTES}: an invalid record the DLQ cannot take would
     * stop its partition for good, each retry killing the stream thread again.
     */
    static final int MAX_OUTPUT_RECORD_BYTES = 2 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * Ensures the topics exist.
     *
     * @return partitions of the input topic
     * @throws TopicProvisioningException when the broker does not answer within {@code provision.timeout} or
     *                                    refuses to create a topic
     */
    static int provision(final ExectraceConfig config) {
        final long timeoutMs = config.provisionTimeout().toMillis();
        final Map<String, Object> adminConfig = new HashMap<>(config.kafkaOverrides());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-provisioner");
        try (Admin admin = Admin.create(adminConfig)) {
            final List<NewTopic> topics = new ArrayList<>();
            for (final String topic : config.topics()) {
                final boolean input = topic.equals(config.inputTopic()) || topic.equals(config.venueFillsTopic());
                final int maxBytes = input ? MAX_INPUT_RECORD_BYTES : MAX_OUTPUT_RECORD_BYTES;
                topics.add(new NewTopic(topic, config.topicPartitions(), config.replicationFactor())
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxBytes))));
            }
            final Map<String, KafkaFuture<Void>> created = admin.createTopics(topics).values();
            boolean mayCreate = true;
            for (final Map.Entry<String, KafkaFuture<Void>> topic : created.entrySet()) {
                try {
                    if (await(topic.getValue(), timeoutMs, config, "creating topic " + topic.getKey())) {
                        LOG.info("Created topic {} ({} partitions, replication {})", topic.getKey(),
                                config.topicPartitions(), config.replicationFactor());
                    }
                } catch (final TopicProvisioningException e) {
                    // Least privilege: an administrator created the topics, this principal may only use them.
                    // Kafka answers "not authorised" whether the topic exists or not; the access check and the
                    // description below tell which.
                    if (!(e.getCause() instanceof TopicAuthorizationException)) {
                        throw e;
                    }
                    mayCreate = false;
                }
            }
            final TopicDescription input = describe(admin, config, timeoutMs, mayCreate);
            final int partitions = input.partitions().size();
            if (partitions != config.topicPartitions()) {
                LOG.warn("Input topic {} has {} partitions, not the configured {}; using {}", config.inputTopic(),
                        partitions, config.topicPartitions(), partitions);
            }
            return partitions;
        }
    }

    /**
     * Describes the input topic; a topic created a moment ago may not be in the broker's metadata yet, so
     * "unknown topic" is asked again until the timeout.
     */
    private static TopicDescription describe(final Admin admin, final ExectraceConfig config, final long timeoutMs,
                                             final boolean mayCreate) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            final Map<String, TopicDescription> described = new HashMap<>();
            try {
                await(admin.describeTopics(List.of(config.inputTopic())).allTopicNames().thenApply(names -> {
                    described.putAll(names);
                    return null;
                }), timeoutMs, config, "describing topic " + config.inputTopic());
                return described.get(config.inputTopic());
            } catch (final TopicProvisioningException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException && !mayCreate) {
                    throw new TopicProvisioningException("topic " + config.inputTopic() + " does not exist on "
                            + config.bootstrapServers() + " and this principal may not create it: create the topics "
                            + "as an administrator (docs/operations.md, \"ACLs\")", e.getCause());
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("Interrupted while describing " + config.inputTopic(), e);
            }
        }
    }

    /** Waits for one admin call; false when the topic already existed. */
    private static boolean await(final KafkaFuture<?> future, final long timeoutMs, final ExectraceConfig config,
                                 final String what) {
        try {
            future.get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS);
            return true;
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(config, what, e.getCause());
            }
            throw new TopicProvisioningException("Kafka at " + config.bootstrapServers() + " refused " + what + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw unreachable(config, what, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted while " + what, e);
        }
    }

    private static TopicProvisioningException unreachable(final ExectraceConfig config, final String what,
                                                          final Throwable cause) {
        return new TopicProvisioningException("Kafka at " + config.bootstrapServers() + " did not answer within "
                + config.provisionTimeout().toSeconds() + " s while " + what + ". Is the broker running, and is "
                + ExectraceConfig.BOOTSTRAP_SERVERS.property() + " ("
                + ExectraceConfig.BOOTSTRAP_SERVERS.environmentVariable() + ") right?", cause);
    }
}
