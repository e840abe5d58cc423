package dev.streamvcr.recording;

import dev.streamvcr.hls.LiveStart;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.Rendition;
import dev.streamvcr.hls.TimelineSnapshot;
import dev.streamvcr.hls.client.HlsFollowOptions;
import dev.streamvcr.hls.client.HlsFollower;
import dev.streamvcr.hls.client.HlsListener;
import dev.streamvcr.hls.client.SegmentSink;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.reservation.HlsOptions;
import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.site.StreamAccess;
import dev.streamvcr.site.StreamAddress;
import dev.streamvcr.site.StreamSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Records an HLS stream with our own client ({@link HlsFollower}) into one part file (MPEG-TS, or fragmented MP4).
 * After a lost source (an expired address, a stalled playlist) the session finds the stream again and the new
 * follower continues after the last segment written, so a reconnect inside the playlist's window loses nothing; what
 * is lost is reported as gaps. A session that takes the work over does the same from the sequence number the earlier
 * part stored.
 */
final class HlsCapture implements StreamCapture {

    private static final Logger LOG = Logger.getLogger(HlsCapture.class);
    /** How long the separate audio may take to finish after the video's playlist ended. */
    private static final Duration AUDIO_AFTER_VIDEO = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final CaptureEvents events;
    private final SessionTarget target;
    private final OutboundPolicy outbound;
    private final OutboundHttpClient client;
    private final HlsFollowOptions options;
    private final Supplier<FfmpegTools> ffmpeg;

    private URI playlist;
    private StreamAccess access = StreamAccess.NONE;
    private HlsFollower follower;
    private HlsPartFile part;
    private Future<SegmentSink> opening;
    private boolean fragmentedMp4;
    private long lastSequence;
    /** Whether {@link CaptureEvents#recordingBegan()} was said for the part. */
    private boolean began;
    /** The segment an earlier connection's first playlist began the recording with, or -1. */
    private long beginning = -1;
    private boolean closed;
    /** Gaps reported before the part was open (an ad break the window begins with), stored once it is. */
    private final List<Runnable> gapsBeforePart = new ArrayList<>();
    private Path partPath;
    private AudioRendition audio;
    /** Whether the video began with the segment holding the booked start (not after one written before). */
    private boolean fromBookedStart;
    /** The part's bytes after its audio rendition was joined in, or -1. */
    private long joinedBytes = -1;

    /** @param ffmpeg the ffmpeg that joins a separate audio rendition into the part when it closes */
    HlsCapture(Vertx vertx, CaptureEvents events, SessionTarget target, OutboundPolicy outbound,
            OutboundHttpClient client, HlsFollowOptions options, Supplier<FfmpegTools> ffmpeg) {
        this.vertx = vertx;
        this.events = events;
        this.target = target;
        this.outbound = outbound;
        this.client = client;
        this.options = options;
        this.ffmpeg = ffmpeg;
        this.lastSequence = target.lastSequence() == null ? -1 : target.lastSequence();
    }

    /** How a reservation's HLS options (option text, or null) are followed. */
    static HlsFollowOptions followOptions(String text) {
        HlsOptions options = HlsOptions.parse(text);
        return HlsFollowOptions.defaults().withPreference(options.preference()).withKeepAds(options.keepAds());
    }

    @Override
    public Future<Void> use(StreamSource stream) {
        URI uri = StreamAddress.webUri(StreamAddress.parse(stream.line()).url());
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        // checked now so a refused address fails before connecting; every request is checked again on its own
        return events.blocking(() -> outbound.resolve(host)).map(ip -> {
            playlist = uri;
            access = stream.access();
            return null;
        });
    }

    /** The host of the playlist, for the history ("Connecting to …"). */
    String host() {
        return playlist.getHost();
    }

    @Override
    public void connect() {
        if (follower != null) {
            follower.stop();
            beginning = Math.max(beginning, follower.beginning());
        }
        // a reconnect, or a session taking over, goes on after the last segment written; the first connection
        // begins with the segment that holds the booked start. A reconnect before anything was written begins where
        // an earlier playlist did: the segments it listed before that ended before the booked start, however recent
        // a stale copy of them (a playlist that stopped changing) makes them look when reckoned from its arrival
        LiveStart start = lastSequence >= 0 ? LiveStart.after(lastSequence)
                : beginning > 0 ? LiveStart.after(beginning - 1) : LiveStart.at(target.startAt());
        fromBookedStart = start.kind() == LiveStart.Kind.AT;
        LOG.debugf("Reservation %d: connecting to the HLS stream, %s", target.reservationId(),
                lastSequence >= 0 ? "after segment " + lastSequence
                        : beginning > 0 ? "from segment " + beginning : "from the booked start");
        HlsFetches fetches = new HlsFetches(client, access.cookies(), access.headers());
        follower = new HlsFollower(vertx, fetches, playlist, options.withStart(start), new Listener());
        follower.start();
        if (audio != null) {
            audio.follow(fetches);
        }
    }

    private final class Listener implements HlsListener {
        @Override
        public Future<SegmentSink> ready(String description, boolean fmp4) {
            events.connected();
            LOG.infof("Reservation %d: following %s", target.reservationId(), description);
            if (opening == null) {
                fragmentedMp4 = fmp4;
                opening = events.openPart(fmp4 ? "mp4" : "ts").compose(file -> {
                            partPath = file;
                            return HlsPartFile.create(vertx, file, fmp4);
                        })
                        .map(created -> {
                            if (closed || events.ending()) {
                                created.close();
                                throw new IllegalStateException("the session ended while the part was opening");
                            }
                            part = created;
                            gapsBeforePart.forEach(Runnable::run);
                            gapsBeforePart.clear();
                            return (SegmentSink) created;
                        });
                opening.onFailure(e -> {
                    if (!events.ending()) {
                        events.failed(RecordingSession.describe(e));
                    }
                });
            } else if (fmp4 != fragmentedMp4) {
                return Future.failedFuture("the stream changed from " + (fragmentedMp4 ? "fMP4" : "MPEG-TS")
                        + " segments to " + (fmp4 ? "fMP4" : "MPEG-TS") + " ones");
            }
            return opening;
        }

        @Override
        public void written(MediaSegment segment, long bytes) {
            lastSequence = segment.mediaSequence();
            if (audio == null) {
                followAudio(segment);
            }
            if (!began) {
                began = true;
                events.recordingBegan();
            }
            events.receiving();
        }

        @Override
        public void missed(long firstSequence, long count, Duration length, String cause) {
            String which = count == 1 ? "segment " + firstSequence
                    : "segments " + firstSequence + "–" + (firstSequence + count - 1);
            Instant at = Instant.now();
            Runnable gap = () -> events.gap(at, length.toMillis(), cause.startsWith("segment") ? cause
                    : which + ": " + cause);
            if (part == null) {
                gapsBeforePart.add(gap);
            } else {
                gap.run();
            }
        }

        @Override
        public void ended() {
            Future<Void> sound = audio == null ? Future.succeededFuture() : audio.ended(AUDIO_AFTER_VIDEO);
            sound.onComplete(done -> events.ended("The playlist ended (EXT-X-ENDLIST); the recording is complete."));
        }

        @Override
        public void lost(String reason) {
            events.lostSource(new IllegalArgumentException("The HLS stream was lost: " + reason + "."));
        }

        @Override
        public void failed(String reason) {
            events.failed(reason.endsWith(".") ? reason : reason + ".");
        }
    }

    /**
     * Once the part's first video segment has set its timeline, follows the chosen variant's separate audio rendition
     * (if it has one) into a file of its own on that timeline.
     */
    private void followAudio(MediaSegment videoFirst) {
        Rendition rendition = follower.choice() == null ? null : follower.choice().audio();
        if (rendition == null || rendition.uri() == null || fragmentedMp4 || part.origin() < 0) {
            return;
        }
        LOG.infof("Reservation %d: also following the audio rendition '%s'", target.reservationId(), rendition.name());
        audio = new AudioRendition(vertx, events, target.reservationId(), rendition.uri(),
                RenditionMux.audioOf(partPath), part.origin(), options, videoFirst.mediaSequence(),
                fromBookedStart ? target.startAt() : Instant.now().minus(videoFirst.duration().dividedBy(2)));
        audio.follow(new HlsFetches(client, access.cookies(), access.headers()));
    }

    @Override
    public RecordingProgress progress() {
        TimelineSnapshot written = part == null ? null : part.snapshot();
        if (written == null) {
            return RecordingProgress.NONE;
        }
        long ms = written.mediaDurationMillis();
        long bytes = joinedBytes >= 0 ? joinedBytes : written.bytesWritten();
        return new RecordingProgress(bytes, ms, ms > 0 ? bytes * 8000 / ms : 0, written.videoCodec(),
                written.audioCodec() != null ? written.audioCodec() : audio != null ? "AAC" : null);
    }

    @Override
    public boolean recorded() {
        return part != null && part.segments() > 0;
    }

    @Override
    public Long lastSequence() {
        return lastSequence >= 0 ? lastSequence : null;
    }

    /**
     * A segment is listed only once it is whole and seen at the next reload, up to a target duration later: at the
     * booked end the playlist is read once more, and what it lists is fetched, for at most a target duration.
     */
    @Override
    public Future<Void> finishAtEnd() {
        Duration target = follower == null || closed ? null : follower.targetDuration();
        if (target == null) {
            return Future.succeededFuture();
        }
        Promise<Void> finished = Promise.promise();
        long bound = vertx.setTimer(Math.max(1, target.toMillis()), t -> finished.tryComplete());
        follower.lastLook().onComplete(ar -> {
            vertx.cancelTimer(bound);
            finished.tryComplete();
        });
        return finished.future();
    }

    @Override
    public void moveEnd(Instant endAt) {
        if (follower != null && !closed) {
            follower.keepFollowing(); // the end it took a last look for moved later
        }
    }

    @Override
    public Future<Void> close() {
        closed = true;
        if (follower != null) {
            follower.finish(); // an ad break the booked end falls in is listed with the other gaps
        }
        Future<Void> audioClosed = audio == null ? Future.succeededFuture() : audio.close();
        Future<Void> partClosed = part == null ? Future.succeededFuture() : part.close();
        return Future.join(audioClosed, partClosed).<Void>mapEmpty().compose(v -> audio == null
                ? Future.<Void>succeededFuture() : events.<Void>blocking(() -> {
                    RenditionMux.join(ffmpeg.get(), partPath);
                    joinedBytes = java.nio.file.Files.size(partPath);
                    return null;
                })).recover(e -> {
                    LOG.errorf(e, "Reservation %d: closing the part file failed (the audio rendition, if any, stays "
                            + "beside it)", target.reservationId());
                    return Future.succeededFuture();
                });
    }
}
