package dev.streamvcr.rtmp.chunk;

import java.util.HashMap;
import java.util.Map;

/**
 * Protocol state of one direction of a connection: the chunk size in force (RTMP spec 5.4.1: "maintained
 * independently for each direction") and the per-chunk-stream state.
 */
final class ChunkDirectionState {
    /** spec 5.4.1: chunks default to 128 bytes until a Set Chunk Size. */
    static final int DEFAULT_CHUNK_SIZE = 128;
    /** Basic header forms (spec 5.3.1.1) reach chunk stream ids 2..65599. */
    static final int MIN_CHUNK_STREAM_ID = 2;
    static final int MAX_CHUNK_STREAM_ID = 65599;

    private final Map<Integer, ChunkStreamState> streams = new HashMap<>();
    int chunkSize = DEFAULT_CHUNK_SIZE;
    /** Receiving side: sum of the declared lengths of all incomplete messages. */
    long bufferedBytes;

    ChunkStreamState stream(int chunkStreamId) {
        return streams.computeIfAbsent(chunkStreamId, id -> new ChunkStreamState());
    }

    /** Abort (spec 5.4.2): drop the incomplete message of a chunk stream, if any. */
    void discardPartial(int chunkStreamId) {
        ChunkStreamState state = streams.get(chunkStreamId);
        if (state != null && state.inProgress()) {
            bufferedBytes -= state.partial.length;
            state.partial = null;
            state.received = 0;
        }
    }
}
