package io.exectrace.harness.chaos;

import io.exectrace.events.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings of one {@code exectrace chaos} run.
 *
 * @param events  input events to generate
 * @param seed    seed of the synthetic input and of the fault schedule (same seed, same faults)
 * @param workDir a fresh directory for the broker data, the app's state and its logs
 * @param params  scenario parameters given as {@code --set KEY=VALUE} (each scenario documents its own)
 * @param keying  how the input records are keyed ({@code --key}; only scenarios that say so honour another than
 *                {@link InputKeying#SESSION})
 */
public record ChaosOptions(long events, long seed, Path workDir, Map<String, String> params, InputKeying keying) {

    public ChaosOptions {
        if (events <= 0) {
            throw new IllegalArgumentException("--events must be positive, got " + events);
        }
        params = Map.copyOf(params);
        Objects.requireNonNull(keying, "keying");
    }

    /** Options with the input keyed by session id, as exectrace's producers key it. */
    public ChaosOptions(final long events, final long seed, final Path workDir, final Map<String, String> params) {
        this(events, seed, workDir, params, InputKeying.SESSION);
    }

    /** An integer parameter, or {@code fallback} when not given. */
    public int intParam(final String key, final int fallback) {
        return param(key, fallback, Integer::parseInt, "an integer");
    }

    /** A duration parameter ({@code 30s}, {@code 2m}, ISO-8601), or {@code fallback} when not given. */
    public Duration durationParam(final String key, final Duration fallback) {
        return param(key, fallback, DurationText::parse, "a duration like 30s");
    }

    private <T> T param(final String key, final T fallback, final Function<String, T> parse, final String what) {
        final String value = params.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return parse.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--set " + key + " must be " + what + ", got '" + value + "'");
        }
    }
}
