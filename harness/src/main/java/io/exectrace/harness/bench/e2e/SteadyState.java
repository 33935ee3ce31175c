package io.exectrace.harness.bench.e2e;

import java.util.List;

/**
 * Turns what a benchmark run saw of one application's consumer group (its committed input offsets, sampled
 * every few tens of milliseconds from {@code start()} on) into its start-up time and its steady-state rate.
 *
 * <ul>
 *   <li><b>start-up</b>: from {@code start()} to the first sample that shows a committed offset (the first
 *       commit: the group formed, tasks assigned and initialised, the first records processed);</li>
 *   <li><b>steady state</b>: from the first commit seen once the application is stable (two consecutive
 *       samples in state RUNNING, the second showing more committed records than the first: a commit happened
 *       between them, after the rebalance) until the sample that shows the whole input committed (consumer lag
 *       0). Its rate is the records committed in that window over its length, so records processed before the
 *       window (start-up, first rebalance, the first commit's records) count neither in the records nor in the
 *       time.</li>
 * </ul>
 *
 * <p>Both ends of the window are commits seen by polling, so each is late by at most one poll interval; the end
 * also includes the wait for the last commit after the last record (at most one commit interval).
 */
public final class SteadyState {

    private SteadyState() {
    }

    /**
     * One observation of the group.
     *
     * @param nanos     {@link System#nanoTime()} of the observation
     * @param committed input records the group has committed (sum over the partitions)
     * @param stable    whether the application was RUNNING (not starting, not rebalancing)
     * @param cpuNanos  CPU time its threads had used ({@link AppThreadCpu}; 0 when not measured)
     * @param liveHeapBytes the JVM's heap after its latest collection ({@link LiveHeap}; 0 when not measured)
     */
    public record Sample(long nanos, long committed, boolean stable, long cpuNanos, long liveHeapBytes) {

        /** An observation without the application's CPU time and heap. */
        public Sample(final long nanos, final long committed, final boolean stable) {
            this(nanos, committed, stable, 0, 0);
        }
    }

    /**
     * One application's run.
     *
     * @param startupSeconds from {@code start()} to the first commit
     * @param totalSeconds   from {@code start()} to consumer lag 0 (what the harness used to time)
     * @param steadySeconds  the steady-state window; 0 when the run was too short to have one
     * @param steadyRecords  input records committed within that window
     * @param records        input records in all
     * @param steadyCpuSeconds CPU time of the application's threads in that window (0: not measured)
     * @param peakLiveHeapBytes the JVM's largest heap after a collection from start() to the end (0: not measured)
     */
    public record Timing(double startupSeconds, double totalSeconds, double steadySeconds, long steadyRecords,
                         long records, double steadyCpuSeconds, long peakLiveHeapBytes) {

        /** A timing without CPU time and heap. */
        public Timing(final double startupSeconds, final double totalSeconds, final double steadySeconds,
                      final long steadyRecords, final long records) {
            this(startupSeconds, totalSeconds, steadySeconds, steadyRecords, records, 0, 0);
        }

        /** The most heap the JVM held after a collection while the application ran, in MiB (NaN: not measured). */
        public double peakLiveHeapMib() {
            return peakLiveHeapBytes > 0 ? peakLiveHeapBytes / (1024.0 * 1024.0) : Double.NaN;
        }

        /**
         * CPU microseconds the application's threads spent per record in the steady-state window, or NaN when
         * there was no window or no CPU time.
         */
        public double cpuMicrosPerRecord() {
            return steadyRecords > 0 && steadyCpuSeconds > 0 ? steadyCpuSeconds * 1e6 / steadyRecords : Double.NaN;
        }

        /** Records/s in the steady-state window, or NaN when there was none. */
        public double rate() {
            return steadySeconds > 0 ? steadyRecords / steadySeconds : Double.NaN;
        }

        /** Records/s from {@code start()}, start-up and first rebalance included (the old figure). */
        public double rateFromStart() {
            return records / totalSeconds;
        }
    }

    /**
     * The timing of a run from its samples, in the order taken, the last of which shows the whole input
     * committed.
     *
     * @param startedNanos {@link System#nanoTime()} just before {@code start()}
     * @param samples      the observations, oldest first
     * @param records      input records in all
     * @throws IllegalArgumentException when the samples never show the whole input committed
     */
    public static Timing of(final long startedNanos, final List<Sample> samples, final long records) {
        int firstCommit = -1;
        int windowStart = -1;
        int end = -1;
        for (int i = 0; i < samples.size(); i++) {
            final Sample sample = samples.get(i);
            if (firstCommit < 0 && sample.committed() > 0) {
                firstCommit = i;
            }
            if (windowStart < 0 && i > 0) {
                final Sample previous = samples.get(i - 1);
                if (previous.stable() && sample.stable() && sample.committed() > previous.committed()
                        && sample.committed() < records) {
                    windowStart = i;
                }
            }
            if (sample.committed() >= records) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException("the samples never show all " + records + " records committed");
        }
        final Sample last = samples.get(end);
        long peakHeap = 0;
        for (int i = 0; i <= end; i++) {
            peakHeap = Math.max(peakHeap, samples.get(i).liveHeapBytes());
        }
        final double startup = (samples.get(firstCommit).nanos() - startedNanos) / 1e9;
        final double total = (last.nanos() - startedNanos) / 1e9;
        if (windowStart < 0) {
            return new Timing(startup, total, 0, 0, records, 0, peakHeap);
        }
        final Sample from = samples.get(windowStart);
        return new Timing(startup, total, (last.nanos() - from.nanos()) / 1e9, records - from.committed(), records,
                (last.cpuNanos() - from.cpuNanos()) / 1e9, peakHeap);
    }
}
