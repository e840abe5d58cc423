package dev.streamvcr.hls.client;

import dev.streamvcr.hls.MediaSegment;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps what a follower reports, and is its sink: the bytes of each segment and whether it continued the last. */
final class CollectingListener implements HlsListener, SegmentSink {

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Long> written = Collections.synchronizedList(new ArrayList<>());
    final List<Boolean> continuity = Collections.synchronizedList(new ArrayList<>());
    volatile String description;
    volatile String ending;

    @Override
    public Future<SegmentSink> ready(String described, boolean fragmentedMp4) {
        description = described;
        events.add("ready " + (fragmentedMp4 ? "fmp4" : "ts"));
        return Future.succeededFuture(this);
    }

    @Override
    public void written(MediaSegment segment, long count) {
        written.add(segment.mediaSequence());
        events.add("written " + segment.mediaSequence() + " (" + count + " bytes)");
    }

    @Override
    public void missed(long firstSequence, long count, Duration length, String cause) {
        events.add("missed " + firstSequence + "+" + count + " " + length.toSeconds() + "s: " + cause);
    }

    @Override
    public void ended() {
        ending = "ended";
    }

    @Override
    public void lost(String reason) {
        ending = "lost: " + reason;
    }

    @Override
    public void failed(String reason) {
        ending = "failed: " + reason;
    }

    List<String> missed() {
        return events.stream().filter(e -> e.startsWith("missed")).toList();
    }

    // --- the sink ---

    @Override
    public Future<Void> initSection(byte[] section) {
        events.add("init " + section.length);
        bytes.writeBytes(section);
        return Future.succeededFuture();
    }

    @Override
    public void begin(MediaSegment segment, boolean continuous) {
        continuity.add(continuous);
    }

    @Override
    public WriteStream<Buffer> body() {
        return new ChunkStream(null) {
            @Override
            public Future<Void> write(Buffer data) {
                synchronized (bytes) {
                    bytes.writeBytes(data.getBytes());
                }
                return Future.succeededFuture();
            }
        };
    }

    @Override
    public Future<Void> end() {
        return Future.succeededFuture();
    }

    @Override
    public void abandon() {
        events.add("abandoned");
    }
}
