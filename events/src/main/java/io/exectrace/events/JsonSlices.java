package io.exectrace.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/** The bytes of one JSON value of a document, exactly as written, for dead letters that must be byte for byte. */
final class JsonSlices {

    private JsonSlices() {
    }

    /**
     * The bytes of the value the parser stands on (its first token), leaving the parser on its last token. The
     * parser must read {@code document} from its first byte: Jackson's byte offsets are then indexes into it.
     */
    static byte[] valueBytes(final JsonParser p, final byte[] document) throws IOException {
        final int start = (int) p.currentTokenLocation().getByteOffset();
        final JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            // A string's text is read lazily: finish it, or the current location is still inside it.
            p.finishToken();
        }
        final int end = (int) p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(document, start, end);
    }

    /** The line a JSON failure names, or 0 when it names none. */
    static long line(final JsonProcessingException e) {
        final JsonLocation location = e.getLocation();
        return location == null ? 0 : location.getLineNr();
    }
}
