package io.exectrace.launcher;

import io.exectrace.producer.ReplayProgress;
import java.io.PrintWriter;
import java.util.Locale;

/** Draws records, records/s and ETA on one terminal line, redrawn in place. */
final class TerminalProgressBar implements ReplayProgress {
    private static final int WIDTH = 30;
    private final PrintWriter out;

    TerminalProgressBar(final PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(final long sent, final long total, final long elapsedNanos) {
        final double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        final double rate = sent / seconds;
        if (total > 0) {
            final double done = Math.min(1.0, (double) sent / total);
            final int filled = (int) Math.round(done * WIDTH);
            final double eta = rate > 0 ? (total - sent) / rate : 0;
            out.printf(Locale.ROOT, "\r[%s%s] %,d/%,d records  %,.0f rec/s  ETA %.0f s ",
                    "#".repeat(filled), " ".repeat(WIDTH - filled), sent, total, rate, eta);
        } else {
            out.printf(Locale.ROOT, "\r%,d records  %,.0f rec/s ", sent, rate);
        }
        out.flush();
    }
}
