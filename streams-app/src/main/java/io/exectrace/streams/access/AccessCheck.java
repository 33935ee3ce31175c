package io.exectrace.streams.access;

import io.exectrace.streams.config.ExectraceConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks the cluster, before Kafka Streams starts, whether this principal has every ACL of
 * {@link ExectraceAcls#application}: a missing one would otherwise surface later as a stream thread dying over and
 * over (a missing group or transactional-id ACL) or as records silently not written. Answers with the
 * descriptions of the missing ones, in the words of {@link RequiredAcl#description()}.
 */
public final class AccessCheck {

    private static final String PROBE_NAME = "exectrace-access-check";

    private AccessCheck() {
    }

    /**
     * The ACLs this principal lacks, empty when it may run. A topic that does not exist (yet) is not reported:
     * start-up creates it or says why it cannot.
     *
     * @throws AccessCheckException when the cluster cannot be asked (unreachable, login refused)
     */
    public static List<String> missing(final ExectraceConfig config, final Duration timeout) {
        final Map<String, Object> adminConfig = new HashMap<>(config.kafkaOverrides());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-access-check");
        final List<String> missing = new ArrayList<>();
        try (Admin admin = Admin.create(adminConfig)) {
            for (final RequiredAcl acl : ExectraceAcls.application(config, "User:*")) {
                if (!granted(admin, config, acl, timeout)) {
                    missing.add(acl.description());
                }
            }
        }
        return List.copyOf(missing);
    }

    private static boolean granted(final Admin admin, final ExectraceConfig config, final RequiredAcl acl,
                                   final Duration timeout) {
        return switch (acl.resourceType()) {
            case TOPIC -> acl.patternType() == org.apache.kafka.common.resource.PatternType.PREFIXED
                    ? mayCreateInternalTopics(admin, acl, timeout)
                    : topicAllows(admin, acl, timeout);
            case GROUP -> groupAllows(admin, acl, timeout);
            case TRANSACTIONAL_ID -> mayUseTransactionalIds(admin, acl, timeout);
            default -> throw new IllegalStateException("no check for " + acl);
        };
    }

    private static boolean topicAllows(final Admin admin, final RequiredAcl acl, final Duration timeout) {
        final KafkaFuture<TopicDescription> described = admin.describeTopics(List.of(acl.resourceName()),
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues()
                .get(acl.resourceName());
        try {
            return allows(await(described, timeout).authorizedOperations(), acl.operation());
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return false;
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return true;
            }
            throw failed(acl, e.getCause());
        }
    }

    /** A validate-only creation of a topic under the prefix: refused exactly when CREATE there is not granted. */
    private static boolean mayCreateInternalTopics(final Admin admin, final RequiredAcl acl, final Duration timeout) {
        final NewTopic probe = new NewTopic(acl.resourceName() + PROBE_NAME, java.util.Optional.of(1),
                java.util.Optional.empty());
        try {
            await(admin.createTopics(List.of(probe), new CreateTopicsOptions().validateOnly(true)).all(), timeout);
            return true;
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return false;
            }
            if (e.getCause() instanceof AuthenticationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw failed(acl, e.getCause());
            }
            // Refused for another reason (too few live brokers for the replication, the probe exists): authorised.
            return true;
        }
    }

    private static boolean groupAllows(final Admin admin, final RequiredAcl acl, final Duration timeout) {
        try {
            final Set<AclOperation> operations = await(admin.describeConsumerGroups(List.of(acl.resourceName()),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).all(), timeout)
                    .get(acl.resourceName()).authorizedOperations();
            return allows(operations, acl.operation());
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                return false;
            }
            if (e.getCause() instanceof AuthenticationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw failed(acl, e.getCause());
            }
            // A group of another type or protocol under that name: not an ACL question.
            return true;
        }
    }

    /** Describing an unused transactional id needs DESCRIBE on it, which WRITE implies. */
    private static boolean mayUseTransactionalIds(final Admin admin, final RequiredAcl acl, final Duration timeout) {
        try {
            await(admin.describeTransactions(List.of(acl.resourceName() + PROBE_NAME)).all(), timeout);
            return true;
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                return false;
            }
            if (e.getCause() instanceof AuthenticationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw failed(acl, e.getCause());
            }
            return true;
        }
    }

    /** Null when the broker does not say (no authorizer, an old broker): then nothing is refused either. */
    private static boolean allows(final Set<AclOperation> operations, final AclOperation needed) {
        return operations == null || operations.contains(needed) || operations.contains(AclOperation.ALL);
    }

    private static <T> T await(final KafkaFuture<T> future, final Duration timeout) throws ExecutionException {
        try {
            return future.get(timeout.toMillis() + 5_000L, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessCheckException("interrupted while checking the ACLs", e);
        } catch (final TimeoutException e) {
            throw new AccessCheckException("Kafka did not answer within " + timeout.toSeconds()
                    + " s while checking the ACLs", e);
        }
    }

    private static AccessCheckException failed(final RequiredAcl acl, final Throwable cause) {
        return new AccessCheckException("cannot check " + acl.description() + ": " + cause.getMessage(), cause);
    }
}
