package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.AppProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Samples an app's used heap from its {@code /metrics} ({@code jvm_memory_used_bytes} of every heap pool, summed)
 * on a thread of its own, and keeps the largest sample. A peak between two samples is not seen: the figure is a
 * lower bound of the true peak.
 */
public final class HeapSampler implements AutoCloseable {
    private static final String METRIC = "jvm_memory_used_bytes{";

    private final AppProcess app;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long maxBytes = -1;
    private volatile int samples;

    private HeapSampler(final AppProcess app, final Duration interval) {
        this.app = app;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::sampleUntilStopped, "bench-heap-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling every {@code interval}. */
    static HeapSampler start(final AppProcess app, final Duration interval) {
        final HeapSampler sampler = new HeapSampler(app, interval);
        sampler.thread.start();
        return sampler;
    }

    /** The used heap now, in bytes, or -1 when {@code /metrics} does not answer. */
    public static long usedHeap(final AppProcess app) throws InterruptedException {
        final String metrics = app.get("/metrics");
        return metrics == null ? -1 : heapBytes(metrics);
    }

    /** The sum of {@code jvm_memory_used_bytes} over the heap pools in a Prometheus text exposition; -1: none. */
    static long heapBytes(final String exposition) {
        long sum = 0;
        boolean found = false;
        int from = 0;
        while (true) {
            final int start = exposition.indexOf(METRIC, from);
            if (start < 0) {
                break;
            }
            int end = exposition.indexOf('\n', start);
            end = end < 0 ? exposition.length() : end;
            final String line = exposition.substring(start, end);
            from = end;
            if ((start == 0 || exposition.charAt(start - 1) == '\n') && line.contains("area=\"heap\"")) {
                final String value = line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0];
                sum += (long) Double.parseDouble(value);
                found = true;
            }
        }
        return found ? sum : -1;
    }

    private void sampleUntilStopped() {
        long next = System.nanoTime();
        try {
            while (!stopped) {
                final long used = usedHeap(app);
                if (used >= 0) {
                    samples++;
                    maxBytes = Math.max(maxBytes, used);
                }
                next += intervalNanos;
                final long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The largest used heap sampled, in bytes; -1 when no sample was taken. */
    long maxBytes() {
        return maxBytes;
    }

    int samples() {
        return samples;
    }

    /** Stops sampling and waits for the sample under way. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(15_000);
    }
}
