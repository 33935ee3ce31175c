package io.exectrace.events;

import static io.exectrace.events.Records.PARSER;
import static io.exectrace.events.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One parser shared by several threads gives each the same results as a single thread does. */
class ConcurrentParseTest {

    @Test
    void sharedParserIsThreadSafe() throws Exception {
        final List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(utf8(Records.telemetry("order", "\"order_id\": \"o-" + i + "\", \"field_" + i + "\": " + i)));
            lines.add(utf8(Records.ledger("fill", ", \"client_order_id\": \"c-" + i + "\", \"qty\": " + i)));
            lines.add(utf8("{\"session_id\": \"bad-" + i + "\", \"kind\": \"order\"}"));
        }
        final List<ParseResult> expected = lines.stream().map(PARSER::parse).toList();

        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<List<ParseResult>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<ParseResult> last = null;
                    for (int round = 0; round < 20; round++) {
                        last = lines.stream().map(PARSER::parse).toList();
                    }
                    return last;
                }));
            }
            for (final Future<List<ParseResult>> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
