package io.exectrace.harness.bench;

/**
 * The requests per second {@code bench freshness}'s pollers sent in the measured window: the app under test serves
 * them next to its pipeline, so they are part of the conditions the figures were taken in.
 *
 * @param summary      {@code GET /api/sessions/{probe}} of the event-count probes
 * @param busyChains   {@code GET /api/sessions/{id}/chains} of the busy session
 * @param silentChains {@code GET /api/sessions/{id}/chains} of the silent sessions
 */
record PollRates(double summary, double busyChains, double silentChains) {
}
