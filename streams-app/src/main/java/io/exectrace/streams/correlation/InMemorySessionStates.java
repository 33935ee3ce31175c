package io.exectrace.streams.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * All sessions' state in a map; nothing is persisted (the viewer reads files and exits). A hash map, since every
 * record looks its session up; the listings sort.
 */
final class InMemorySessionStates implements SessionStates {
    private final Map<String, SessionState> sessions = new HashMap<>();

    @Override
    public SessionState acquire(final String sessionId) {
        return sessions.computeIfAbsent(sessionId,
                id -> new SessionState(id, new SessionSummary(id), new LatencySketches(), null, false));
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
        Collections.sort(idle);
        return idle;
    }

    @Override
    public List<String> sessionsWithOpenChains() {
        final List<String> open = new ArrayList<>();
        for (final SessionState s : sessions.values()) {
            if (!s.chains.isEmpty()) {
                open.add(s.sessionId);
            }
        }
        Collections.sort(open);
        return open;
    }

    SessionState get(final String sessionId) {
        return sessions.get(sessionId);
    }

    /** Every session seen, sorted. */
    List<String> sessionIds() {
        final List<String> ids = new ArrayList<>(sessions.keySet());
        Collections.sort(ids);
        return ids;
    }
}
