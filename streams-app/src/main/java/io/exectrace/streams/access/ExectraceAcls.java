package io.exectrace.streams.access;

import io.exectrace.streams.config.ExectraceConfig;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of exectrace on a cluster with {@code allow.everyone.if.no.acl.found=false}, for topics
 * an administrator created beforehand (docs/operations.md lists the same). Every operation named implies DESCRIBE on
 * its resource, which is all the start-up check and the lag metrics need besides.
 */
public final class ExectraceAcls {

    private ExectraceAcls() {
    }

    /**
     * What the pipeline ({@code run}) needs: read the input and venue-fills topics, write the three output topics and
     * the venue fills' dead-letter topic, everything on its internal topics (repartition and changelog topics,
     * created and trimmed by Kafka Streams), its consumer group and, under exactly-once, its transactional ids.
     */
    public static List<RequiredAcl> application(final ExectraceConfig config, final String principal) {
        final String prefix = internalPrefix(config);
        final List<RequiredAcl> acls = new ArrayList<>();
        acls.add(topic(AclOperation.READ, config.inputTopic(), principal));
        acls.add(topic(AclOperation.WRITE, config.chainsTopic(), principal));
        acls.add(topic(AclOperation.WRITE, config.alertsTopic(), principal));
        acls.add(topic(AclOperation.WRITE, config.dlqTopic(), principal));
        acls.add(topic(AclOperation.READ, config.venueFillsTopic(), principal));
        acls.add(topic(AclOperation.WRITE, config.venueFillsDlqTopic(), principal));
        acls.add(new RequiredAcl(AclOperation.ALL, ResourceType.TOPIC, prefix, PatternType.PREFIXED, principal));
        acls.add(new RequiredAcl(AclOperation.READ, ResourceType.GROUP, config.applicationId(), PatternType.LITERAL,
                principal));
        if (exactlyOnce(config)) {
            acls.add(new RequiredAcl(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED,
                    principal));
        }
        return List.copyOf(acls);
    }

    /**
     * What a producer ({@code produce}, {@code ExecutionEventPublisher}) needs: WRITE on the input topic. Since Kafka
     * 3.0 (KIP-679) WRITE on a topic also allows idempotent writes to it, so IDEMPOTENT_WRITE on the cluster is
     * only needed for older brokers.
     */
    public static List<RequiredAcl> producer(final String inputTopic, final String principal) {
        return List.of(topic(AclOperation.WRITE, inputTopic, principal));
    }

    /**
     * What {@code produce venue-fills} needs: WRITE on the venue fills topic and on its dead-letter topic (the
     * producer dead-letters a file's bad entries itself).
     */
    public static List<RequiredAcl> venueFillsProducer(final ExectraceConfig config, final String principal) {
        return List.of(topic(AclOperation.WRITE, config.venueFillsTopic(), principal),
                topic(AclOperation.WRITE, config.venueFillsDlqTopic(), principal));
    }

    /** Kafka Streams names its internal topics and transactional ids {@code <application.id>-...}. */
    static String internalPrefix(final ExectraceConfig config) {
        return config.applicationId() + "-";
    }

    static boolean exactlyOnce(final ExectraceConfig config) {
        return config.processingGuarantee().startsWith("exactly_once");
    }

    private static RequiredAcl topic(final AclOperation operation, final String topic, final String principal) {
        return new RequiredAcl(operation, ResourceType.TOPIC, topic, PatternType.LITERAL, principal);
    }
}
