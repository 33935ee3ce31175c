package io.exectrace.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reliability scenario 6 in its CI size: 1,000 fuzzed requests over every operation of the OpenAPI document. */
class ApiFuzzExperimentTest {

    @Test
    void hostileRequestsGetOnly2xxOr4xxAndAbandonedExportsFreeTheirResources(@TempDir final Path work)
            throws Exception {
        final ApiFuzzExperiment.Result result = new ApiFuzzExperiment(5L, 1_000, 12_000).run(work);
        assertThat(result.operations()).isGreaterThanOrEqualTo(12);
        assertThat(result.serverErrors()).as("5xx or no answer").isEmpty();
        assertThat(result.byStatus().keySet()).allSatisfy(status -> assertThat(status).isBetween(200, 499));
        assertThat(result.byStatus()).containsKeys(200, 400, 404);
        assertThat(result.exportsIncomplete()).isZero();
        assertThat(result.openIteratorsAfter()).as("open store iterators").isLessThanOrEqualTo(0);
        assertThat(result.busyThreadsAfter()).as("threads still exporting").isZero();
        assertThat(result.heapAfterMb()).isLessThanOrEqualTo(result.heapBeforeMb()
                + ApiFuzzExperiment.HEAP_GROWTH_ALLOWED_MB);
    }
}
