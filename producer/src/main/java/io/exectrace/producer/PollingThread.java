package io.exectrace.producer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tailer's scans on a thread of its own until stopped: the next scan follows at once when one stopped at
 * its byte budget with more pending, after the poll interval otherwise, and after a back-off that doubles up to
 * 5 s while the cluster does not acknowledge.
 */
final class PollingThread {
    /** Logs as the tailer it runs. */
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Supplier<TailPass> scan;
    private final Duration pollInterval;
    private final Object lifecycle = new Object();
    private final CountDownLatch wakeUp = new CountDownLatch(1);
    private Thread thread;
    private volatile boolean running;

    PollingThread(final Supplier<TailPass> scan, final Duration pollInterval) {
        this.scan = scan;
        this.pollInterval = pollInterval;
    }

    void start() {
        synchronized (lifecycle) {
            if (thread != null) {
                throw new IllegalStateException("tailer already started");
            }
            running = true;
            thread = new Thread(this::run, "exectrace-tail");
            thread.start();
        }
    }

    private void run() {
        long backoff = pollInterval.toMillis();
        while (running) {
            long pause = pollInterval.toMillis();
            try {
                final TailPass pass = scan.get();
                if (pass.failed() > 0) {
                    backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                    pause = backoff;
                } else {
                    backoff = pollInterval.toMillis();
                    if (pass.morePending()) {
                        continue;
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warn("tail scan failed: {}", e.toString());
            }
            try {
                wakeUp.await(pause, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /**
     * Lets the thread end after its current scan and waits for it up to {@code timeout}; true when it ended (or
     * was never started).
     */
    boolean stop(final Duration timeout) {
        final Thread scanning;
        synchronized (lifecycle) {
            running = false;
            scanning = thread;
        }
        wakeUp.countDown();
        if (scanning == null) {
            return true;
        }
        join(scanning, timeout);
        return !scanning.isAlive();
    }

    /** Waits up to {@code timeout} more for a thread that did not end within {@link #stop}'s time. */
    void awaitEnd(final Duration timeout) {
        final Thread scanning;
        synchronized (lifecycle) {
            scanning = thread;
        }
        if (scanning != null) {
            join(scanning, timeout);
        }
    }

    private static void join(final Thread thread, final Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
