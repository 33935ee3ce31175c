package io.exectrace.streams.app;

import io.exectrace.streams.config.ExectraceConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, asked every second with a short cluster description. Kafka Streams stays
 * RUNNING while its broker is gone (its clients just retry), so without this a readiness probe would report a
 * pipeline that cannot read, write or commit as ready.
 */
final class BrokerWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final ScheduledExecutorService timer;
    private volatile boolean reachable = true;
    private volatile String problem = "";

    BrokerWatch(final ExectraceConfig config) {
        final Map<String, Object> adminConfig = new HashMap<>(config.kafkaOverrides());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        adminConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-broker-watch");
        admin = Admin.create(adminConfig);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "exectrace-broker-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            if (!reachable) {
                LOG.info("Kafka cluster reachable again");
            }
            reachable = true;
            problem = "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (reachable) {
                LOG.warn("Kafka cluster unreachable: {}", e.getMessage());
            }
            problem = e.getCause() != null ? e.getCause().getMessage() : String.valueOf(e.getMessage());
            reachable = false;
        }
    }

    /** True when the last cluster description (at most about three seconds old) succeeded. */
    boolean reachable() {
        return reachable;
    }

    /** Why the last description failed, or empty. */
    String problem() {
        return problem;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
