package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shipped app (this module's jar and its runtime libraries, target/lib, which is what the Docker image holds)
 * contains neither JMH nor the test harness: no {@code org.openjdk.jmh}, no {@code io.exectrace.harness}, no
 * {@code io.exectrace.bench}, no package named {@code chaos}. The benchmarks and the chaos scenarios are in the
 * harness and bench modules, which depend on this one and never the other way round.
 */
class ShippedAppTest {
    private static final Path ROOT = Path.of("..");
    /** Written by the build (dependency:build-classpath, runtime scope: the scope copied to target/lib). */
    private static final Path RUNTIME_CLASS_PATH = Path.of("target", "runtime-classpath.txt");
    private static final Pattern FORBIDDEN =
            Pattern.compile("^(org/openjdk/jmh/|io/exectrace/harness/|io/exectrace/bench/)|(^|/)chaos/");

    @Test
    void theRuntimeClassPathHoldsNoJmhAndNoHarness() throws IOException {
        assertThat(RUNTIME_CLASS_PATH).as("written by the build's list-runtime-classpath step").exists();
        final List<Path> entries = new ArrayList<>();
        entries.add(Path.of("target", "classes"));
        for (final String entry : Files.readString(RUNTIME_CLASS_PATH).strip().split(File.pathSeparator)) {
            entries.add(Path.of(entry));
        }
        assertThat(entries).as("the shipped libraries").hasSizeGreaterThan(20);
        final List<String> forbidden = new ArrayList<>();
        for (final Path entry : entries) {
            for (final String name : names(entry)) {
                if (FORBIDDEN.matcher(name).find()) {
                    forbidden.add(entry + ": " + name);
                }
            }
        }
        assertThat(forbidden).as("JMH, harness or chaos classes on the shipped class path").isEmpty();
    }

    @Test
    void theImageCopiesOnlyTheLauncherJarAndItsRuntimeLibraries() throws IOException {
        final List<String> copied = new ArrayList<>();
        final Matcher m = Pattern.compile("(?m)^COPY --from=build (\\S+) ").matcher(
                Files.readString(ROOT.resolve("Dockerfile")));
        while (m.find()) {
            copied.add(m.group(1));
        }
        assertThat(copied).containsExactlyInAnyOrder("/src/launcher/target/exectrace.jar", "/src/launcher/target/lib");
    }

    @Test
    void helpSaysWhereBenchAndChaosAre() {
        final CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(ExectraceCommand.commandLine().getSubcommands()).doesNotContainKeys("bench", "chaos");
        assertThat(run.out().replaceAll("\\s+", " ")).contains(ExectraceCommand.HARNESS_FOOTER);
    }

    private static List<String> names(final Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                return files.filter(Files::isRegularFile)
                        .map(f -> entry.relativize(f).toString().replace(File.separatorChar, '/')).toList();
            }
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }
}
