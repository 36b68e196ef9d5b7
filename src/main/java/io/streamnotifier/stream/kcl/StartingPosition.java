package io.streamnotifier.stream.kcl;

/**
 * Where a new application starts reading a stream (afterwards the position saved in the lease table wins): the
 * records created from when it first started, from the start of the stream, or from a timestamp.
 */
public enum StartingPosition {
    LATEST,
    TRIM_HORIZON,
    AT_TIMESTAMP
}
