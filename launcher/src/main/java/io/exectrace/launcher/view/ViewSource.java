package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What the viewer can ask for, answered from JSONL files or from a running exectrace API in the same JSON forms. */
interface ViewSource {

    /**
     * Matching events in their JSON form, until the sink declines more.
     *
     * @return invalid lines skipped (0 when the source cannot tell)
     */
    long timeline(ViewQuery query, RowSink sink);

    /** Session summaries (the API's session summary form), sorted by session id. */
    List<ObjectNode> summaries(ViewQuery query);

    /** Closed chains in their JSON form, until the sink declines more. */
    void chains(ViewQuery query, RowSink sink);

    /** The regression gates over the selected sessions. */
    CheckReport check(ViewQuery query, double maxInvalidRate);
}
