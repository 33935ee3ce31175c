package io.exectrace.launcher;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks that a cluster answers before a command starts sending, so a broker that is down, a refused login, an
 * untrusted certificate or a missing ACL gives one clear line instead of a producer blocking for a minute.
 */
final class KafkaReachability {

    private KafkaReachability() {
    }

    /**
     * Fails with one clear line unless the cluster answers, the topic exists (topics are never auto-created) and
     * this principal may write to it.
     *
     * @param clientProperties the client's Kafka properties ({@code bootstrap.servers}, security); others are ignored
     */
    static void requireWritableTopic(final Map<?, ?> clientProperties, final String topic, final Duration timeout) {
        final String bootstrapServers = String.valueOf(clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (Admin admin = Admin.create(adminConfig(clientProperties, timeout))) {
            awaitCluster(admin, clientProperties, timeout);
            final TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic),
                                new DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new KafkaUnavailable("topic " + topic + " does not exist on " + bootstrapServers
                            + " (./exectrace demo and ./exectrace run create it)");
                }
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw notAuthorised(topic, clientProperties);
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
            final Set<AclOperation> allowed = description.authorizedOperations();
            if (allowed != null && !allowed.contains(AclOperation.WRITE) && !allowed.contains(AclOperation.ALL)) {
                throw notAuthorised(topic, clientProperties);
            }
        }
    }

    /** Fails with one clear line unless the cluster answers and accepts this client's login. */
    static void require(final Map<?, ?> clientProperties, final Duration timeout) {
        try (Admin admin = Admin.create(adminConfig(clientProperties, timeout))) {
            awaitCluster(admin, clientProperties, timeout);
        }
    }

    private static KafkaUnavailable notAuthorised(final String topic, final Map<?, ?> clientProperties) {
        return new KafkaUnavailable("not authorised to write to topic " + topic + " as "
                + KafkaSecurityProblem.principal(clientProperties) + ": missing ACL WRITE on topic " + topic
                + " (docs/operations.md, \"ACLs\")");
    }

    /** The admin-client subset of {@code clientProperties}, so producer-only keys cause no warnings. */
    private static Map<String, Object> adminConfig(final Map<?, ?> clientProperties, final Duration timeout) {
        final Map<String, Object> config = new HashMap<>();
        final Set<String> adminKeys = AdminClientConfig.configNames();
        clientProperties.forEach((key, value) -> {
            final String name = String.valueOf(key);
            if (adminKeys.contains(name) || name.startsWith("sasl.") || name.startsWith("ssl.")) {
                config.put(name, value);
            }
        });
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return config;
    }

    private static void awaitCluster(final Admin admin, final Map<?, ?> clientProperties, final Duration timeout) {
        final String bootstrapServers = String.valueOf(clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                throw new KafkaUnavailable(KafkaSecurityProblem.describe(refused, bootstrapServers, clientProperties));
            }
            throw unreachable(bootstrapServers, timeout);
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted while connecting to Kafka at " + bootstrapServers);
        }
    }

    private static KafkaUnavailable unreachable(final String bootstrapServers, final Duration timeout) {
        return new KafkaUnavailable("cannot reach Kafka at " + bootstrapServers + " within "
                + timeout.toSeconds() + " s (is the broker running? try: ./exectrace broker)");
    }
}
