package io.exectrace.launcher;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks that a cluster answers before a command starts sending, so a broker that is down gives one clear
 * line instead of a producer blocking for a minute.
 */
final class KafkaReachability {

    private KafkaReachability() {
    }

    /** Fails with one clear line unless the cluster answers and the topic exists (topics are never auto-created). */
    static void requireTopic(final String bootstrapServers, final String topic, final Duration timeout) {
        try (Admin admin = Admin.create(adminConfig(bootstrapServers, timeout))) {
            awaitCluster(admin, bootstrapServers, timeout);
            try {
                admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                    throw new KafkaUnavailable("topic " + topic + " does not exist on " + bootstrapServers
                            + " (./exectrace demo and ./exectrace run create it)");
                }
                throw new KafkaUnavailable("cannot describe topic " + topic + " on " + bootstrapServers + ": "
                        + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new KafkaUnavailable("Kafka at " + bootstrapServers + " did not describe topic " + topic
                        + " within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailable("interrupted while connecting to Kafka at " + bootstrapServers);
            }
        }
    }

    static void require(final String bootstrapServers, final Duration timeout) {
        try (Admin admin = Admin.create(adminConfig(bootstrapServers, timeout))) {
            awaitCluster(admin, bootstrapServers, timeout);
        }
    }

    private static Map<String, Object> adminConfig(final String bootstrapServers, final Duration timeout) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    }

    private static void awaitCluster(final Admin admin, final String bootstrapServers, final Duration timeout) {
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new KafkaUnavailable("cannot reach Kafka at " + bootstrapServers + " within "
                    + timeout.toSeconds() + " s (is the broker running? try: ./exectrace broker)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted while connecting to Kafka at " + bootstrapServers);
        }
    }
}
