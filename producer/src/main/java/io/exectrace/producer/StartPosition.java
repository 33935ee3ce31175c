package io.exectrace.producer;

/** Where the tailer starts in a file it has no checkpoint for, on its very first run over a folder. */
public enum StartPosition {
    /** Send the file from its first line. */
    BEGINNING,
    /** Skip what the file holds now; send only lines written from now on. */
    END
}
