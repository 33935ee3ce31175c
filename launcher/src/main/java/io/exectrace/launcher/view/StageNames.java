package io.exectrace.launcher.view;

import io.exectrace.events.Stage;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code --type} values: the normalized stage labels, and the seed viewer's kind names so existing runbook
 * commands keep working ({@code order} = submit, {@code gate} = gate_pass and risk_block).
 */
final class StageNames {
    private StageNames() {
    }

    /** The stages named, or null when none is named (no filter). */
    static Set<Stage> parse(final List<String> names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        final Set<Stage> stages = EnumSet.noneOf(Stage.class);
        for (final String raw : names) {
            final String name = raw.strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "order" -> stages.add(Stage.SUBMIT);
                case "gate" -> {
                    stages.add(Stage.GATE_PASS);
                    stages.add(Stage.RISK_BLOCK);
                }
                default -> {
                    final Stage stage = Stage.fromLabel(name);
                    if (stage == null) {
                        throw new IllegalArgumentException("unknown --type '" + raw + "' (use one of "
                                + "intent, order, submit, ack, fill, cancel, gate, gate_pass, risk_block, error, signal)");
                    }
                    stages.add(stage);
                }
            }
        }
        return stages;
    }
}
