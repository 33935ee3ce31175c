package io.exectrace.harness.chaos;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child JVMs a scenario starts (Kafka nodes, apps, tailers), stopped when this JVM exits. A run that is
 * interrupted (Ctrl-C, a build stopped with SIGTERM) would otherwise leave brokers and apps running on the machine,
 * taking its cores from whatever is measured next.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final long GRACE_SECONDS = 10;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "chaos-child-processes"));
    }

    private ChildProcesses() {
    }

    /** {@code process}, now stopped (SIGTERM, SIGKILL after a grace period) if this JVM exits before it does. */
    static Process started(final Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return process;
    }

    private static void stopAll() {
        LIVE.forEach(Process::destroy);
        for (final Process process : LIVE) {
            try {
                if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                LIVE.forEach(Process::destroyForcibly);
                return;
            }
        }
    }
}
