package dev.streamvcr.recording;

import dev.streamvcr.hls.LiveStart;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.client.HlsFollowOptions;
import dev.streamvcr.hls.client.HlsFollower;
import dev.streamvcr.hls.client.HlsListener;
import dev.streamvcr.hls.client.SegmentSink;
import dev.streamvcr.outbound.OutboundHttpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * StreamVCR's HLS client into a part file, as a recording session runs it: a lost stream is followed again after
 * the last segment written, into the same part.
 */
final class BenchmarkFollower implements HlsListener {
    final Vertx vertx;
    final HlsFetches fetches;
    final URI url;
    final Path file;
    final Instant started;
    volatile HlsFollower follower;
    volatile io.vertx.core.Context context;
    HlsPartFile part;
    volatile int missed;
    volatile int reconnects;
    volatile long lastWritten = -1;
    volatile boolean closing;

    BenchmarkFollower(Vertx vertx, OutboundHttpClient http, String url, Path file, Instant started) {
        this.vertx = vertx;
        this.fetches = new HlsFetches(http, null, Map.of());
        this.url = URI.create(url);
        this.file = file;
        this.started = started;
        follow(LiveStart.at(started));
    }

    private void follow(LiveStart start) {
        follower = new HlsFollower(vertx, fetches, url, HlsFollowOptions.defaults().withStart(start), this);
        HlsFollower started = follower;
        vertx.runOnContext(v -> {
            context = Vertx.currentContext();
            started.start();
        });
    }

    /** What a recording session does at its booked end: one last look at the playlist; how long to give it. */
    Duration lastLook() {
        HlsFollower current = follower;
        io.vertx.core.Context on = context;
        if (on == null) {
            return Duration.ZERO;
        }
        on.runOnContext(v -> current.lastLook());
        return Duration.ofSeconds(2); // nginx-rtmp's target duration here (hls_fragment 2s)
    }

    @Override
    public Future<SegmentSink> ready(String description, boolean fragmentedMp4) {
        if (part != null) {
            return Future.succeededFuture(part);
        }
        return HlsPartFile.create(io.vertx.core.Vertx.currentContext().owner(), file, fragmentedMp4).map(p -> {
            part = p;
            return p;
        });
    }

    @Override
    public void written(MediaSegment segment, long bytes) {
        lastWritten = segment.mediaSequence();
    }

    @Override
    public void missed(long firstSequence, long count, Duration length, String cause) {
        missed += (int) count;
    }

    @Override
    public void ended() {
    }

    @Override
    public void lost(String reason) {
        if (!closing) {
            reconnects++;
            System.err.println("StreamVCR lost the stream, following it again: " + reason);
            follow(lastWritten >= 0 ? LiveStart.after(lastWritten) : LiveStart.at(started));
        }
    }

    @Override
    public void failed(String reason) {
        System.err.println("StreamVCR failed: " + reason);
    }

    void stop() {
        closing = true;
        follower.stop();
    }

    void closePart() throws Exception {
        if (part != null) {
            part.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
