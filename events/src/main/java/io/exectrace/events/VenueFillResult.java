package io.exectrace.events;

/** Outcome of reading one venue fill: the fill, or a typed reason why it is invalid. */
public sealed interface VenueFillResult permits VenueFillResult.Valid, VenueFillResult.Invalid {

    /** A record that is a valid venue fill. */
    record Valid(VenueFill fill) implements VenueFillResult {
    }

    /**
     * A record that is not a valid venue fill.
     *
     * @param reason    the typed reason
     * @param detail    a short human-readable explanation (never the whole input)
     * @param orderHint the venue order id if one could still be read, else {@code null} (dead letters are keyed
     *                  by it, as valid fills are)
     */
    record Invalid(VenueFillErrorReason reason, String detail, String orderHint) implements VenueFillResult {
    }
}
