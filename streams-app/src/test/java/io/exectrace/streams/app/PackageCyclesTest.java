package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No package of the production code of events, streams-app and query-api depends, through any chain of imports, on
 * itself: each feature package of streams-app may use the ones below it (see docs/architecture.md's package map),
 * never the other way round. A dependency is an import (static or not) of a type of another {@code io.exectrace}
 * package; a cycle fails the test with the packages and imports that close it.
 */
class PackageCyclesTest {

    /** The modules whose production packages are checked, relative to streams-app. */
    private static final List<Path> SOURCE_ROOTS = List.of(Path.of("..", "events", "src", "main", "java"),
            Path.of("src", "main", "java"), Path.of("..", "query-api", "src", "main", "java"));
    private static final Pattern PACKAGE = Pattern.compile("^package (io\\.exectrace[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?(io\\.exectrace(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*(?:\\.[\\w*]+)*;", Pattern.MULTILINE);
    /** A fully qualified use in the code, e.g. {@code io.exectrace.streams.config.ProcessingErrorPolicy.FAIL}. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(io\\.exectrace(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    @Test
    void productionPackagesHaveNoCycles() {
        final Map<String, Map<String, String>> graph = dependencies(SOURCE_ROOTS);
        assertThat(graph.keySet()).as("packages found").contains("io.exectrace.streams.app",
                "io.exectrace.streams.correlation", "io.exectrace.api", "io.exectrace.events");
        assertThat(cycles(graph)).as("package cycles (package -> package: an import that makes the edge)").isEmpty();
    }

    @Test
    void aCycleIsFound() {
        final Map<String, Map<String, String>> graph = new TreeMap<>();
        graph.put("a", new TreeMap<>(Map.of("b", "A.java imports b.B")));
        graph.put("b", new TreeMap<>(Map.of("c", "B.java imports c.C")));
        graph.put("c", new TreeMap<>(Map.of("a", "C.java imports a.A")));
        graph.put("d", new TreeMap<>(Map.of("a", "D.java imports a.A")));
        assertThat(cycles(graph)).singleElement().asString().contains("a -> b", "b -> c", "c -> a")
                .doesNotContain("d -> a");
    }

    /** Package → (package it imports from → one import that shows it). */
    private static Map<String, Map<String, String>> dependencies(final List<Path> roots) {
        final Map<String, Map<String, String>> graph = new TreeMap<>();
        for (final Path root : roots) {
            assertThat(root).as("source root").isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                    final String text = read(file);
                    final Matcher pkg = PACKAGE.matcher(text);
                    if (!pkg.find()) {
                        return;
                    }
                    final Map<String, String> edges = graph.computeIfAbsent(pkg.group(1), p -> new TreeMap<>());
                    final Matcher imports = IMPORT.matcher(text);
                    while (imports.find()) {
                        if (!imports.group(1).equals(pkg.group(1))) {
                            edges.putIfAbsent(imports.group(1), file.getFileName() + ": " + imports.group().trim());
                        }
                    }
                    final String body = text.substring(pkg.end()).replaceAll("(?m)^import .*$", "");
                    final Matcher qualified = QUALIFIED.matcher(body);
                    while (qualified.find()) {
                        if (!qualified.group(1).equals(pkg.group(1))) {
                            edges.putIfAbsent(qualified.group(1), file.getFileName() + ": uses " + qualified.group());
                        }
                    }
                });
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    /** Each strongly connected component of more than one package, as its edges (Tarjan's algorithm). */
    private static List<List<String>> cycles(final Map<String, Map<String, String>> graph) {
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new TreeSet<>();
        final List<List<String>> found = new ArrayList<>();
        for (final String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(final String node, final Map<String, Map<String, String>> graph,
                                final Map<String, Integer> index, final Map<String, Integer> low,
                                final Deque<String> stack, final Set<String> onStack,
                                final List<List<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (final String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            final Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                final List<String> edges = new ArrayList<>();
                for (final String from : component) {
                    graph.getOrDefault(from, Map.of()).forEach((to, why) -> {
                        if (component.contains(to)) {
                            edges.add(from + " -> " + to + " (" + why + ")");
                        }
                    });
                }
                found.add(edges);
            }
        }
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
