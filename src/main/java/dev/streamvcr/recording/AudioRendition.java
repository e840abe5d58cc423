package dev.streamvcr.recording;

import dev.streamvcr.hls.LiveStart;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.client.HlsFollowOptions;
import dev.streamvcr.hls.client.HlsFollower;
import dev.streamvcr.hls.client.HlsHttp;
import dev.streamvcr.hls.client.HlsListener;
import dev.streamvcr.hls.client.SegmentSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The separate audio rendition of the variant an HLS part records (EXT-X-MEDIA TYPE=AUDIO with its own playlist),
 * followed beside the video into its own file on the part's timeline, and joined into the part when it closes
 * ({@link RenditionMux}). What it misses is listed as gaps of the recording; when its playlist is lost it is
 * followed again after a pause, from the segment after the last one written, while the video goes on.
 */
final class AudioRendition {

    private static final Logger LOG = Logger.getLogger(AudioRendition.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final CaptureEvents events;
    private final long reservationId;
    private final URI playlist;
    private final Path file;
    private final long origin;
    private final HlsFollowOptions options;
    /** Where the video began: the segment it began with, and a moment inside it. */
    private final long videoFirst;
    private final Instant videoBegan;
    private HlsHttp http;
    private HlsFollower follower;
    private Future<SegmentSink> opening;
    private HlsPartFile part;
    private long lastSequence = -1;
    private boolean closed;
    /** Completes when its playlist ended and every segment is written, or it cannot be recorded. */
    private final Promise<Void> over = Promise.promise();

    /**
     * @param file   where its segments go (beside the part)
     * @param origin the part's timeline origin ({@link HlsPartFile#origin()})
     */
    AudioRendition(Vertx vertx, CaptureEvents events, long reservationId, URI playlist, Path file, long origin,
            HlsFollowOptions options, long videoFirst, Instant videoBegan) {
        this.vertx = vertx;
        this.events = events;
        this.reservationId = reservationId;
        this.playlist = playlist;
        this.file = file;
        this.origin = origin;
        this.options = options;
        this.videoFirst = videoFirst;
        this.videoBegan = videoBegan;
    }

    /** Follows the rendition (again) with {@code fetches}, after the last segment written if any. */
    void follow(HlsHttp fetches) {
        http = fetches;
        if (closed) {
            return;
        }
        if (follower != null) {
            follower.stop();
        }
        LiveStart start = lastSequence >= 0 ? LiveStart.after(lastSequence)
                : videoFirst >= 0 ? LiveStart.at(videoBegan, videoFirst) : LiveStart.at(videoBegan);
        follower = new HlsFollower(vertx, fetches, playlist, options.withStart(start), new Listener());
        follower.start();
    }

    private final class Listener implements HlsListener {
        @Override
        public Future<SegmentSink> ready(String description, boolean fragmentedMp4) {
            if (fragmentedMp4) {
                return Future.failedFuture("an fMP4 audio rendition beside MPEG-TS video");
            }
            if (opening == null) {
                opening = HlsPartFile.rendition(vertx, file, origin).map(created -> {
                    if (closed) {
                        created.close();
                        throw new IllegalStateException("the recording ended while the audio file was opening");
                    }
                    part = created;
                    return (SegmentSink) created;
                });
            }
            return opening;
        }

        @Override
        public void written(MediaSegment segment, long bytes) {
            lastSequence = segment.mediaSequence();
        }

        @Override
        public void missed(long firstSequence, long count, Duration length, String cause) {
            String which = count == 1 ? "segment " + firstSequence
                    : "segments " + firstSequence + "–" + (firstSequence + count - 1);
            events.gap(Instant.now(), length.toMillis(), "audio rendition, " + (cause.startsWith("segment") ? cause
                    : which + ": " + cause));
        }

        @Override
        public void ended() {
            LOG.debugf("Reservation %d: the audio rendition ended", reservationId);
            over.tryComplete();
        }

        @Override
        public void lost(String reason) {
            LOG.infof("Reservation %d: the audio rendition was lost (%s); following it again", reservationId, reason);
            vertx.setTimer(RETRY.toMillis(), t -> follow(http));
        }

        @Override
        public void failed(String reason) {
            LOG.warnf("Reservation %d: the audio rendition cannot be recorded: %s", reservationId, reason);
            over.tryComplete();
        }
    }

    /**
     * Completes once the rendition's own playlist has ended and all of it is written (or it cannot be recorded), or
     * after {@code longest}: the video's ENDLIST does not cut the sound short.
     */
    Future<Void> ended(Duration longest) {
        long timer = vertx.setTimer(Math.max(1, longest.toMillis()), t -> over.tryComplete());
        return over.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    /** Stops following and closes its file; the caller then joins it into the part. */
    Future<Void> close() {
        closed = true;
        if (follower != null) {
            follower.stop();
        }
        return part == null ? Future.succeededFuture() : part.close();
    }
}
