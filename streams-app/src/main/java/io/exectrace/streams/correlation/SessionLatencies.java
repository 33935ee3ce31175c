package io.exectrace.streams.correlation;

import java.util.NavigableMap;

/**
 * The latency distributions of one session: all chains, and per symbol.
 *
 * @param all      every chain of the session
 * @param bySymbol chains of one symbol, by symbol (chains without a symbol count only in {@code all})
 */
public record SessionLatencies(LatencySketches all, NavigableMap<String, LatencySketches> bySymbol) {
}
