package dev.streamvcr.hls.client;

import dev.streamvcr.hls.MediaSegment;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Where an {@link HlsFollower} writes what it fetched, decrypted: the part file, behind whatever keeps its timeline
 * whole. Calls come in order on the follower's context: {@code begin}, the segment's bytes through {@link #body()},
 * {@code end}; a segment whose fetch fails for good is {@link #abandon abandoned} (or, over the size cap,
 * {@link #discard discarded}) instead of ended.
 */
public interface SegmentSink {

    /** The Media Initialization Section (EXT-X-MAP) in force from now on, before the segments it applies to. */
    Future<Void> initSection(byte[] bytes);

    /**
     * A segment starts. {@code continuous}: it follows the last one written directly (the next sequence number, no
     * discontinuity between), so its timestamps continue; otherwise its timeline has to be joined on.
     */
    void begin(MediaSegment segment, boolean continuous);

    /** Takes the current segment's bytes, with backpressure. */
    WriteStream<Buffer> body();

    /** The segment's bytes are all written; completes when the sink has taken them. */
    Future<Void> end();

    /** The segment will not be completed; what was written of it stays (a sink may cut it back). */
    void abandon();

    /**
     * The segment must be left out whole (it went over the size cap): what was written of it is taken back, as though
     * it never began; completes when it is, before the next segment begins. A sink that cannot take bytes back
     * abandons it.
     */
    default Future<Void> discard() {
        abandon();
        return Future.succeededFuture();
    }

    /**
     * Why no later segment can be written either after {@code failure} (a full disk, say), in words a person reads;
     * {@code null} (the default) when the failure may pass and the segment is only missed. A non-null answer
     * {@link #discard discards} the segment and ends the follow with {@link HlsListener#failed}.
     */
    default String stopsRecording(Throwable failure) {
        return null;
    }
}
