package io.exectrace.streams.retention;

/** What session retention reports (the metrics): sessions removed, and sessions that came back after removal. */
public interface RetentionListener {

    /** Reports nothing. */
    RetentionListener NONE = new RetentionListener() {
        @Override
        public void sessionsRemoved(final int count) {
        }

        @Override
        public void sessionRestarted() {
        }
    };

    /** Retention removed {@code count} sessions. */
    void sessionsRemoved(int count);

    /** An event arrived for a session retention had removed: it starts afresh. */
    void sessionRestarted();
}
