package io.exectrace.api;

import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.Registry;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.TopologyDescription;

/**
 * GET /health (the process answers) and GET /ready (Kafka Streams RUNNING, the Kafka cluster answering, and every
 * store the API reads queryable).
 */
final class ProbeEndpoint {

    /**
     * The stores the API reads (key-value stores first), where the running topology has them: the reconciliation
     * stores only when {@code reconciliation.venues} lists a venue.
     */
    private static final List<Registry.Store<?>> STORES = List.of(Registry.TIMELINE, Registry.TIMELINE_INDEX,
            Registry.SESSION_SUMMARY, Registry.SESSION_LATENCY, Registry.CORRELATION_STATE, Registry.SESSION_CHAINS,
            Registry.SESSION_ALERTS, Registry.SESSIONS_INDEX, Registry.SESSION_RECONCILIATION, Registry.VENUE_UNMATCHED);

    private final StoreAccess access;
    private final ExectraceStreamsApp app;

    ProbeEndpoint(final StoreAccess access, final ExectraceStreamsApp app) {
        this.access = access;
        this.app = app;
    }

    void health(final Context ctx) {
        ctx.json(Map.of("status", "up"));
    }

    void ready(final Context ctx) {
        final Set<String> inTopology = storesOf(app);
        final Map<String, Boolean> stores = new LinkedHashMap<>();
        final boolean brokerReachable = app.brokerReachable();
        boolean ready = access.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING && brokerReachable;
        for (final Registry.Store<?> store : STORES) {
            if (inTopology.contains(store.name())) {
                final boolean queryable = access.queryable(store);
                stores.put(store.name(), queryable);
                ready &= queryable;
            }
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not_ready");
        body.put("kafka_streams", access.state().name());
        body.put("kafka_broker", brokerReachable ? "reachable" : "unreachable");
        if (!brokerReachable) {
            body.put("reason", "Kafka cluster unreachable: " + app.brokerProblem());
        }
        body.put("stores", stores);
        if (!ready) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(ready ? 200 : 503).json(body);
    }

    static Set<String> storesOf(final ExectraceStreamsApp app) {
        final Set<String> names = new TreeSet<>();
        if (app.topology() == null) {
            return names;
        }
        for (final TopologyDescription.Subtopology sub : app.topology().describe().subtopologies()) {
            for (final TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    names.addAll(processor.stores());
                }
            }
        }
        return names;
    }
}
