package io.exectrace.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The input dialects a parser understands: the built-in ones (A telemetry v1, B ledger v1, C execution_event.v1)
 * and those a folder of mapping files ({@code dialects.dir}, one {@code *.yaml} per dialect, see
 * {@link DialectFile}) adds. A file named like a built-in dialect that says what the shipped file says
 * ({@code dialects/} in the repository, proved equal to the built-in parser by a test) is served by the built-in
 * parser; one that says something else replaces that dialect. Loading checks every file: the first problem is an
 * {@link InvalidDialectException} naming the file, the line and the problem.
 */
public final class Dialects {
    /** The built-in dialects' names, in contract order (A, B, C). */
    public static final List<String> BUILT_IN = List.of(Dialect.TELEMETRY_V1.label(), Dialect.LEDGER_V1.label(),
            Dialect.EXECUTION_EVENT_V1.label());

    /** Without a folder; its definitions are read from the shipped files only when asked for (not on start-up). */
    private static final Dialects BUILT_IN_ONLY = new Dialects(null, null, List.of(), null);

    /**
     * One dialect and where it is defined.
     *
     * @param name       the dialect's name
     * @param source     its mapping file, or {@code null} for a built-in dialect with none in the folder
     * @param builtInFastPath true when the built-in parser reads it
     * @param recognisedBy    what tells its records ({@code kind}, {@code schema_version = execution_event.v1})
     */
    public record Definition(String name, Path source, boolean builtInFastPath, String recognisedBy) {
        /** One line for {@code dialects check}. */
        public String describe() {
            final String how = builtInFastPath
                    ? (source == null ? "built in" : "built in (" + source + " says the same)")
                    : "mapped from " + source;
            return name + ": " + how + "; recognised by " + recognisedBy;
        }
    }

    private final Path dir;
    private final List<Definition> definitions;
    private final List<Path> files;
    private final ExecutionEventParser parser;

    private Dialects(final Path dir, final List<Definition> definitions, final List<Path> files,
                     final MappedDialects mapped) {
        this.dir = dir;
        this.definitions = definitions;
        this.files = files;
        this.parser = mapped == null ? new ExecutionEventParser() : new ExecutionEventParser(mapped);
    }

    /** The built-in dialects alone. */
    public static Dialects builtIn() {
        return BUILT_IN_ONLY;
    }

    /**
     * The built-in dialects plus the mapping files of {@code dir}, every one checked.
     *
     * @throws InvalidDialectException for the first problem, naming the file and the line
     */
    public static Dialects load(final Path dir) {
        return load(dir, false);
    }

    /** As {@link #load}, but every file is interpreted, built-in names too: for the tests that prove them equal. */
    static Dialects interpreted(final Path dir) {
        return load(dir, true);
    }

    private static Dialects load(final Path dir, final boolean neverFastPath) {
        final Map<String, Path> byName = new LinkedHashMap<>();
        final Map<String, DialectMapping> mappings = new LinkedHashMap<>();
        final List<Path> files = mappingFiles(dir);
        for (final Path file : files) {
            final DialectMapping mapping;
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                mapping = DialectFile.read(file.toString(), reader);
            } catch (IOException e) {
                throw new InvalidDialectException(file + ":1: cannot read: " + e.getMessage(), e);
            }
            final Path earlier = byName.putIfAbsent(mapping.name(), file);
            if (earlier != null) {
                throw new InvalidDialectException(file + ":" + nameLine(file) + ": dialect '" + mapping.name()
                        + "' is already defined by " + earlier);
            }
            mappings.put(mapping.name(), mapping);
        }
        final List<MappedDialects.Candidate> candidates = new ArrayList<>();
        final List<Definition> definitions = new ArrayList<>();
        boolean replaced = false;
        for (final String name : BUILT_IN) {
            final DialectMapping shipped = Shipped.MAPPINGS.get(name);
            final DialectMapping given = mappings.remove(name);
            final boolean fast = !neverFastPath && (given == null || given.equals(shipped));
            final DialectMapping used = given == null ? shipped : given;
            candidates.add(new MappedDialects.Candidate(name, used.recognise(), used.recogniseEquals(),
                    fast ? ExecutionEventParser.BUILT_IN : new MappedReader(used, builtInDialect(name))));
            definitions.add(new Definition(name, byName.get(name), fast, recognisedBy(used)));
            replaced |= !fast;
        }
        for (final DialectMapping mapping : mappings.values()) {
            for (final MappedDialects.Candidate c : candidates) {
                if (c.recognise().equals(mapping.recognise()) && equalsIgnoreCase(c.equals(), mapping.recogniseEquals())) {
                    throw new InvalidDialectException(byName.get(mapping.name()) + ":" + nameLine(byName.get(
                            mapping.name())) + ": dialect '" + mapping.name() + "' is recognised exactly as '"
                            + c.name() + "' (" + recognisedBy(mapping) + "): every record would be ambiguous");
                }
            }
            candidates.add(new MappedDialects.Candidate(mapping.name(), mapping.recognise(),
                    mapping.recogniseEquals(), new MappedReader(mapping, Dialect.MAPPED)));
            definitions.add(new Definition(mapping.name(), byName.get(mapping.name()), false, recognisedBy(mapping)));
        }
        if (candidates.size() > MappedDialects.MAX_DIALECTS) {
            throw new InvalidDialectException(dir + ":1: more than " + MappedDialects.MAX_DIALECTS + " dialects");
        }
        final boolean onlyBuiltIn = candidates.stream().allMatch(MappedDialects.Candidate::builtIn);
        return new Dialects(dir, List.copyOf(definitions), files,
                onlyBuiltIn ? null : new MappedDialects(candidates, !replaced));
    }

    /** A parser of these dialects; stateless, for any number of threads. */
    public ExecutionEventParser parser() {
        return parser;
    }

    /** The folder the mapping files came from, or {@code null} for the built-in dialects alone. */
    public Path dir() {
        return dir;
    }

    /** The mapping files read, sorted. */
    public List<Path> files() {
        return files;
    }

    /** Every dialect in play: the built-in ones first, then the mapped ones in file order. */
    public List<Definition> definitions() {
        if (definitions != null) {
            return definitions;
        }
        final List<Definition> builtIn = new ArrayList<>();
        for (final String name : BUILT_IN) {
            builtIn.add(new Definition(name, null, true, recognisedBy(Shipped.MAPPINGS.get(name))));
        }
        return List.copyOf(builtIn);
    }

    @Override
    public String toString() {
        return dir == null ? "built-in dialects" : "dialects of " + dir + " " + definitions().stream()
                .map(Definition::name).toList();
    }

    private static List<Path> mappingFiles(final Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidDialectException(dir + ":0: not a directory");
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> {
                final String n = f.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
            }).sorted().toList();
        } catch (IOException e) {
            throw new InvalidDialectException(dir + ":0: cannot list: " + e.getMessage(), e);
        }
    }

    private static int nameLine(final Path file) {
        try {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("name:")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return 1;
        }
        return 1;
    }

    private static boolean equalsIgnoreCase(final String a, final String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    private static String recognisedBy(final DialectMapping m) {
        return m.recogniseEquals() == null ? m.recognise() : m.recognise() + " = " + m.recogniseEquals();
    }

    private static Dialect builtInDialect(final String name) {
        for (final Dialect d : Dialect.values()) {
            if (d.label().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** The shipped mapping files of the built-in dialects (classpath {@code /dialects/}), read once. */
    private static final class Shipped {
        static final Map<String, DialectMapping> MAPPINGS = read();

        private static Map<String, DialectMapping> read() {
            final Map<String, DialectMapping> out = new LinkedHashMap<>();
            for (final String name : BUILT_IN) {
                final String resource = "/dialects/" + name + ".yaml";
                try (InputStream in = Dialects.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + resource);
                    }
                    out.put(name, DialectFile.read(resource, new InputStreamReader(in, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return Map.copyOf(out);
        }
    }
}
