package io.exectrace.launcher;

import io.exectrace.api.AccessWaitServer;
import io.exectrace.api.ApiSettings;
import io.exectrace.streams.access.AccessCheck;
import io.exectrace.streams.access.AccessCheckException;
import io.exectrace.streams.config.ExectraceConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds start-up back until the principal has every ACL the pipeline needs: one ERROR line naming the missing ones
 * (again only when that set changes), {@code /ready} saying the same on the API port, a check every ten seconds,
 * and the pipeline started as soon as they are granted. No crash loop, no pipeline stalled on a refused request.
 */
final class AccessWait {
    private static final Logger LOG = LoggerFactory.getLogger(AccessWait.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(15);

    private AccessWait() {
    }

    /** Returns at once when nothing is missing, otherwise once everything has been granted. */
    static void untilGranted(final ExectraceConfig config, final ApiSettings api) throws InterruptedException {
        List<String> missing = AccessCheck.missing(config, CHECK_TIMEOUT);
        if (missing.isEmpty()) {
            return;
        }
        logMissing(missing);
        final AtomicReference<List<String>> current = new AtomicReference<>(missing);
        try (AccessWaitServer server = AccessWaitServer.start(api, current::get)) {
            while (!missing.isEmpty()) {
                Thread.sleep(AccessWaitServer.RETRY_AFTER_SECONDS * 1000L);
                final List<String> next;
                try {
                    next = AccessCheck.missing(config, CHECK_TIMEOUT);
                } catch (AccessCheckException e) {
                    LOG.warn("Cannot check the ACLs right now: {}", e.getMessage());
                    continue;
                }
                if (!next.isEmpty() && !next.equals(missing)) {
                    logMissing(next);
                }
                missing = next;
                current.set(next);
            }
        }
        LOG.info("ACLs granted; starting the pipeline");
    }

    private static void logMissing(final List<String> missing) {
        LOG.error("Not authorised to run: missing ACLs: {}. Grant them (docs/operations.md, \"ACLs\"); checking "
                + "again every {} s", String.join(", ", missing), AccessWaitServer.RETRY_AFTER_SECONDS);
    }
}
