package io.exectrace.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a venue's symbol ({@code XXBTZEUR}, {@code XBTUSD}, {@code XBT/USD}) into ours ({@code BASE-QUOTE}, e.g.
 * {@code BTC-EUR}); a documented map with defaults for Kraken's common pairs, to which a file adds entries.
 *
 * <p><b>Rule</b> (fixtures/README.md, "Venue fills"), on the symbol trimmed and upper-cased:
 * <ol>
 *   <li>an entry of the map gives our symbol as it is;</li>
 *   <li>a symbol with one separator ({@code /}, {@code -} or {@code _}) is {@code BASE-QUOTE}, each side through
 *       {@link #currency(String)} ({@code XBT/EUR} is {@code BTC-EUR});</li>
 *   <li>eight characters that are two of Kraken's four-letter legacy asset codes are those two
 *       ({@code XLTCZUSD} is {@code LTC-USD});</li>
 *   <li>a symbol that ends in a known quote currency ({@link #QUOTES}, longest first) after two to twelve letters
 *       or digits is that base and quote ({@code DOTUSDT} is {@code DOT-USDT}, {@code XTZEUR} is
 *       {@code XTZ-EUR});</li>
 *   <li>anything else is unknown ({@code null}): the fill is invalid, never guessed.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class VenueSymbols {

    /** Kraken's asset codes that are not ours: legacy four-letter codes and {@code XBT}/{@code XDG}. */
    static final Map<String, String> ASSET_ALIASES = orderedMap(
            "XXBT", "BTC", "XBT", "BTC", "XETH", "ETH", "XXDG", "DOGE", "XDG", "DOGE", "XXRP", "XRP",
            "XLTC", "LTC", "XXLM", "XLM", "XXMR", "XMR", "XETC", "ETC", "XZEC", "ZEC", "XREP", "REP",
            "XMLN", "MLN", "ZEUR", "EUR", "ZUSD", "USD", "ZGBP", "GBP", "ZJPY", "JPY", "ZCAD", "CAD",
            "ZAUD", "AUD");

    /** Quote currencies rule 4 recognises at the end of a symbol, longest first (USDT before USD). */
    static final List<String> QUOTES = List.of("USDT", "USDC", "EUR", "USD", "GBP", "JPY", "CAD", "CHF", "AUD",
            "XBT", "BTC", "ETH");

    /** The defaults: Kraken's common pairs under their REST names, their alternative names and their wsnames. */
    static final Map<String, String> KRAKEN_DEFAULTS = orderedMap(
            "XXBTZEUR", "BTC-EUR", "XXBTZUSD", "BTC-USD", "XXBTZGBP", "BTC-GBP",
            "XBTEUR", "BTC-EUR", "XBTUSD", "BTC-USD", "XBTGBP", "BTC-GBP", "XBTUSDT", "BTC-USDT", "XBTUSDC", "BTC-USDC",
            "XBT/EUR", "BTC-EUR", "XBT/USD", "BTC-USD", "XBT/GBP", "BTC-GBP", "XBT/USDT", "BTC-USDT",
            "XETHZEUR", "ETH-EUR", "XETHZUSD", "ETH-USD", "XETHXXBT", "ETH-BTC",
            "ETHEUR", "ETH-EUR", "ETHUSD", "ETH-USD", "ETHXBT", "ETH-BTC", "ETHUSDT", "ETH-USDT",
            "ETH/EUR", "ETH-EUR", "ETH/USD", "ETH-USD", "ETH/XBT", "ETH-BTC", "ETH/USDT", "ETH-USDT",
            "SOLEUR", "SOL-EUR", "SOLUSD", "SOL-USD", "SOLXBT", "SOL-BTC", "SOLUSDT", "SOL-USDT",
            "SOL/EUR", "SOL-EUR", "SOL/USD", "SOL-USD",
            "XXRPZEUR", "XRP-EUR", "XXRPZUSD", "XRP-USD", "XRPEUR", "XRP-EUR", "XRPUSD", "XRP-USD",
            "XLTCZEUR", "LTC-EUR", "XLTCZUSD", "LTC-USD", "LTCEUR", "LTC-EUR", "LTCUSD", "LTC-USD",
            "XDGEUR", "DOGE-EUR", "XDGUSD", "DOGE-USD", "XDG/EUR", "DOGE-EUR", "XDG/USD", "DOGE-USD",
            "ADAEUR", "ADA-EUR", "ADAUSD", "ADA-USD", "DOTEUR", "DOT-EUR", "DOTUSD", "DOT-USD",
            "USDTZUSD", "USDT-USD", "USDTEUR", "USDT-EUR", "USDCUSD", "USDC-USD", "USDCEUR", "USDC-EUR");

    /** Our symbol: base and quote of letters and digits. */
    private static final Pattern OURS = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");
    /** A venue symbol as a map file may name it. */
    private static final Pattern VENUE_SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9/_.:-]{0,63}");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,16}");
    private static final Pattern BASE = Pattern.compile("[A-Z0-9]{2,12}");

    private static final VenueSymbols DEFAULTS = new VenueSymbols(KRAKEN_DEFAULTS);

    private final Map<String, String> map;

    private VenueSymbols(final Map<String, String> map) {
        this.map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The defaults only. */
    public static VenueSymbols defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults plus the entries of a map file, which win over them. One entry a line,
     * {@code VENUE_SYMBOL = OUR-SYMBOL} (e.g. {@code XTZEUR = XTZ-EUR}); blank lines and lines starting with
     * {@code #} are skipped; both sides are upper-cased; our symbol must be {@code BASE-QUOTE} of letters and digits.
     *
     * @throws InvalidSymbolMapException with one line {@code FILE:LINE: problem} when the file cannot be used
     */
    public static VenueSymbols load(final Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidSymbolMapException("cannot read symbol map " + file + ": " + e.getMessage(), e);
        }
        final Map<String, String> merged = new LinkedHashMap<>(KRAKEN_DEFAULTS);
        final Map<String, Integer> seenAt = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String where = file + ":" + (i + 1) + ": ";
            final int equals = line.indexOf('=');
            if (equals < 0) {
                throw new InvalidSymbolMapException(where + "expected VENUE_SYMBOL = OUR-SYMBOL, got '" + line + "'");
            }
            final String venue = line.substring(0, equals).strip().toUpperCase(Locale.ROOT);
            final String ours = line.substring(equals + 1).strip().toUpperCase(Locale.ROOT);
            if (!VENUE_SYMBOL.matcher(venue).matches()) {
                throw new InvalidSymbolMapException(where + "'" + venue + "' is not a venue symbol (letters, digits"
                        + " and / _ . : -, at most 64)");
            }
            if (!OURS.matcher(ours).matches()) {
                throw new InvalidSymbolMapException(where + "'" + ours + "' is not a symbol of ours (BASE-QUOTE,"
                        + " letters and digits, e.g. BTC-EUR)");
            }
            final Integer earlier = seenAt.put(venue, i + 1);
            if (earlier != null) {
                throw new InvalidSymbolMapException(where + venue + " is mapped twice (first on line " + earlier + ")");
            }
            merged.put(venue, ours);
        }
        return new VenueSymbols(merged);
    }

    /** Our symbol for a venue's, by the rule above, or {@code null} when the rule knows none. */
    public String normalise(final String venueSymbol) {
        if (venueSymbol == null) {
            return null;
        }
        final String symbol = venueSymbol.strip().toUpperCase(Locale.ROOT);
        final String mapped = map.get(symbol);
        if (mapped != null) {
            return mapped;
        }
        final String split = splitAtSeparator(symbol);
        if (split != null) {
            return split;
        }
        if (symbol.length() == 8 && isLegacyCode(symbol.substring(0, 4)) && isLegacyCode(symbol.substring(4))) {
            return currency(symbol.substring(0, 4)) + "-" + currency(symbol.substring(4));
        }
        for (final String quote : QUOTES) {
            if (symbol.endsWith(quote)) {
                final String base = symbol.substring(0, symbol.length() - quote.length());
                if (BASE.matcher(base).matches()) {
                    return currency(base) + "-" + currency(quote);
                }
            }
        }
        return null;
    }

    /** Our code of a currency or asset: upper-cased, Kraken's aliases resolved ({@code ZEUR} is {@code EUR}). */
    public static String currency(final String code) {
        final String upper = code.strip().toUpperCase(Locale.ROOT);
        return ASSET_ALIASES.getOrDefault(upper, upper);
    }

    /** The quote currency of one of our symbols ({@code BTC-EUR} gives {@code EUR}), or {@code null}. */
    public static String quoteOf(final String ourSymbol) {
        final int dash = ourSymbol == null ? -1 : ourSymbol.lastIndexOf('-');
        return dash < 0 || dash == ourSymbol.length() - 1 ? null : ourSymbol.substring(dash + 1);
    }

    /** Every entry of the map, defaults first, in the order they were added. */
    public Map<String, String> entries() {
        return map;
    }

    private static String splitAtSeparator(final String symbol) {
        int at = -1;
        for (int i = 0; i < symbol.length(); i++) {
            final char c = symbol.charAt(i);
            if (c == '/' || c == '-' || c == '_') {
                if (at >= 0) {
                    return null;
                }
                at = i;
            }
        }
        if (at < 0) {
            return null;
        }
        final String base = currency(symbol.substring(0, at));
        final String quote = currency(symbol.substring(at + 1));
        return CODE.matcher(base).matches() && CODE.matcher(quote).matches() ? base + "-" + quote : null;
    }

    private static boolean isLegacyCode(final String code) {
        return code.length() == 4 && (code.charAt(0) == 'X' || code.charAt(0) == 'Z')
                && ASSET_ALIASES.containsKey(code);
    }

    private static Map<String, String> orderedMap(final String... pairs) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "VenueSymbols[" + map.size() + " entries]";
    }
}
