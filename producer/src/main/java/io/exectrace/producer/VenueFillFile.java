package io.exectrace.producer;

import io.exectrace.events.InvalidVenueFileException;
import io.exectrace.events.KrakenTradesReader;
import io.exectrace.events.VenueFillEntry;
import io.exectrace.events.VenueFillParser;
import io.exectrace.events.VenueSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * One venue-fills file read whole into its entries (a venue's export is small: Kraken pages hold 50 trades), so a
 * file that cannot be split fails before anything of it is sent.
 *
 * @param path    the file as named on the command line
 * @param format  the format it was read in
 * @param entries every entry, valid or not, in file order
 */
public record VenueFillFile(Path path, VenueFillFormat format, List<VenueFillEntry> entries) {

    public VenueFillFile {
        entries = List.copyOf(entries);
    }

    /**
     * Reads and splits {@code path}.
     *
     * @throws InputProblem when the file is missing or unreadable, or cannot be split into entries at all
     */
    public static VenueFillFile read(final Path path, final VenueFillFormat format, final VenueSymbols symbols) {
        if (Files.isDirectory(path)) {
            throw new InputProblem("not a file: " + path);
        }
        final byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputProblem("no such file: " + path);
        } catch (IOException e) {
            throw new InputProblem("cannot read " + path + ": " + e.getMessage(), e);
        }
        try {
            final List<VenueFillEntry> entries = switch (format) {
                case GENERIC -> new VenueFillParser(symbols).readFile(content);
                case KRAKEN_TRADES -> new KrakenTradesReader(symbols).read(content);
            };
            return new VenueFillFile(path, format, entries);
        } catch (InvalidVenueFileException e) {
            throw new InputProblem(path + " is not " + (format == VenueFillFormat.GENERIC ? "generic venue fills"
                    : "a Kraken TradesHistory export") + ": " + e.getMessage(), e);
        }
    }
}
