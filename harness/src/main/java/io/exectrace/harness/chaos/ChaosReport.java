package io.exectrace.harness.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one scenario run found: its figures in the order they are printed, the mismatches against the reference
 * (the run passes only when there are none) and, for each mismatch kind, a few examples.
 *
 * @param scenario   the scenario's name
 * @param figures    name and value of every figure (events, faults injected, durations, ...)
 * @param mismatches differences found between the disturbed run and the reference
 * @param examples   a few of those differences, for the operator
 */
public record ChaosReport(String scenario, List<Figure> figures, long mismatches, List<String> examples) {

    public ChaosReport {
        Objects.requireNonNull(scenario, "scenario");
        figures = List.copyOf(figures);
        examples = List.copyOf(examples);
    }

    /** One named figure of a report. */
    public record Figure(String name, String value) {
    }

    public boolean passed() {
        return mismatches == 0;
    }

    /** The report as a two-column Markdown table (what docs/reliability.md records), then the examples. */
    public String table() {
        final List<Figure> rows = new ArrayList<>(figures);
        rows.add(new Figure("mismatches", Long.toString(mismatches)));
        rows.add(new Figure("result", passed() ? "PASS" : "FAIL"));
        final StringBuilder out = new StringBuilder();
        out.append("| ").append(scenario).append(" | |\n| --- | --- |\n");
        for (final Figure f : rows) {
            out.append("| ").append(f.name()).append(" | ").append(f.value()).append(" |\n");
        }
        for (final String example : examples) {
            out.append("  mismatch: ").append(example).append('\n');
        }
        return out.toString();
    }

    /** Collects figures in order. */
    public static final class Builder {
        private final String scenario;
        private final List<Figure> figures = new ArrayList<>();

        public Builder(final String scenario) {
            this.scenario = scenario;
        }

        public Builder figure(final String name, final Object value) {
            figures.add(new Figure(name, String.valueOf(value)));
            return this;
        }

        public ChaosReport build(final long mismatches, final List<String> examples) {
            return new ChaosReport(scenario, figures, mismatches, examples);
        }
    }
}
