package io.exectrace.streams.correlation;

import java.util.List;

/** Where the per-session correlation state lives: in memory (viewer) or in Kafka Streams state stores. */
interface SessionStates {

    /** The state of a session, loaded or created on first use. */
    SessionState acquire(String sessionId);

    /** Persists what changed in the state since the last commit. */
    void commit(SessionState state);

    /** The session has been idle-closed: its decoded state may be dropped (summary and latency stay readable). */
    void release(SessionState state);

    /** Sessions not yet idle-closed whose last record arrived at or before the given wall-clock time, sorted. */
    List<String> idleSessions(long lastSeenAtOrBeforeMillis);

    /** Sessions that have open chains, sorted. */
    List<String> sessionsWithOpenChains();
}
