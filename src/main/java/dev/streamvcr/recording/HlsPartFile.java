package dev.streamvcr.recording;

import dev.streamvcr.hls.Fmp4Timeline;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.SegmentFormatException;
import dev.streamvcr.hls.SegmentTimeline;
import dev.streamvcr.hls.TimelineSnapshot;
import dev.streamvcr.hls.TsTimeline;
import dev.streamvcr.hls.client.ChunkStream;
import dev.streamvcr.hls.client.SegmentSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import java.nio.file.Path;

/**
 * The part file of an HLS recording: segments appended as they arrive (MPEG-TS, or an fMP4 initialization section
 * followed by fragments), their timestamps rewritten on the way ({@link SegmentTimeline}) so the file has one timeline
 * across discontinuities, gaps and reconnects, through an {@link AsyncFile} whose full queue pauses the download. A
 * file cut short by a crash holds every segment written before it, by construction.
 */
final class HlsPartFile implements SegmentSink {

    private final AsyncFile file;
    private final boolean fragmentedMp4;
    private SegmentTimeline timeline;
    /** The MPEG-TS timeline behind {@link #timeline}, or null for fMP4. */
    private final TsTimeline ts;
    private Fmp4Timeline fmp4;
    private long segments;
    private boolean inSegment;
    /** Why the current segment's bytes were refused (not MPEG-TS, say), or null. */
    private SegmentFormatException refused;
    private Throwable failure;

    private HlsPartFile(AsyncFile file, boolean fragmentedMp4) {
        this.file = file;
        this.fragmentedMp4 = fragmentedMp4;
        this.ts = fragmentedMp4 ? null : new TsTimeline();
        this.timeline = ts;
        file.exceptionHandler(e -> failure = e);
    }

    /** Creates the part file (it must not exist yet) for MPEG-TS or fMP4 segments. */
    static Future<HlsPartFile> create(Vertx vertx, Path path, boolean fragmentedMp4) {
        return vertx.fileSystem().open(path.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .map(file -> new HlsPartFile(file, fragmentedMp4));
    }

    /**
     * Creates the file of a rendition recorded beside an MPEG-TS part ({@code origin}: the part's
     * {@link #origin()}), on the part's timeline.
     */
    static Future<HlsPartFile> rendition(Vertx vertx, Path path, long origin) {
        return create(vertx, path, false).map(file -> {
            file.ts.startFrom(origin);
            return file;
        });
    }

    /** The source clock value the MPEG-TS part's time 0 stands for; -1 before its first segment (or for fMP4). */
    long origin() {
        return ts == null ? -1 : ts.origin();
    }

    @Override
    public Future<Void> initSection(byte[] section) {
        if (!fragmentedMp4) {
            return Future.failedFuture("an initialization section (EXT-X-MAP) in a stream of MPEG-TS segments");
        }
        if (fmp4 == null) {
            fmp4 = new Fmp4Timeline(section);
            timeline = fmp4;
            return Future.succeededFuture();
        }
        return fmp4.sameTracks(section) ? Future.succeededFuture()
                : Future.failedFuture("the stream's tracks changed (a new EXT-X-MAP with other codecs)");
    }

    @Override
    public void begin(MediaSegment segment, boolean continuous) {
        refused = null;
        inSegment = timeline != null;
        if (inSegment) {
            timeline.beginSegment(continuous);
        }
    }

    @Override
    public WriteStream<Buffer> body() {
        return new Body();
    }

    @Override
    public Future<Void> end() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (timeline == null) {
            return Future.failedFuture("an fMP4 segment came before its initialization section (EXT-X-MAP)");
        }
        if (refused != null) {
            return Future.failedFuture(refused.getMessage());
        }
        try {
            inSegment = false;
            write(timeline.endSegment());
        } catch (SegmentFormatException e) {
            return Future.failedFuture(e.getMessage());
        }
        segments++;
        return Future.succeededFuture();
    }

    @Override
    public void abandon() {
        if (inSegment && refused == null) {
            inSegment = false;
            try {
                // what came of it is kept, in whole packets; the next segment is joined on anew
                write(timeline.endSegment());
            } catch (SegmentFormatException e) {
                // cut inside a packet: its held packets are dropped
            }
        }
    }

    /** What the file holds so far: bytes, media length, codecs. */
    TimelineSnapshot snapshot() {
        return timeline == null ? null : timeline.snapshot();
    }

    long segments() {
        return segments;
    }

    Future<Void> close() {
        return file.close();
    }

    private Future<Void> write(byte[] bytes) {
        return bytes.length == 0 ? Future.succeededFuture() : file.write(Buffer.buffer(bytes));
    }

    /** A segment's bytes on their way through the timeline into the file, with the file's backpressure. */
    private final class Body extends ChunkStream {
        Body() {
            super(file);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (refused != null || timeline == null) {
                return Future.succeededFuture();
            }
            try {
                return HlsPartFile.this.write(timeline.rewrite(data.getBytes()));
            } catch (SegmentFormatException e) {
                refused = e;
                inSegment = false;
                return Future.succeededFuture();
            }
        }
    }
}
