package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 rows ({@code \r\n} line ends) under a header line. */
final class CsvSink implements RowSink {
    private final PrintWriter out;
    private final List<Column> columns;
    private final StringBuilder line = new StringBuilder(256);
    private boolean headerWritten;

    CsvSink(final PrintWriter out, final List<Column> columns) {
        this.out = out;
        this.columns = columns;
    }

    /** The header goes out with the first row, so a failure before any data leaves stdout empty. */
    private void header() {
        headerWritten = true;
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Csv.appendCell(line, columns.get(i).header());
        }
        write();
    }

    @Override
    public boolean row(final ObjectNode row) {
        if (!headerWritten) {
            header();
        }
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Csv.appendCell(line, columns.get(i).value().apply(row));
        }
        write();
        return true;
    }

    private void write() {
        out.print(line.append("\r\n"));
        line.setLength(0);
    }

    @Override
    public void finish() {
        if (!headerWritten) {
            header();
        }
        out.flush();
    }
}
