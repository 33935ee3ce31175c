package io.exectrace.streams.ingest;

import io.exectrace.events.ParseResult;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Keys every input by the session it belongs to and decides whether it must be repartitioned.
 *
 * <p>A valid event belongs to its {@code session_id}/{@code run_id}. An invalid record belongs to the session its
 * record key names, else to the parser's session hint, else to none (then it is only in the DLQ and the totals).
 * A record is "at home" when its key already equals that session id and it sits in the partition the default
 * partitioner gives that key; only records that are not (kcat without a key, another partitioner, a wrong key)
 * pay for the repartition topic.
 */
public final class SessionAttributionProcessor implements Processor<byte[], ParsedRecord, String, AttributedInput> {

    private final int inputPartitions;
    private final InputBacklog backlog;
    private ProcessorContext<String, AttributedInput> context;
    private ProcessedOffsets processed;

    public SessionAttributionProcessor(final int inputPartitions, final InputBacklog backlog) {
        this.inputPartitions = inputPartitions;
        this.backlog = backlog;
    }

    @Override
    public void init(final ProcessorContext<String, AttributedInput> context) {
        this.context = context;
        processed = backlog.offsets(context.taskId());
        processed.reset();
    }

    @Override
    public void process(final Record<byte[], ParsedRecord> record) {
        // Every input record passes here, also those that go on through the repartition topic or nowhere.
        final Optional<RecordMetadata> source = context.recordMetadata();
        if (source.isPresent()) {
            processed.note(source.get().topic(), source.get().offset());
        }
        final byte[] key = record.key();
        final String session;
        SessionInput input;
        if (record.value().result() instanceof ParseResult.Valid valid) {
            session = valid.event().sessionId();
            input = SessionInput.valid(valid.event());
        } else {
            final ParseResult.Invalid invalid = (ParseResult.Invalid) record.value().result();
            session = key != null && key.length > 0 ? new String(key, StandardCharsets.UTF_8) : invalid.sessionHint();
            if (session == null) {
                return;
            }
            input = SessionInput.invalid(invalid.reason());
        }
        input = input.arrivedAt(record.value().arrivalMillis());
        final boolean atHome = key != null && SessionKeys.spells(key, session) && isHomePartition(key);
        context.forward(new Record<>(session, new AttributedInput(input, atHome), record.timestamp()));
    }

    private boolean isHomePartition(final byte[] key) {
        return context.recordMetadata()
                .map(source -> source.partition() == SessionKeys.partitionFor(key, inputPartitions))
                .orElse(false);
    }
}
