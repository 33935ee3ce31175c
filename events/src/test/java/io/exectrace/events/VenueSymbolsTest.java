package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.events.fixtures.GoldenFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VenueSymbolsTest {
    private static final VenueSymbols DEFAULTS = VenueSymbols.defaults();

    @ParameterizedTest
    @CsvSource({
        // the map: Kraken's REST names, alternative names and wsnames
        "XXBTZEUR, BTC-EUR", "XXBTZUSD, BTC-USD", "XBTUSD, BTC-USD", "XBTEUR, BTC-EUR", "XBT/USD, BTC-USD",
        "XETHZEUR, ETH-EUR", "XETHZUSD, ETH-USD", "ETHUSD, ETH-USD", "ETHEUR, ETH-EUR", "XETHXXBT, ETH-BTC",
        "SOLUSD, SOL-USD", "SOLEUR, SOL-EUR", "SOL/EUR, SOL-EUR", "XDGUSD, DOGE-USD", "USDTZUSD, USDT-USD",
        // rule 2: one separator, each side through the asset aliases
        "BTC-EUR, BTC-EUR", "BTC/EUR, BTC-EUR", "btc_eur, BTC-EUR", "XBT/CHF, BTC-CHF", "ZEUR/ZUSD, EUR-USD",
        // rule 3: two legacy four-letter codes
        "XXLMZEUR, XLM-EUR", "XXMRZUSD, XMR-USD", "XZECXXBT, ZEC-BTC",
        // rule 4: a known quote at the end, longest first
        "XTZEUR, XTZ-EUR", "DOTUSDT, DOT-USDT", "LINKUSDC, LINK-USDC", "ATOMXBT, ATOM-BTC", "XBTCHF, BTC-CHF",
        "USDCUSDT, USDC-USDT", "MATICGBP, MATIC-GBP", "' solusd ', SOL-USD"})
    void theRuleGivesOurSymbol(final String venue, final String ours) {
        assertThat(DEFAULTS.normalise(venue)).isEqualTo(ours);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOOBAR", "BTC", "EUR", "XEUR", "BTC-EUR-PERP", "BTC/", "/EUR", "BTC/E.R", "", " "})
    void anythingElseIsUnknown(final String venue) {
        assertThat(DEFAULTS.normalise(venue)).isNull();
    }

    @Test
    void theDefaultsAreTheOnesFixturesReadmeLists() throws IOException {
        final List<String> lines = Files.readAllLines(GoldenFixtures.folder().resolve("README.md"));
        final Map<String, String> documented = new LinkedHashMap<>();
        boolean inTable = false;
        for (final String line : lines) {
            if (line.equals("| venue symbols | ours |")) {
                inTable = true;
            } else if (inTable && line.startsWith("| `")) {
                final String[] cells = line.split("\\|");
                final String[] venueGroups = cells[1].split(";");
                final String[] ours = cells[2].split(";");
                assertThat(venueGroups).as(line).hasSameSizeAs(ours);
                for (int i = 0; i < ours.length; i++) {
                    for (final String venue : venueGroups[i].split(",")) {
                        documented.put(venue.replace("`", "").strip(), ours[i].replace("`", "").strip());
                    }
                }
            } else if (inTable && !line.startsWith("| ---")) {
                break;
            }
        }
        assertThat(documented).isEqualTo(VenueSymbols.KRAKEN_DEFAULTS);
    }

    @Test
    void currenciesAndQuotes() {
        assertThat(VenueSymbols.currency("ZEUR")).isEqualTo("EUR");
        assertThat(VenueSymbols.currency("xbt")).isEqualTo("BTC");
        assertThat(VenueSymbols.currency("XXDG")).isEqualTo("DOGE");
        assertThat(VenueSymbols.currency("usdt")).isEqualTo("USDT");
        assertThat(VenueSymbols.quoteOf("BTC-EUR")).isEqualTo("EUR");
        assertThat(VenueSymbols.quoteOf("BTC")).isNull();
        assertThat(VenueSymbols.quoteOf(null)).isNull();
    }

    @Test
    void aMapFileAddsEntriesAndWinsOverTheDefaults(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("symbols.map");
        Files.writeString(file, "# our desk calls it bitcoin\n\nxxbtzeur = BITCOIN-EUR\n  FOOBAR=foo-bar  \n"
                + "PI_XBTUSD = BTC-USD\n");
        final VenueSymbols symbols = VenueSymbols.load(file);
        assertThat(symbols.normalise("XXBTZEUR")).isEqualTo("BITCOIN-EUR");
        assertThat(symbols.normalise("FOOBAR")).isEqualTo("FOO-BAR");
        assertThat(symbols.normalise("pi_xbtusd")).isEqualTo("BTC-USD");
        assertThat(symbols.normalise("XBTUSD")).isEqualTo("BTC-USD");
        assertThat(symbols.entries()).hasSize(VenueSymbols.KRAKEN_DEFAULTS.size() + 2);
        assertThat(DEFAULTS.normalise("FOOBAR")).isNull();
    }

    @Test
    void aBadMapFileIsOneLineNamingFileAndLine(@TempDir final Path dir) throws IOException {
        assertBadMap(dir, "XBTUSD BTC-USD\n", ":1: expected VENUE_SYMBOL = OUR-SYMBOL, got 'XBTUSD BTC-USD'");
        assertBadMap(dir, "# fine\nXBTUSD = BTCUSD\n",
                ":2: 'BTCUSD' is not a symbol of ours (BASE-QUOTE, letters and digits, e.g. BTC-EUR)");
        assertBadMap(dir, "XBT USD = BTC-USD\n",
                ":1: 'XBT USD' is not a venue symbol (letters, digits and / _ . : -, at most 64)");
        assertBadMap(dir, "A=B-C\n\na = D-E\n", ":3: A is mapped twice (first on line 1)");
        assertThatThrownBy(() -> VenueSymbols.load(dir.resolve("absent.map")))
                .isInstanceOf(InvalidSymbolMapException.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read symbol map " + dir.resolve("absent.map"));
    }

    private static void assertBadMap(final Path dir, final String content, final String problem) throws IOException {
        final Path file = dir.resolve("bad.map");
        Files.writeString(file, content);
        assertThatThrownBy(() -> VenueSymbols.load(file)).isInstanceOf(InvalidSymbolMapException.class)
                .hasMessage(file + problem);
    }
}
