package io.exectrace.streams.retention;

import java.util.List;

/**
 * What the session processor needs to run {@link SessionRetention} in its task: how, the removals of the other
 * parts of the topology (the processor adds its own first), and where to report.
 *
 * @param settings null: no retention (sessions stay forever)
 */
public record RetentionPlan(SessionRetention.Settings settings, List<SessionRemoval.Factory> removals,
                            RetentionListener listener) {

    /** No retention. */
    public static final RetentionPlan NONE = new RetentionPlan(null, List.of(), RetentionListener.NONE);

    public RetentionPlan {
        removals = List.copyOf(removals);
    }

    /** Whether sessions are removed at all. */
    public boolean enabled() {
        return settings != null;
    }
}
