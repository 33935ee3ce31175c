package io.exectrace.streams.access;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One ACL exectrace needs, as Kafka's {@link AclBinding} and as the words the start-up check and the logs use
 * for it (for example {@code READ on topic execution-events}).
 */
public record RequiredAcl(AclOperation operation, ResourceType resourceType, String resourceName,
                          PatternType patternType, String principal) {

    /** The Kafka binding: ALLOW {@code operation} on the resource to {@code principal} from any host. */
    public AclBinding binding() {
        return new AclBinding(new ResourcePattern(resourceType, resourceName, patternType),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** E.g. {@code READ on topic execution-events} or {@code ALL on topics prefixed exectrace-}. */
    public String description() {
        String resource = resourceType.name().toLowerCase().replace("transactional_id", "transactional id");
        if (patternType == PatternType.PREFIXED) {
            return operation + " on " + resource + "s prefixed " + resourceName;
        }
        return operation + " on " + resource + " " + resourceName;
    }

    /** The {@code kafka-acls.sh} arguments that grant it (after {@code --bootstrap-server ... --add}). */
    public String kafkaAclsArguments() {
        String option = switch (resourceType) {
            case TOPIC -> "--topic";
            case GROUP -> "--group";
            case TRANSACTIONAL_ID -> "--transactional-id";
            case CLUSTER -> "--cluster";
            default -> throw new IllegalStateException("no kafka-acls option for " + resourceType);
        };
        String pattern = patternType == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "";
        String operationName = operation == AclOperation.IDEMPOTENT_WRITE ? "IdempotentWrite"
                : operation.name().charAt(0) + operation.name().substring(1).toLowerCase();
        return "--allow-principal " + principal + " --operation " + operationName + " " + option + " "
                + resourceName + pattern;
    }

    @Override
    public String toString() {
        return description() + " for " + principal;
    }
}
