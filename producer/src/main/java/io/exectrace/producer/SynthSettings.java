package io.exectrace.producer;

import io.exectrace.events.ChainOutcome;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link SyntheticSessions} generates.
 *
 * @param seed            the seed: the same settings and seed give byte-identical output
 * @param sessions        number of sessions, generated side by side
 * @param startMicros     event time of the simulated clock's start, epoch microseconds
 * @param eventsPerSecond density of the simulated clock: about this many records per second of event time
 * @param maxLines        stop after exactly this many records ({@code -1}: no limit)
 * @param durationMicros  stop starting chains after this much event time ({@code -1}: no limit); chains under
 *                        way are completed
 * @param latencies       latency per edge ({@code intent_to_order}, {@code order_to_ack}, {@code order_to_fill},
 *                        {@code fill_completion}); missing edges use the defaults
 * @param outOfOrder      share of events delivered late (by less than 1 s, never after the event that ends their
 *                        chain), 0..1
 * @param duplicates      share of events delivered twice, byte for byte, 0..1
 * @param invalid         share of extra invalid lines (one per this many events), 0..1
 * @param ledgerShare     share of sessions writing dialect B (the rest write dialect A, half of those in
 *                        Peak_Trade's emitter style without intent ids), 0..1
 * @param mix             relative weight of each chain outcome
 */
public record SynthSettings(long seed, int sessions, long startMicros, double eventsPerSecond, long maxLines,
                            long durationMicros, Map<String, LatencyProfile> latencies, double outOfOrder,
                            double duplicates, double invalid, double ledgerShare, Map<ChainOutcome, Double> mix) {

    /** The latency edges that can be configured. */
    public static final java.util.List<String> EDGES =
            java.util.List.of("intent_to_order", "order_to_ack", "order_to_fill", "fill_completion");

    public SynthSettings {
        if (sessions <= 0) {
            throw new IllegalArgumentException("--sessions must be positive, got " + sessions);
        }
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("the event rate must be a positive number, got " + eventsPerSecond);
        }
        if (maxLines == 0 || maxLines < -1) {
            throw new IllegalArgumentException("--events must be positive, got " + maxLines);
        }
        if (durationMicros == 0 || durationMicros < -1) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        share("--out-of-order", outOfOrder);
        share("--duplicates", duplicates);
        share("--invalid", invalid);
        share("--ledger-share", ledgerShare);
        final Map<String, LatencyProfile> merged = new LinkedHashMap<>(defaultLatencies());
        for (final Map.Entry<String, LatencyProfile> e : latencies.entrySet()) {
            if (!EDGES.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown latency edge '" + e.getKey() + "' (one of " + EDGES + ")");
            }
            merged.put(e.getKey(), e.getValue());
        }
        latencies = Collections.unmodifiableMap(merged);
        final EnumMap<ChainOutcome, Double> weights = new EnumMap<>(defaultMix());
        weights.putAll(mix);
        double total = 0;
        for (final Map.Entry<ChainOutcome, Double> e : weights.entrySet()) {
            if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
                throw new IllegalArgumentException("weight of " + e.getKey().label() + " must be >= 0, got " + e.getValue());
            }
            total += e.getValue();
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("--mix needs at least one outcome with a positive weight");
        }
        mix = Collections.unmodifiableMap(weights);
    }

    /** Defaults: 10 sessions from {@code startMicros}, 1000 events/s of event time, no limit. */
    public static SynthSettings defaults(final long seed, final long startMicros) {
        return new SynthSettings(seed, 10, startMicros, 1000, -1, -1, Map.of(), 0.05, 0.01, 0.005, 0.5, Map.of());
    }

    public SynthSettings withSessions(final int value) {
        return new SynthSettings(seed, value, startMicros, eventsPerSecond, maxLines, durationMicros, latencies,
                outOfOrder, duplicates, invalid, ledgerShare, mix);
    }

    public SynthSettings withMaxLines(final long value) {
        return new SynthSettings(seed, sessions, startMicros, eventsPerSecond, value, durationMicros, latencies,
                outOfOrder, duplicates, invalid, ledgerShare, mix);
    }

    public SynthSettings withDurationMicros(final long value) {
        return new SynthSettings(seed, sessions, startMicros, eventsPerSecond, maxLines, value, latencies,
                outOfOrder, duplicates, invalid, ledgerShare, mix);
    }

    public SynthSettings withEventsPerSecond(final double value) {
        return new SynthSettings(seed, sessions, startMicros, value, maxLines, durationMicros, latencies,
                outOfOrder, duplicates, invalid, ledgerShare, mix);
    }

    public SynthSettings withShares(final double outOfOrderShare, final double duplicateShare,
                                    final double invalidShare, final double ledger) {
        return new SynthSettings(seed, sessions, startMicros, eventsPerSecond, maxLines, durationMicros, latencies,
                outOfOrderShare, duplicateShare, invalidShare, ledger, mix);
    }

    public SynthSettings withLatencies(final Map<String, LatencyProfile> value) {
        return new SynthSettings(seed, sessions, startMicros, eventsPerSecond, maxLines, durationMicros, value,
                outOfOrder, duplicates, invalid, ledgerShare, mix);
    }

    public SynthSettings withMix(final Map<ChainOutcome, Double> value) {
        return new SynthSettings(seed, sessions, startMicros, eventsPerSecond, maxLines, durationMicros, latencies,
                outOfOrder, duplicates, invalid, ledgerShare, value);
    }

    /** intent_to_order 20ms:200ms, order_to_ack 15ms:150ms, order_to_fill 80ms:1500ms, fill_completion 300ms:5s. */
    public static Map<String, LatencyProfile> defaultLatencies() {
        final Map<String, LatencyProfile> map = new LinkedHashMap<>();
        map.put("intent_to_order", new LatencyProfile(20, 200));
        map.put("order_to_ack", new LatencyProfile(15, 150));
        map.put("order_to_fill", new LatencyProfile(80, 1500));
        map.put("fill_completion", new LatencyProfile(300, 5000));
        return map;
    }

    /** filled 70, partially_filled 5, cancelled 5, risk_blocked 7, error 5, missing_order 3, missing_fill 5. */
    public static Map<ChainOutcome, Double> defaultMix() {
        final EnumMap<ChainOutcome, Double> map = new EnumMap<>(ChainOutcome.class);
        map.put(ChainOutcome.FILLED, 70.0);
        map.put(ChainOutcome.PARTIALLY_FILLED, 5.0);
        map.put(ChainOutcome.CANCELLED, 5.0);
        map.put(ChainOutcome.RISK_BLOCKED, 7.0);
        map.put(ChainOutcome.ERROR, 5.0);
        map.put(ChainOutcome.MISSING_ORDER, 3.0);
        map.put(ChainOutcome.MISSING_FILL, 5.0);
        return map;
    }

    private static void share(final String option, final double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + " must be a share between 0 and 1, got " + value);
        }
    }
}
