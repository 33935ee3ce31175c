package io.exectrace.launcher.view;

import java.util.List;

/**
 * The result of {@code --check}.
 *
 * @param findings what failed, in input order (line findings first, then session findings)
 * @param sessions sessions checked
 * @param records  records checked (valid and invalid)
 */
record CheckReport(List<Finding> findings, int sessions, long records) {
    boolean passed() {
        return findings.isEmpty();
    }
}
