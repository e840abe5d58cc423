package dev.streamvcr.rtmp.chunk;

/**
 * What one chunk stream id remembers between chunks (RTMP spec 5.3.1.2): the previous message header, which later
 * headers of type 1, 2 and 3 leave out, and on the receiving side the message being assembled.
 */
final class ChunkStreamState {
    /** A type 0 header has been seen or sent on this chunk stream; before that, types 1–3 are meaningless. */
    boolean hasHeader;
    /** Timestamp of the latest message, 0..2^32-1. */
    long timestamp;
    /** Delta applied by a type 3 header that starts a new message: the last type 1/2 delta, 0 after a type 0. */
    long timestampDelta;
    /** Whether the latest type 1/2 header carried an explicit delta (the encoder only then uses type 3). */
    boolean deltaExplicit;
    int messageLength;
    int typeId;
    int messageStreamId;
    /** The latest type 0/1/2 header used an extended timestamp, so its type 3 chunks carry one too (5.3.1.3). */
    boolean extendedTimestamp;
    /** Receiving side: that header's extended timestamp, which type 3 headers repeat; -1 when it had none. */
    long extendedTimestampField = -1;

    /** Receiving side: payload of the incomplete message, or null between messages. */
    byte[] partial;
    /** Receiving side: bytes of {@link #partial} filled so far. */
    int received;

    boolean inProgress() {
        return partial != null;
    }
}
