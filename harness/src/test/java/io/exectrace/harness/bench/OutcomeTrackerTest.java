package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Matching chains answers to outcome probes, timing them, giving them up and paging, against a fake API. */
class OutcomeTrackerTest {
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT = 1_000 * MS;

    private final AtomicLong clock = new AtomicLong(10_000 * MS);
    /** Answers by path; a path without an answer is a 404 (null). */
    private final Map<String, String> answers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final OutcomeTracker tracker = new OutcomeTracker(path -> {
        asked.add(path);
        return answers.get(path);
    }, MS, TIMEOUT, clock::get);

    @Test
    void aChainSeenFilledIsTimedFromTheSendOfTheFillToTheAnswer() throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        assertThat(tracker.sending(probe)).isEqualTo(1);
        tracker.pollOnce(); // 404: the session is not there yet
        clock.addAndGet(250 * MS);
        answers.put(OutcomeTracker.path("busy", null), page(null, chain(probe, "filled")));

        tracker.pollOnce();

        final OutcomeFreshness figures = tracker.figures(1, 1);
        assertThat(figures.passed()).isTrue();
        assertThat(figures.latencies().count()).isEqualTo(1);
        assertThat(figures.latencies().millis(0.5)).isEqualTo(250.0);
        assertThat(tracker.waiting(1)).isFalse();
    }

    @Test
    void onlyTheFirstSightingCounts() throws InterruptedException {
        final ProbeChain one = ProbeChain.numbered("busy", "busy", 1);
        final ProbeChain two = ProbeChain.numbered("busy", "busy", 2);
        tracker.sending(one);
        tracker.sending(two);
        answers.put(OutcomeTracker.path("busy", null), page(null, chain(one, "filled")));
        clock.addAndGet(100 * MS);
        tracker.pollOnce();
        answers.put(OutcomeTracker.path("busy", null), page(null, chain(one, "filled"), chain(two, "filled")));
        clock.addAndGet(100 * MS);

        tracker.pollOnce();

        assertThat(tracker.figures(1, 1).latencies().maxMillis()).isEqualTo(100.0);
        assertThat(tracker.figures(2, 2).latencies().maxMillis()).isEqualTo(200.0);
    }

    @Test
    void aChainWithoutOrderIdIsMatchedByItsIntentId() throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        tracker.sending(probe);
        answers.put(OutcomeTracker.path("busy", null), page(null,
                "{\"intent_id\":\"" + probe.intentId() + "\",\"outcome\":\"filled\"}"));

        tracker.pollOnce();

        assertThat(tracker.figures(1, 1).latencies().count()).isEqualTo(1);
    }

    @Test
    void chainsOfOthersAreIgnoredAndAnotherOutcomeIsAFailureNotALatency() throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        tracker.sending(probe);
        answers.put(OutcomeTracker.path("busy", null), page(null,
                "{\"intent_id\":\"someone-else\",\"order_id\":\"x\",\"outcome\":\"filled\"}",
                chain(probe, "missing_fill")));

        tracker.pollOnce();

        final OutcomeFreshness figures = tracker.figures(1, 1);
        assertThat(figures.latencies().count()).isZero();
        assertThat(figures.otherOutcome()).isEqualTo(1);
        assertThat(figures.notSeen()).isZero();
        assertThat(figures.passed()).isFalse();
        assertThat(tracker.waiting(1)).as("a closed chain does not reopen").isFalse();
    }

    @Test
    void aProbeNotSeenWithinTheTimeoutIsCountedAsNotSeenAndNoLongerAskedFor() throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("bench-freshness-silent-1", "silent", 1);
        tracker.sending(probe);
        tracker.pollOnce();
        assertThat(tracker.waiting(1)).isTrue();
        clock.addAndGet(TIMEOUT + MS);
        asked.clear();

        tracker.pollOnce();

        assertThat(asked).isEmpty();
        assertThat(tracker.waiting(1)).isFalse();
        final OutcomeFreshness figures = tracker.figures(1, 1);
        assertThat(figures.notSeen()).isEqualTo(1);
        assertThat(figures.probes()).isEqualTo(1);
        assertThat(figures.passed()).isFalse();
    }

    @Test
    void aChainSeenOnlyAfterTheTimeoutCountsAsNotSeen() throws InterruptedException {
        final ProbeChain late = ProbeChain.numbered("busy", "busy", 1);
        tracker.sending(late);
        clock.addAndGet(TIMEOUT);
        final ProbeChain next = ProbeChain.numbered("busy", "busy", 2);
        tracker.sending(next);
        clock.addAndGet(10 * MS);
        // The session is still asked for because of the second probe; the first shows up late.
        answers.put(OutcomeTracker.path("busy", null), page(null, chain(late, "filled"), chain(next, "filled")));

        tracker.pollOnce();

        assertThat(tracker.figures(1, 1).notSeen()).isEqualTo(1);
        assertThat(tracker.figures(2, 2).latencies().count()).isEqualTo(1);
        assertThat(tracker.figures(1, 2).probes()).isEqualTo(2);
    }

    @Test
    void onlyTheSessionsOfOutstandingProbesAreAsked() throws InterruptedException {
        final ProbeChain one = ProbeChain.numbered("bench-freshness-silent-1", "silent", 1);
        final ProbeChain two = ProbeChain.numbered("bench-freshness-silent-2", "silent", 2);
        tracker.sending(one);
        tracker.sending(two);
        answers.put(OutcomeTracker.path(one.sessionId(), null), page(null, chain(one, "filled")));
        tracker.pollOnce();
        assertThat(asked).containsExactly(OutcomeTracker.openPath(one.sessionId()),
                OutcomeTracker.path(one.sessionId(), null), OutcomeTracker.openPath(two.sessionId()),
                OutcomeTracker.path(two.sessionId(), null));
        asked.clear();

        tracker.pollOnce();

        assertThat(asked).containsExactly(OutcomeTracker.openPath(two.sessionId()),
                OutcomeTracker.path(two.sessionId(), null));
        assertThat(tracker.waiting(1)).isFalse();
        assertThat(tracker.waiting(2)).isTrue();
    }

    @Test
    void aFullPageMovesTheSessionsStartToTheNextCursorForGood() throws InterruptedException {
        final List<String> firstPage = new ArrayList<>();
        for (int k = 1; k <= OutcomeTracker.PAGE_LIMIT; k++) {
            firstPage.add(chain(ProbeChain.numbered("busy", "warm", k), "filled"));
        }
        answers.put(OutcomeTracker.path("busy", null), page("next/page+1=", firstPage.toArray(String[]::new)));
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        final ProbeChain later = ProbeChain.numbered("busy", "busy", 2);
        tracker.sending(probe);
        tracker.sending(later);
        final String second = OutcomeTracker.path("busy", "next/page+1=");
        answers.put(second, page(null, chain(probe, "filled")));

        tracker.pollOnce();

        assertThat(second).endsWith("&cursor=next%2Fpage%2B1%3D");
        assertThat(asked).containsExactly(OutcomeTracker.openPath("busy"), OutcomeTracker.path("busy", null), second);
        assertThat(tracker.requests()).isEqualTo(3);
        assertThat(tracker.figures(1, 1).latencies().count()).isEqualTo(1);
        asked.clear();

        tracker.pollOnce();

        assertThat(asked).containsExactly(OutcomeTracker.openPath("busy"), second);
    }

    @Test
    void anOpenChainEndedByItsFullFillMakesTheOutcomeVisibleBeforeItCloses() throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        final ProbeChain other = ProbeChain.numbered("busy", "busy", 2);
        tracker.sending(probe);
        tracker.sending(other);
        clock.addAndGet(40 * MS);
        answers.put(OutcomeTracker.openPath("busy"), page(null, open(probe, "full_fill"), open(other, null)));
        tracker.pollOnce();
        clock.addAndGet(900 * MS);
        answers.put(OutcomeTracker.openPath("busy"), page(null, open(other, "cancel")));
        answers.put(OutcomeTracker.path("busy", null), page(null, chain(probe, "filled")));

        tracker.pollOnce();

        final OutcomeFreshness figures = tracker.figures(1, 1);
        assertThat(figures.latencies().millis(0.5)).as("closed").isEqualTo(940.0);
        assertThat(figures.visible().millis(0.5)).as("ended by the full fill").isEqualTo(40.0);
        assertThat(tracker.waiting(1)).isFalse();
        assertThat(tracker.waiting(2)).as("ended by a cancel: no outcome filled yet").isTrue();
    }

    @Test
    void aSessionWhoseOutstandingOutcomesAreAllVisibleIsNoLongerAskedForItsOpenChains()
            throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        tracker.sending(probe);
        answers.put(OutcomeTracker.openPath("busy"), page(null, open(probe, "full_fill")));
        tracker.pollOnce();
        asked.clear();

        tracker.pollOnce();

        assertThat(asked).as("still waiting for it to close, but its outcome is known")
                .containsExactly(OutcomeTracker.path("busy", null));
        final ProbeChain next = ProbeChain.numbered("busy", "busy", 2);
        tracker.sending(next);
        asked.clear();

        tracker.pollOnce();

        assertThat(asked).containsExactly(OutcomeTracker.openPath("busy"), OutcomeTracker.path("busy", null));
    }

    @Test
    void aChainFirstSeenClosedHasItsOutcomeVisibleThen() throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        tracker.sending(probe);
        clock.addAndGet(300 * MS);
        answers.put(OutcomeTracker.path("busy", null), page(null, chain(probe, "filled")));

        tracker.pollOnce();

        assertThat(tracker.figures(1, 1).visible().millis(0.5)).isEqualTo(300.0);
    }

    @Test
    void figuresCoverTheAskedRangeOnly() throws InterruptedException {
        for (int k = 1; k <= 3; k++) {
            tracker.sending(ProbeChain.numbered("busy", "busy", k));
        }
        answers.put(OutcomeTracker.path("busy", null), page(null,
                chain(ProbeChain.numbered("busy", "busy", 2), "filled")));

        tracker.pollOnce();

        assertThat(tracker.figures(2, 2).passed()).isTrue();
        assertThat(tracker.figures(2, 3).probes()).isEqualTo(2);
        assertThat(tracker.figures(2, 3).notSeen()).isEqualTo(1);
        assertThat(tracker.figures(1, 0).probes()).isZero();
        assertThat(tracker.figures(1, 0).passed()).as("no probe measured is no pass").isFalse();
    }

    @Test
    void theStartedPollerFindsAChainAndAnswerThatIsNoPageFailsTheRun() throws InterruptedException {
        final ProbeChain probe = ProbeChain.numbered("busy", "busy", 1);
        final Map<String, String> live = new ConcurrentHashMap<>();
        try (OutcomeTracker started = OutcomeTracker.start(live::get, Duration.ofMillis(1),
                Duration.ofSeconds(10))) {
            started.sending(probe);
            live.put(OutcomeTracker.path("busy", null), page(null, chain(probe, "filled")));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.waiting(1) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            assertThat(started.figures(1, 1).passed()).isTrue();

            started.sending(ProbeChain.numbered("broken", "busy", 2));
            live.put(OutcomeTracker.path("broken", null), "{\"error\":\"internal\"}");
            while (started.waiting(2) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(1);
                try {
                    started.check();
                } catch (IllegalStateException e) {
                    break;
                }
            }
            assertThatThrownBy(started::check).hasMessageContaining("no chains array");
        }
    }

    private static String chain(final ProbeChain probe, final String outcome) {
        return "{\"chain_id\":\"c-" + probe.orderId() + "\",\"intent_id\":\"" + probe.intentId() + "\",\"order_id\":\""
                + probe.orderId() + "\",\"outcome\":\"" + outcome + "\"}";
    }

    /** An open chain as {@code chains?state=open} lists it: ended ({@code endReason}) or not (null). */
    private static String open(final ProbeChain probe, final String endReason) {
        return "{\"chain_id\":\"c-" + probe.orderId() + "\",\"stage\":\"" + (endReason == null ? "submitted" : "ended")
                + "\",\"end_reason\":" + (endReason == null ? "null" : "\"" + endReason + "\"")
                + ",\"intent_id\":\"" + probe.intentId() + "\",\"order_id\":\"" + probe.orderId() + "\"}";
    }

    private static String page(final String nextCursor, final String... chains) {
        return "{\"session_id\":\"s\",\"count\":" + chains.length + ",\"chains\":[" + String.join(",", chains)
                + "],\"next_cursor\":" + (nextCursor == null ? "null" : "\"" + nextCursor + "\"") + "}";
    }
}
