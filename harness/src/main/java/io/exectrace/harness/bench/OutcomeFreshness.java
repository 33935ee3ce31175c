package io.exectrace.harness.bench;

/**
 * The outcome freshness of one case of {@code bench freshness}: how long after the send of a probe chain's ending
 * event {@code GET /api/sessions/{id}/chains} showed the chain closed as {@code filled}, and the probes for which
 * it never did in time. Every measured probe is in exactly one of the three counts, so none is silently dropped.
 * Next to it, how long until the outcome could first be read: the chain listed by {@code chains?state=open} as
 * ended by its full fill (settling, the contract's wait for late siblings), or else closed as {@code filled}.
 *
 * @param latencies    the probes seen closed as {@code filled} within the timeout
 * @param notSeen      probes whose chain was not seen closed within the timeout
 * @param otherOutcome probes whose chain was seen closed within the timeout, but not as {@code filled}
 * @param visible      of the probes seen closed as {@code filled}, when their outcome was first visible
 */
record OutcomeFreshness(Percentiles latencies, int notSeen, int otherOutcome, Percentiles visible) {

    /** Measured probes. */
    int probes() {
        return latencies.count() + notSeen + otherOutcome;
    }

    /** Probes not seen closed as {@code filled} in time. */
    int failures() {
        return notSeen + otherOutcome;
    }

    /** Probes were measured and every one was seen closed as {@code filled} in time. */
    boolean passed() {
        return failures() == 0 && latencies.count() > 0;
    }
}
