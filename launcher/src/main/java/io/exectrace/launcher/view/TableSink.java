package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * Aligned columns for a terminal: fixed widths so rows print as they come (nothing is held back to measure),
 * long cells cut with an ellipsis, the last column free. Stage and outcome cells are coloured when enabled.
 */
final class TableSink implements RowSink {
    private static final Set<String> COLOURED = Set.of("stage", "outcome");

    private final PrintWriter out;
    private final List<Column> columns;
    private final Ansi ansi;
    private final StringBuilder line = new StringBuilder(160);
    private long rows;

    TableSink(final PrintWriter out, final List<Column> columns, final Ansi ansi) {
        this.out = out;
        this.columns = columns;
        this.ansi = ansi;
    }

    /** The heading goes out with the first row, so a failure before any data leaves stdout empty. */
    private void heading() {
        for (int i = 0; i < columns.size(); i++) {
            cell(i, columns.get(i).header(), false);
        }
        out.println(ansi.bold(line.toString().stripTrailing()));
        line.setLength(0);
    }

    @Override
    public boolean row(final ObjectNode row) {
        if (rows == 0) {
            heading();
        }
        for (int i = 0; i < columns.size(); i++) {
            cell(i, columns.get(i).value().apply(row), COLOURED.contains(columns.get(i).header()));
        }
        out.println(line.toString().stripTrailing());
        line.setLength(0);
        rows++;
        return true;
    }

    private void cell(final int index, final String value, final boolean coloured) {
        final int width = columns.get(index).width();
        final boolean last = index == columns.size() - 1 || width == 0;
        String text = value == null ? "" : value;
        if (!last && text.length() > width) {
            text = text.substring(0, width - 1) + "…";
        }
        line.append(coloured ? ansi.label(text) : text);
        if (!last) {
            line.append(" ".repeat(width - text.length() + 2));
        }
    }

    @Override
    public void finish() {
        if (rows == 0) {
            heading();
            out.println(ansi.dim("(no rows match)"));
        }
        out.flush();
    }
}
