package io.exectrace.streams.health;

/**
 * One alert on {@code execution-alerts} (JSON, key = session id). Times are event time unless the field name says
 * wall clock; {@link AlertType#NO_EVENTS}, {@link AlertType#STUCK_ORDER} and {@link AlertType#RECONCILIATION_MISMATCH}
 * have a wall-clock field, the others are fully determined by the input.
 *
 * @param type                     what fired
 * @param sessionId                the session
 * @param mode                     the session's mode ({@code unknown} when none)
 * @param windowStartMillis        start of the evaluated window (epoch ms), or -1 when the alert has no window
 * @param windowEndMillis          end (exclusive) of the evaluated window, or -1
 * @param value                    the measured value (a rate, seconds, a count; see {@link #unit})
 * @param threshold                the value it crossed, same unit
 * @param unit                     {@code ratio}, {@code seconds} or {@code count}
 * @param eventTimeMillis          event time the alert is about (window end, the chain's time, the later event)
 * @param detail                   one human sentence
 * @param wallClockDetectedAtMillis wall-clock time of detection, or -1 for event-time alerts
 */
public record Alert(AlertType type, String sessionId, String mode, long windowStartMillis, long windowEndMillis,
                    double value, double threshold, String unit, long eventTimeMillis, String detail,
                    long wallClockDetectedAtMillis) {

    public AlertType.Severity severity() {
        return type.severity();
    }
}
