package io.exectrace.api;

import io.exectrace.streams.ExectraceStreamsApp;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry behind {@code GET /metrics}: JVM and process metrics and Kafka Streams' own client
 * metrics (consumer lag, thread state, commit and process rates) through Micrometer's binders.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final KafkaStreamsMetrics streams;

    private PrometheusEndpoint(final PrometheusMeterRegistry registry, final JvmGcMetrics gc,
                               final KafkaStreamsMetrics streams) {
        this.registry = registry;
        this.gc = gc;
        this.streams = streams;
    }

    /** A registry bound to this JVM and to the app's KafkaStreams instance. */
    public static PrometheusEndpoint bind(final ExectraceStreamsApp app) {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        final JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        final KafkaStreamsMetrics streams = new KafkaStreamsMetrics(app.streams());
        streams.bindTo(registry);
        return new PrometheusEndpoint(registry, gc, streams);
    }

    /** The Prometheus text exposition of every registered meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        streams.close();
        gc.close();
        registry.close();
    }
}
