package io.exectrace.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands the command line's FILE|DIR arguments into the JSONL files to read, in a stable order. */
public final class JsonlInputs {

    private JsonlInputs() {
    }

    /**
     * Files named directly are taken as they are; a folder contributes its {@code *.jsonl} and
     * {@code *.jsonl.gz} files (not recursive), sorted by name so replays are repeatable.
     *
     * @throws InputProblem when a path does not exist, cannot be read, or a folder holds no JSONL file
     */
    public static List<Path> expand(final List<Path> arguments) {
        final List<Path> files = new ArrayList<>();
        for (final Path argument : arguments) {
            if (!Files.exists(argument)) {
                throw new InputProblem("no such file or folder: " + argument);
            }
            if (!Files.isReadable(argument)) {
                throw new InputProblem("cannot read " + argument + ": permission denied");
            }
            if (Files.isDirectory(argument)) {
                final List<Path> inFolder = jsonlFilesIn(argument);
                if (inFolder.isEmpty()) {
                    throw new InputProblem("no *.jsonl or *.jsonl.gz files in " + argument);
                }
                files.addAll(inFolder);
            } else {
                files.add(argument);
            }
        }
        return files;
    }

    /** True for names ending in {@code .jsonl} or {@code .jsonl.gz}. */
    public static boolean isJsonl(final Path file) {
        final String name = file.getFileName().toString();
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
    }

    /** The file name without {@code .jsonl} / {@code .jsonl.gz}: Peak_Trade names logs after the session. */
    public static String stem(final Path file) {
        final String name = file.getFileName().toString();
        if (name.endsWith(".jsonl.gz")) {
            return name.substring(0, name.length() - ".jsonl.gz".length());
        }
        if (name.endsWith(".jsonl")) {
            return name.substring(0, name.length() - ".jsonl".length());
        }
        final int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Path> jsonlFilesIn(final Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).filter(JsonlInputs::isJsonl).sorted().toList();
        } catch (IOException e) {
            throw new InputProblem("cannot list " + folder + ": " + e.getMessage());
        }
    }
}
