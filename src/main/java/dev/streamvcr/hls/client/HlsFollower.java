package dev.streamvcr.hls.client;

import dev.streamvcr.hls.InitSection;
import dev.streamvcr.hls.LiveWindow;
import dev.streamvcr.hls.MasterPlaylist;
import dev.streamvcr.hls.MediaPlaylist;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.Playlist;
import dev.streamvcr.hls.PlaylistException;
import dev.streamvcr.hls.PlaylistParser;
import dev.streamvcr.hls.SegmentGap;
import dev.streamvcr.hls.VariantChoice;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows one live HLS stream (RFC 8216 §6.3) into a {@link SegmentSink}: from a master playlist it takes the variant
 * the options prefer; it reloads the media playlist on the schedule of §6.3.4 (with conditional requests), hands
 * every new segment to the writer once and in order, and the writer fetches them one at a time (decrypted, resumed
 * after a break, retried, then given up as missed). What the stream does is told to the {@link HlsListener}.
 *
 * <p>The reloading and the writing meet at a queue of segments, so a slow segment never delays a reload (the
 * playlist could otherwise slide past segments not yet queued). Runs on the context it was started on.
 */
public final class HlsFollower {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final HlsHttp http;
    private final URI address;
    private final HlsFollowOptions options;
    private final HlsListener listener;
    private final PlaylistParser parser;
    private final SegmentFetch fetch;
    private final ArrayDeque<MediaSegment> queue = new ArrayDeque<>();
    private final AdBreaks ads;

    private URI media;
    private VariantChoice choice;
    private LiveWindow window;
    private MediaPlaylist current;
    private String etag;
    private String lastModified;
    private SegmentSink sink;
    private boolean readyAsked;
    private boolean writing;
    private boolean playlistEnded;
    private boolean done;
    /** The reload under way or asked for is the last: what it lists is still written, and none comes after it. */
    private boolean lastLook;
    /** Completed once the last look's playlist is read and all it listed is written (or following ended). */
    private Promise<Void> lastLookSettled;
    private boolean loading;
    private long reloadTimer = -1;
    private MediaSegment lastWritten;
    /** The next segment starts a new stretch of timeline (the start, after a gap, a reset, an ad break). */
    private boolean breakNext = true;
    private InitSection initSection;

    /** @param address a master or media playlist */
    public HlsFollower(Vertx vertx, HlsHttp http, URI address, HlsFollowOptions options, HlsListener listener) {
        this.vertx = vertx;
        this.http = http;
        this.address = address;
        this.options = options;
        this.listener = listener;
        this.parser = new PlaylistParser(options.limits());
        this.fetch = new SegmentFetch(vertx, http, new KeyCache(http), options);
        this.ads = new AdBreaks(listener);
    }

    /** Loads the first playlist; everything after happens on its own. */
    public void start() {
        load();
    }

    /** Stops reloading and writing; reports nothing more. A segment being fetched is left to finish unseen. */
    public void stop() {
        done = true;
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
        settleLastLook();
    }

    /**
     * Ends following for good, as {@link #stop()} does, first reporting as missed an ad break being left out: the
     * recording ends inside it, and the segments of it already listed were skipped, not lost. (A follower stopped to be
     * replaced must not report them: its successor sees them again.)
     */
    public void finish() {
        if (!done) {
            ads.flush();
        }
        stop();
    }

    /** The target duration of the live media playlist being followed; null before one is read, once ended or stopped. */
    public Duration targetDuration() {
        return done || playlistEnded || current == null ? null : current.targetDuration();
    }

    /**
     * Reloads the playlist once more at once (unless a reload is under way: that one is the last) and writes the
     * segments it lists, but reloads no more: the segments listed by now were whole before now, whatever the phase of
     * the reloads. Completes once they are written, or following ends. Call on the follower's context.
     */
    public Future<Void> lastLook() {
        if (done || playlistEnded) {
            return Future.succeededFuture();
        }
        if (!lastLook) {
            lastLook = true;
            lastLookSettled = Promise.promise();
            if (reloadTimer >= 0) {
                vertx.cancelTimer(reloadTimer);
                load();
            }
        }
        Future<Void> settled = lastLookSettled.future();
        settleLastLook();
        return settled;
    }

    /** Follows on after {@link #lastLook()} as before it (the end it was for moved later). Call on its context. */
    public void keepFollowing() {
        if (!lastLook || done) {
            return;
        }
        lastLook = false;
        if (lastLookSettled != null) {
            lastLookSettled.tryComplete();
            lastLookSettled = null;
        }
        if (!loading && reloadTimer < 0 && !playlistEnded) {
            reloadIn(Duration.ZERO);
        }
    }

    /** The variant chosen from a master playlist, or null when the address was a media playlist. */
    public VariantChoice choice() {
        return choice;
    }

    /** The Media Sequence Number its first media playlist began with ({@link LiveWindow#beginning()}), or -1. */
    public long beginning() {
        return window == null ? -1 : window.beginning();
    }

    /** The Media Sequence Number of the last segment written, or -1. */
    public long lastWrittenSequence() {
        return lastWritten == null ? -1 : lastWritten.mediaSequence();
    }

    private void load() {
        reloadTimer = -1;
        if (done) {
            return;
        }
        Instant began = Instant.now();
        URI target = media != null ? media : address;
        Map<String, String> headers = new HashMap<>();
        if (etag != null) {
            headers.put("If-None-Match", etag);
        } else if (lastModified != null) {
            headers.put("If-Modified-Since", lastModified);
        }
        loading = true;
        http.fetch(target, headers, options.limits().maxBytes() + 1L).onComplete(ar -> {
            loading = false;
            if (done) {
                return;
            }
            if (ar.failed()) {
                unreachable(ar.cause());
            } else {
                answered(ar.result(), began);
            }
            settleLastLook();
        });
    }

    private void settleLastLook() {
        if (lastLookSettled != null && (done || !loading && reloadTimer < 0 && !writing && queue.isEmpty())) {
            lastLookSettled.tryComplete();
            lastLookSettled = null;
        }
    }

    private void unreachable(Throwable cause) {
        String why = cause.getMessage();
        if (!(cause instanceof HlsFetchException fetchFailure) || !fetchFailure.isTransient()) {
            fail("The playlist could not be loaded: " + why);
        } else if (window == null || window.isStalled(Instant.now())) {
            lose("the playlist could not be loaded: " + why);
        } else {
            reloadIn(current.targetDuration().dividedBy(2));
        }
    }

    private void answered(HlsHttp.Answer answer, Instant began) {
        if (answer.status() == 304 && current != null) {
            follow(current, began);
            return;
        }
        if (answer.status() == 404 || answer.status() == 410 || answer.status() == 403 || answer.status() == 401) {
            lose("the playlist answered HTTP " + answer.status());
            return;
        }
        if (!answer.ok()) {
            unreachable(new HlsFetchException("HTTP " + answer.status(), true, false, null));
            return;
        }
        Playlist playlist;
        try {
            playlist = parser.parse(answer.body(), answer.uri());
        } catch (PlaylistException e) {
            String what = e.notAPlaylist() ? "The address answered something that is not an HLS playlist"
                    + (answer.header("Content-Type") == null ? "" : " (" + answer.header("Content-Type") + ")")
                    + ": " + e.getMessage() : "The playlist cannot be read: " + e.getMessage();
            if (current == null) {
                fail(what);
            } else {
                lose(what);
            }
            return;
        }
        if (playlist instanceof MasterPlaylist master) {
            chooseVariant(master);
        } else {
            etag = answer.header("ETag");
            lastModified = answer.header("Last-Modified");
            follow((MediaPlaylist) playlist, began);
        }
    }

    private void chooseVariant(MasterPlaylist master) {
        if (media != null) {
            lose("the media playlist answered with a master playlist");
            return;
        }
        try {
            choice = VariantChoice.choose(master, options.preference());
        } catch (PlaylistException e) {
            // no variant with an http(s) URI: thrown here, on the event loop, it would leave the follower waiting
            fail("The stream cannot be recorded: " + e.getMessage());
            return;
        }
        media = choice.variant().uri();
        load();
    }

    private void follow(MediaPlaylist playlist, Instant began) {
        if (window == null) {
            window = new LiveWindow(options.start());
        }
        current = playlist;
        LiveWindow.Update update = window.update(playlist, Instant.now());
        if (update.reset()) {
            breakNext = true;
        }
        for (SegmentGap gap : update.gaps()) {
            listener.missed(gap.firstSequence(), gap.count(), gap.duration(), gap.reason() == SegmentGap.Reason.GAP_TAG
                    ? "the playlist marks them missing (EXT-X-GAP)" : "they left the playlist before they could be "
                    + "fetched");
        }
        for (MediaSegment segment : update.segments()) {
            if (!options.keepAds() && playlist.inAdBreak(segment)) {
                ads.add(segment);
            } else {
                ads.flush();
                queue.add(segment);
            }
        }
        if (!readyAsked && (!queue.isEmpty() || update.ended())) {
            readyAsked = true;
            String description = choice == null ? "the media playlist " + media() : choice.describe();
            listener.ready(description, playlist.isFragmentedMp4()).onComplete(ready -> {
                if (ready.failed()) {
                    fail(ready.cause().getMessage());
                } else {
                    sink = ready.result();
                    pump();
                }
            });
        } else {
            pump();
        }
        if (update.ended()) {
            ads.flush();
            playlistEnded = true;
            pump();
        } else if (update.stalled()) {
            lose("the playlist has not changed for " + playlist.targetDuration().multipliedBy(3).toSeconds()
                    + " s (three target durations)");
        } else {
            Duration elapsed = Duration.between(began, Instant.now());
            reloadIn(update.reloadAfter().minus(elapsed));
        }
    }

    private URI media() {
        return media != null ? media : address;
    }

    private void reloadIn(Duration wait) {
        if (!done && !lastLook) {
            reloadTimer = vertx.setTimer(Math.max(1, (wait.isNegative() ? Duration.ZERO : wait).toMillis()),
                    t -> load());
        }
    }

    /** Writes the next queued segment unless one is being written; reports the end once all are written. */
    private void pump() {
        if (writing || sink == null || done) {
            return;
        }
        MediaSegment next = queue.poll();
        if (next == null) {
            if (playlistEnded) {
                done = true;
                listener.ended();
            }
            settleLastLook();
            return;
        }
        writing = true;
        // the tag before a segment says whether its timestamps continue (RFC 8216 §4.3.2.3); the numbers alone may
        // shift without one (see LiveWindow)
        boolean continuous = !breakNext && lastWritten != null && !next.discontinuity()
                && next.mediaSequence() == lastWritten.mediaSequence() + 1;
        initFor(next).compose(v -> fetch.run(next, sink, continuous)).onComplete(ar -> {
            writing = false;
            if (done) {
                return;
            }
            if (ar.succeeded()) {
                lastWritten = next;
                breakNext = false;
                listener.written(next, ar.result());
            } else if (ar.cause() instanceof SegmentFetch.Unrecordable unrecordable) {
                fail(unrecordable.getMessage());
                return;
            } else {
                breakNext = true;
                listener.missed(next.mediaSequence(), 1, next.duration(), ar.cause().getMessage());
            }
            pump();
        });
    }

    /** Fetches and hands over the segment's initialization section (fMP4) when it is not the one in force. */
    private Future<Void> initFor(MediaSegment segment) {
        InitSection wanted = segment.initSection();
        if (wanted == null || wanted.equals(initSection)) {
            return Future.succeededFuture();
        }
        return new InitSectionFetch(http, options).fetch(wanted, segment.mediaSequence()).compose(bytes -> {
            initSection = wanted;
            return sink.initSection(bytes);
        });
    }

    private void lose(String reason) {
        if (!done) {
            stop();
            listener.lost(reason);
        }
    }

    private void fail(String reason) {
        if (!done) {
            stop();
            listener.failed(reason);
        }
    }
}
