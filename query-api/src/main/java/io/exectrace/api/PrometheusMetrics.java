package io.exectrace.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry behind {@code GET /metrics}, created before the pipeline so that the topology's processors
 * record into it (hand {@link #registry()} to {@code new ExectraceStreamsApp(config, registry)}): the pipeline
 * metrics of the metrics contract, Kafka Streams' client metrics, the API's request timings, and JVM and process
 * metrics bound here.
 */
public final class PrometheusMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private PrometheusMetrics(final PrometheusMeterRegistry registry, final JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry with this JVM's and process's metrics bound. */
    public static PrometheusMetrics create() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        final JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new PrometheusMetrics(registry, gc);
    }

    /** The registry the pipeline, Kafka Streams and the API record into. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every registered meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
