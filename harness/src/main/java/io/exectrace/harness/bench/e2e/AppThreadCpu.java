package io.exectrace.harness.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of one Kafka Streams application's threads in this JVM: every live thread whose name holds its
 * application id (its stream threads, their producers' network threads, the consumers' heartbeat threads). CPU
 * per record does not move with what else runs on the machine the way a rate does, so a ratio of it holds on a
 * shared machine too.
 */
final class AppThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AppThreadCpu() {
    }

    /** Whether this JVM measures thread CPU time (else {@link #nanos} is always 0). */
    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** Nanoseconds of CPU the application's live threads have used so far (0 when not measured). */
    static long nanos(final String applicationId) {
        if (!supported()) {
            return 0;
        }
        long sum = 0;
        for (final ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains(applicationId)) {
                final long cpu = THREADS.getThreadCpuTime(thread.getThreadId());
                sum += Math.max(cpu, 0);
            }
        }
        return sum;
    }
}
