package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where rows (events, chains, summaries, findings in their JSON form) go: a table, JSON lines or CSV. */
interface RowSink {
    /** Takes one row; false when no more rows are wanted (a limit was reached). */
    boolean row(ObjectNode row);

    /** Writes what was held back (the last N rows) and flushes. */
    void finish();
}
