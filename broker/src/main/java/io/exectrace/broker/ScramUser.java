package io.exectrace.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SASL/SCRAM-SHA-512 user of a secured {@link EmbeddedKafkaCluster}, with what a Kafka client needs to connect
 * as that user.
 *
 * @param trustStore the cluster's trust store (clients verify the nodes' certificate against it)
 */
public record ScramUser(String name, String password, TlsStores trustStore) {

    /** The Kafka client properties of this user: SASL_SSL, SCRAM-SHA-512, the trust store; no bootstrap servers. */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", ClusterNodeProperties.SCRAM_MECHANISM);
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + name + "\" password=\"" + password + "\";");
        props.put("ssl.truststore.type", TlsStores.STORE_TYPE);
        props.put("ssl.truststore.location", trustStore.trustStore().toString());
        props.put("ssl.truststore.password", trustStore.password());
        return props;
    }

    @Override
    public String toString() {
        return "ScramUser[" + name + "]";
    }
}
