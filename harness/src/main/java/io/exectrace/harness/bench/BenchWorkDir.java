package io.exectrace.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a benchmark keeps its broker data, app state, config and the app's log: a given directory or a new
 * temporary one. A passed run deletes it; a failed one keeps it, for the app's log.
 */
final class BenchWorkDir {
    private final Path path;

    private BenchWorkDir(final Path path) {
        this.path = path;
    }

    /** {@code given} (created if absent), or a new temporary directory when null. */
    static BenchWorkDir of(final Path given, final String prefix) throws IOException {
        return new BenchWorkDir(given != null ? Files.createDirectories(given).toAbsolutePath()
                : Files.createTempDirectory(prefix));
    }

    Path path() {
        return path;
    }

    void delete() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        final List<Path> all;
        try (Stream<Path> paths = Files.walk(path)) {
            all = paths.sorted(Comparator.reverseOrder()).toList();
        }
        for (final Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
