package dev.streamvcr.hls.client;

import dev.streamvcr.hls.MediaSegment;
import io.vertx.core.Future;
import java.time.Duration;

/** What an {@link HlsFollower} reports, on its context. */
public interface HlsListener {

    /**
     * The media playlist to follow is known (after the variant choice), with its first segments: give the sink
     * they go to. Called once; a failed future stops the follower.
     *
     * @param fragmentedMp4 whether segments are fMP4 (EXT-X-MAP with ISO BMFF) rather than MPEG-TS
     */
    Future<SegmentSink> ready(String description, boolean fragmentedMp4);

    /** A segment is in the sink. */
    void written(MediaSegment segment, long bytes);

    /**
     * Part of the stream will not be recorded: segments that left the playlist before they were fetched, segments
     * marked missing, ones that could not be fetched, or an ad break left out.
     */
    void missed(long firstSequence, long count, Duration length, String cause);

    /** The playlist ended (EXT-X-ENDLIST) and every segment is written. */
    void ended();

    /** The stream cannot be followed any more from this address (gone, stalled, unreachable); a new one may work. */
    void lost(String reason);

    /** The stream cannot be recorded at all (not a playlist, DRM, no variant): trying again will not help. */
    void failed(String reason);
}
