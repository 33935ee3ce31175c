package io.exectrace.streams.reconciliation;

import java.util.Arrays;

/** What reconciliation decided for one fill: a pair of ours and the venue's, or a fill that one side lacks. */
public enum ReconciliationResult {
    /** Both sides, equal within the tolerances. */
    MATCHED("matched"),
    /** Both sides, the quantities differ (whatever else differs too). */
    QTY_MISMATCH("qty_mismatch"),
    /** Both sides, equal quantities, the prices differ beyond the price tolerance (the fee may differ too). */
    PRICE_MISMATCH("price_mismatch"),
    /** Both sides, equal quantities and prices, the fees differ beyond the fee tolerance. */
    FEE_MISMATCH("fee_mismatch"),
    /** Our fill, with no venue fill for it. */
    MISSING_AT_VENUE("missing_at_venue"),
    /** The venue's fill, with none of ours for it. */
    MISSING_IN_LEDGER("missing_in_ledger");

    private final String label;

    ReconciliationResult(final String label) {
        this.label = label;
    }

    /** The name in output, as the issue and fixtures/README.md write it ({@code fee_mismatch}). */
    public String label() {
        return label;
    }

    /** The result labelled {@code label}, or null. */
    public static ReconciliationResult fromLabel(final String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst().orElse(null);
    }
}
