package io.exectrace.api;

import io.exectrace.streams.app.Registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive-query access to the stores of this instance and the metadata that says which instance holds what.
 * Every "not now" answer of Kafka Streams (not running, rebalancing, store migrating) becomes a 503
 * {@link ApiException}, so a client retries instead of reading a wrong empty answer.
 */
final class StoreAccess {

    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final IntPredicate catchingUp;

    StoreAccess(final KafkaStreams streams, final HostInfo self, final IntPredicate catchingUp) {
        this.streams = streams;
        this.self = self;
        this.catchingUp = catchingUp;
    }

    HostInfo self() {
        return self;
    }

    boolean isSelf(final HostInfo host) {
        return self.equals(host);
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Whether this instance's task of {@code partition} is still working off input that had arrived when it started
     * (see {@code ExectraceStreamsApp.catchingUp}): its stores may not yet hold what was answered before.
     */
    boolean catchingUp(final int partition) {
        return catchingUp.test(partition);
    }

    /** Where a session's entries of {@code store} live: its partition, active host and standby hosts. */
    KeyQueryMetadata locate(final String store, final String sessionId) {
        requireRunning();
        final KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, sessionId, KEYS);
        } catch (final IllegalStateException e) {
            throw ApiException.unavailable("Kafka Streams is not ready: " + e.getMessage());
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || metadata.activeHost() == null) {
            throw ApiException.unavailable("the owner of session '" + sessionId + "' is not known yet");
        }
        return metadata;
    }

    /** The instances (this one included) that host {@code store}. */
    Collection<StreamsMetadata> instancesFor(final String store) {
        requireRunning();
        try {
            final Collection<StreamsMetadata> instances = streams.streamsMetadataForStore(store);
            return instances == null ? List.of() : instances;
        } catch (final IllegalStateException e) {
            throw ApiException.unavailable("Kafka Streams is not ready: " + e.getMessage());
        }
    }

    /** One partition of a store on this instance; {@code stale} admits a standby (or restoring) copy. */
    <T> T partition(final Registry.Store<T> store, final int partition, final boolean stale) {
        StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(store.name(), store.queryType())
                .withPartition(partition);
        if (stale) {
            parameters = parameters.enableStaleStores();
        }
        return query(store.name(), parameters);
    }

    /**
     * Every partition of a store this instance is the active owner of, one store view each. Asking partition by
     * partition (instead of for "all local partitions") turns a partition that is still restoring into a 503: Kafka
     * Streams would silently leave it out of an all-partitions view, and a list would look complete while missing
     * sessions. Only while RUNNING: during a rebalance the set of owned partitions is changing.
     */
    <T> List<T> localPartitions(final Registry.Store<T> store) {
        final Set<Integer> partitions = localPartitionNumbers(store);
        final List<T> views = new ArrayList<>(partitions.size());
        for (final int partition : partitions) {
            views.add(partition(store, partition, false));
        }
        return views;
    }

    /** The partitions of a store this instance is the active owner of (see {@link #localPartitions}). */
    Set<Integer> localPartitionNumbers(final Registry.Store<?> store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("Kafka Streams is " + streams.state());
        }
        final Set<Integer> partitions = new TreeSet<>();
        for (final StreamsMetadata instance : instancesFor(store.name())) {
            if (isSelf(instance.hostInfo())) {
                instance.topicPartitions().forEach(partition -> partitions.add(partition.partition()));
            }
        }
        return partitions;
    }

    /** True when Kafka Streams is RUNNING and the store answers a query. */
    boolean queryable(final Registry.Store<?> store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        try {
            streams.store(StoreQueryParameters.fromNameAndType(store.name(), store.queryType()));
            return true;
        } catch (final InvalidStateStoreException e) {
            return false;
        }
    }

    private <T> T query(final String store, final StoreQueryParameters<T> parameters) {
        requireRunning();
        try {
            return streams.store(parameters);
        } catch (final InvalidStateStoreException e) {
            throw ApiException.unavailable("store " + store + " is not queryable right now (" + e.getMessage()
                    + ")");
        }
    }

    private void requireRunning() {
        final KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw ApiException.unavailable("Kafka Streams is " + state);
        }
    }
}
