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

    static void require(final String bootstrapServers, final Duration timeout) {
        final Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        try (Admin admin = Admin.create(config)) {
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
