package io.exectrace.events;

import java.util.List;
import java.util.Map;

/**
 * One dialect as a mapping file declares it (see {@link DialectFile} for the format): how a record is recognised
 * and where each normalized field lies. Plain values, so two mappings that say the same thing are equal.
 *
 * @param name        the dialect's name; a built-in dialect's label ({@code telemetry_v1}, ...) describes that one
 * @param recognise   the dotted path of the field that tells the dialect
 * @param recogniseEquals the value that field must have (ASCII case ignored), or {@code null}: any non-null value
 * @param tsPath      path of the event time
 * @param tsFormat    how the event time is written
 * @param stagePath   path of the kind or stage
 * @param stageValues lower-case value (a trailing {@code *} matches any rest) → stage label or {@link #BY_VERDICT}
 * @param session     paths of the session id, the first present wins
 * @param mode        paths of the mode
 * @param symbol      paths of the symbol
 * @param separators  characters of a symbol written as {@code -} ({@code /}: {@code BTC/EUR} is {@code BTC-EUR})
 * @param side        paths of the side
 * @param sideValues  lower-case text → {@code buy} or {@code sell}; other texts are an unknown side
 * @param fields      the other normalized fields, each with its paths, the first present wins
 */
record DialectMapping(String name, String recognise, String recogniseEquals, String tsPath, TsFormat tsFormat,
                      String stagePath, Map<String, String> stageValues, List<String> session, List<String> mode,
                      List<String> symbol, String separators, List<String> side, Map<String, String> sideValues,
                      Map<MappedField, List<PathRef>> fields) {

    /** Stage value meaning "a gate: {@code decision} / {@code passed} says gate_pass or risk_block". */
    static final String BY_VERDICT = "by_verdict";

    /** How an event time is written. */
    enum TsFormat {
        ISO8601("iso8601", -1),
        EPOCH_S("epoch_s", EpochTime.SECONDS),
        EPOCH_MS("epoch_ms", EpochTime.MILLIS),
        EPOCH_US("epoch_us", EpochTime.MICROS);

        final String label;
        /** Power of ten to microseconds, -1 for ISO-8601 text. */
        final int toMicros;

        TsFormat(final String label, final int toMicros) {
            this.label = label;
            this.toMicros = toMicros;
        }

        static TsFormat of(final String label) {
            for (final TsFormat f : values()) {
                if (f.label.equals(label)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * One path of a field, and how it is read when that differs from the field's own reading (a strategy given by
     * name, {@code strategy_key}, is text where {@code strategy_id} is an id).
     */
    record PathRef(String path, MappedField.Reading reading) {
    }
}
