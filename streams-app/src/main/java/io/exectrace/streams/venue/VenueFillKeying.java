package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillResult;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A valid venue fill of a venue in {@code reconciliation.venues}, keyed by its venue order id, stamped with its
 * arrival: the wall clock when the pipeline reads it, the clock {@code reconciliation.window} runs on (our side is
 * stamped the same way, {@link OurOrderEvents}). Fills of other venues are not reconciled: our side of them is not
 * sent either, so each would only be a false {@code missing_in_ledger}; the first of each such venue is logged.
 */
public final class VenueFillKeying implements Processor<byte[], ParsedVenueFill, String, ReconciliationInput> {
    private static final Logger LOG = LoggerFactory.getLogger(VenueFillKeying.class);

    private final Set<String> venues;
    private final Set<String> warnedVenues = new HashSet<>();
    private ProcessorContext<String, ReconciliationInput> context;

    public VenueFillKeying(final Set<String> venues) {
        this.venues = venues;
    }

    @Override
    public void init(final ProcessorContext<String, ReconciliationInput> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], ParsedVenueFill> record) {
        final VenueFill fill = ((VenueFillResult.Valid) record.value().result()).fill();
        final String venue = fill.venue() == null ? "" : fill.venue().toLowerCase(Locale.ROOT);
        if (!venues.contains(venue)) {
            if (warnedVenues.add(venue)) {
                LOG.warn("Venue fills of '{}' arrive on the venue fills topic but reconciliation.venues ({}) does not "
                        + "list it: they are not reconciled (set EXECTRACE_RECONCILIATION_VENUES)", venue, venues);
            }
            return;
        }
        context.forward(new Record<>(fill.venueOrderId(),
                ReconciliationInput.venue(fill, context.currentSystemTimeMs()), record.timestamp()));
    }
}
