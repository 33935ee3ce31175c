package io.exectrace.events;

/** Bit flags for data-quality findings on a single, otherwise valid, event. */
public final class QualityFlags {
    /** The timestamp had no zone and was read as UTC. */
    public static final int ZONELESS_TS = 1;
    /** An id field ({@code order_id}, {@code intent_id}, ...) was not a JSON string (e.g. a number). */
    public static final int NON_STRING_ID = 1 << 1;
    /** A numeric field held a value of the wrong type (e.g. a quantity given as text) and was ignored. */
    public static final int BAD_NUMBER = 1 << 2;

    private QualityFlags() {
    }
}
