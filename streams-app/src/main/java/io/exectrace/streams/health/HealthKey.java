package io.exectrace.streams.health;

/**
 * Key of the health window stores: mode and session id joined by a NUL character, so one store serves both the
 * per-mode view (sum the keys of a mode) and per-session alerts, and each key stays in its session's partition.
 */
final class HealthKey {

    /** Mode of sessions whose events carry none. */
    public static final String UNKNOWN_MODE = "unknown";
    private static final char SEPARATOR = '\u0000';

    private HealthKey() {
    }

    public static String of(final String mode, final String session) {
        return (mode == null ? UNKNOWN_MODE : mode) + SEPARATOR + session;
    }
}
