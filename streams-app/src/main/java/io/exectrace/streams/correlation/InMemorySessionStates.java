package io.exectrace.streams.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** All sessions' state in a map; nothing is persisted (the viewer reads files and exits). */
final class InMemorySessionStates implements SessionStates {
    private final Map<String, SessionState> sessions = new TreeMap<>();

    @Override
    public SessionState acquire(final String sessionId) {
        return sessions.computeIfAbsent(sessionId,
                id -> new SessionState(id, new SessionSummary(id), new LatencyProfile(), null, false));
    }

    @Override
    public void commit(final SessionState state) {
        // nothing to persist
    }

    @Override
    public void release(final SessionState state) {
        // kept: the viewer reads summaries after closing; an idle-closed session holds no chains or memories
    }

    @Override
    public List<String> idleSessions(final long lastSeenAtOrBeforeMillis) {
        final List<String> idle = new ArrayList<>();
        for (final SessionState s : sessions.values()) {
            if (!s.summary.idleClosed && s.summary.lastSeenWallMillis <= lastSeenAtOrBeforeMillis) {
                idle.add(s.sessionId);
            }
        }
        return idle;
    }

    SessionState get(final String sessionId) {
        return sessions.get(sessionId);
    }

    Iterable<String> sessionIds() {
        return sessions.keySet();
    }
}
