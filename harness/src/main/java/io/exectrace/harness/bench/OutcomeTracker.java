package io.exectrace.harness.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When each outcome probe's ending event was sent, when its outcome was first visible and when and how its chain
 * was first seen closed. Probes are numbered from 1. A thread of its own asks, of every session with an
 * outstanding probe (sent, not seen closed, not yet given up), once per poll interval ({@link PollPacing}), first
 * {@code GET /api/sessions/{id}/chains?state=open}, then {@code GET /api/sessions/{id}/chains}, and stamps every
 * probe chain of the answers (matched by {@code order_id}, else {@code intent_id}) with the time the answer
 * arrived: an open chain ended by its full fill ({@code end_reason} {@code full_fill}: the outcome is known, the
 * chain settles) as its outcome visible, a closed one as closed (and as visible, if it was not yet).
 *
 * <p>Chains come in close-time order. Each session is read from where its last full page ended: pages are
 * {@value #PAGE_LIMIT} chains and a session's start moves on to {@code next_cursor} whenever a page is full, so a
 * busy session's answers stay a few chains long however many probes it has had (a long answer polled hundreds of
 * times a second would load the app under test).
 */
final class OutcomeTracker implements AutoCloseable {
    static final int PAGE_LIMIT = 5;
    static final String FILLED = "filled";
    static final String FULL_FILL = "full_fill";
    /** Open chains asked for at once: a probe session has a few (the busy one about a settle time's worth). */
    static final int OPEN_LIMIT = 1000;

    /** {@code GET path} of the app: the body of a 200 answer, null for any other status or no answer. */
    @FunctionalInterface
    interface ApiGet {
        String get(String path) throws InterruptedException;
    }

    /** A probe's ending event was sent (clock value just before the send). */
    private record Sent(ProbeChain chain, long atNanos) {
    }

    /** A probe's chain was first seen closed, with this outcome, in the answer that arrived at {@code atNanos}. */
    private record Seen(long atNanos, String outcome) {
    }

    private final ApiGet api;
    private final long pollNanos;
    private final long timeoutNanos;
    private final LongSupplier clock;
    private final Thread poller;
    // Guarded by this: the sender adds, the poller stamps, the benchmark reads.
    private final List<Sent> sent = new ArrayList<>();
    private final Map<String, Integer> numberById = new HashMap<>();
    private final Map<Integer, Seen> seen = new HashMap<>();
    /** When each probe's outcome ({@code filled}) was first visible, open and ended or closed. */
    private final Map<Integer, Long> visible = new HashMap<>();
    private final NavigableSet<Integer> open = new TreeSet<>();
    // The poller's own: the cursor each session's reading starts at (absent: its first page).
    private final Map<String, String> pageStart = new HashMap<>();
    /** Written by the poller only. */
    private volatile long requests;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    /** A tracker whose poller is not started: tests call {@link #pollOnce()} themselves. */
    OutcomeTracker(final ApiGet api, final long pollNanos, final long timeoutNanos, final LongSupplier clock) {
        this.api = api;
        this.pollNanos = pollNanos;
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
        this.poller = new Thread(this::pollUntilStopped, "bench-outcome-poller");
        poller.setDaemon(true);
    }

    /** Starts polling every {@code pollInterval}; a probe not seen closed after {@code timeout} is given up. */
    static OutcomeTracker start(final ApiGet api, final Duration pollInterval, final Duration timeout) {
        final OutcomeTracker tracker = new OutcomeTracker(api, pollInterval.toNanos(), timeout.toNanos(),
                System::nanoTime);
        tracker.poller.start();
        return tracker;
    }

    /** Probes sent so far, i.e. the number of the last one. */
    synchronized int sent() {
        return sent.size();
    }

    /** Records that {@code chain}'s ending event is about to be sent and returns the probe's number. */
    synchronized int sending(final ProbeChain chain) {
        sent.add(new Sent(chain, clock.getAsLong()));
        final int number = sent.size();
        numberById.put(chain.orderId(), number);
        numberById.put(chain.intentId(), number);
        open.add(number);
        return number;
    }

    /** A probe numbered up to {@code last} is neither seen closed nor given up yet. */
    synchronized boolean waiting(final int last) {
        expire(clock.getAsLong());
        return !open.isEmpty() && open.first() <= last;
    }

    /** The figures of probes {@code first} to {@code last}. */
    synchronized OutcomeFreshness figures(final int first, final int last) {
        final long[] latencies = new long[Math.max(0, last - first + 1)];
        final long[] visibleLatencies = new long[latencies.length];
        int filled = 0;
        int notSeen = 0;
        int otherOutcome = 0;
        for (int k = first; k <= last; k++) {
            final Seen s = seen.get(k);
            final long latency = s == null ? -1 : s.atNanos() - sent.get(k - 1).atNanos();
            if (latency < 0 || latency > timeoutNanos) {
                notSeen++;
            } else if (FILLED.equals(s.outcome())) {
                visibleLatencies[filled] = visible.get(k) - sent.get(k - 1).atNanos();
                latencies[filled++] = latency;
            } else {
                otherOutcome++;
            }
        }
        return new OutcomeFreshness(new Percentiles(Arrays.copyOf(latencies, filled)), notSeen, otherOutcome,
                new Percentiles(Arrays.copyOf(visibleLatencies, filled)));
    }

    /** Requests sent to the app so far. */
    long requests() {
        return requests;
    }

    /** Throws when polling failed (an answer that is not a chains page). */
    void check() {
        if (failure != null) {
            throw failure;
        }
    }

    /** One round: every session with an outstanding probe, each from its page start to its last page. */
    void pollOnce() throws InterruptedException {
        for (final Map.Entry<String, Boolean> outstanding : outstandingSessions().entrySet()) {
            final String session = outstanding.getKey();
            if (outstanding.getValue()) {
                final String openChains = api.get(openPath(session));
                requests++;
                if (openChains != null) {
                    stampEnded(ChainsPage.parse(openChains).chains(), clock.getAsLong());
                }
            }
            String cursor = pageStart.get(session);
            while (!stopped) {
                final String body = api.get(path(session, cursor));
                requests++;
                final long now = clock.getAsLong();
                // Null (404) until the session's first event is processed, and (503) while the app rebalances:
                // asked again next round.
                if (body == null) {
                    break;
                }
                final ChainsPage page = ChainsPage.parse(body);
                stamp(page.chains(), now);
                if (page.nextCursor() == null) {
                    break;
                }
                cursor = page.nextCursor();
                pageStart.put(session, cursor);
            }
        }
    }

    static String path(final String session, final String cursor) {
        return "/api/sessions/" + session + "/chains?limit=" + PAGE_LIMIT
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }

    static String openPath(final String session) {
        return "/api/sessions/" + session + "/chains?state=open&limit=" + OPEN_LIMIT;
    }

    /**
     * The sessions with an outstanding probe, in the order of their oldest one, each with whether the outcome of
     * one of its outstanding probes is not yet visible: only then is its open-chains page worth asking for (it
     * decodes the session's correlation state, a load on the app under test).
     */
    private synchronized Map<String, Boolean> outstandingSessions() {
        expire(clock.getAsLong());
        final Map<String, Boolean> sessions = new LinkedHashMap<>();
        for (final int number : open) {
            sessions.merge(sent.get(number - 1).chain().sessionId(), !visible.containsKey(number), Boolean::logicalOr);
        }
        return sessions;
    }

    /** How long the oldest outstanding probe has waited (0: none). */
    private synchronized long oldestOpenAge(final long now) {
        return open.isEmpty() ? 0 : now - sent.get(open.first() - 1).atNanos();
    }

    /** Gives up the probes sent more than the timeout ago; {@link #figures} counts them as not seen. */
    private void expire(final long now) {
        for (final Iterator<Integer> it = open.iterator(); it.hasNext(); ) {
            final int number = it.next();
            if (now - sent.get(number - 1).atNanos() <= timeoutNanos) {
                // Later probes were sent later; they are not due either (the clock is monotonic).
                return;
            }
            it.remove();
        }
    }

    private synchronized void stamp(final List<ChainsPage.Chain> chains, final long now) {
        for (final ChainsPage.Chain chain : chains) {
            final Integer number = probeOf(chain);
            // A chain stays in the answers once closed: only its first sighting counts.
            if (number != null && !seen.containsKey(number)) {
                seen.put(number, new Seen(now, chain.outcome()));
                visible.putIfAbsent(number, now);
                open.remove(number);
            }
        }
    }

    /** Stamps the open probe chains that have ended by their full fill: their outcome is visible. */
    private synchronized void stampEnded(final List<ChainsPage.Chain> chains, final long now) {
        for (final ChainsPage.Chain chain : chains) {
            if (!FULL_FILL.equals(chain.endReason())) {
                continue;
            }
            final Integer number = probeOf(chain);
            if (number != null) {
                visible.putIfAbsent(number, now);
            }
        }
    }

    private Integer probeOf(final ChainsPage.Chain chain) {
        final Integer number = chain.orderId() == null ? null : numberById.get(chain.orderId());
        return number != null || chain.intentId() == null ? number : numberById.get(chain.intentId());
    }

    private void pollUntilStopped() {
        try {
            while (!stopped) {
                pollOnce();
                TimeUnit.NANOSECONDS.sleep(PollPacing.waitNanos(pollNanos, oldestOpenAge(clock.getAsLong())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        poller.join(15_000);
    }
}
