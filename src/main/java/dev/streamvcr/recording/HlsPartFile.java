package dev.streamvcr.recording;

import dev.streamvcr.hls.Fmp4Timeline;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.SegmentFormatException;
import dev.streamvcr.hls.SegmentTimeline;
import dev.streamvcr.hls.TimelineSnapshot;
import dev.streamvcr.hls.TsTimeline;
import dev.streamvcr.hls.client.ChunkStream;
import dev.streamvcr.hls.client.SegmentSink;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * file cut short by a crash holds every segment written before it, by construction; a segment over the size cap is
 * taken back out of an MPEG-TS part. Bytes go to the file in writes of up to {@value #WRITE_BYTES} and at each
 * segment's end, not one per network read: every write is a task on a blocking thread and a system call.
 */
final class HlsPartFile implements SegmentSink {

    static final int WRITE_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final Path path;
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
    /** Rewritten bytes not yet handed to the file; null when there are none (between segments, say). */
    private Buffer pending;
    /** Where the current segment began: the file's length and the MPEG-TS timeline's state then (null for fMP4). */
    private long segmentStart;
    private TsTimeline.Mark segmentMark;
    /** Writes given to the file and not done yet, and who waits for there to be none. */
    private int writing;
    private Promise<Void> idle;

    private HlsPartFile(Vertx vertx, Path path, AsyncFile file, boolean fragmentedMp4) {
        this.vertx = vertx;
        this.path = path;
        this.file = file;
        this.fragmentedMp4 = fragmentedMp4;
        this.ts = fragmentedMp4 ? null : new TsTimeline();
        this.timeline = ts;
        file.exceptionHandler(e -> failure = e);
    }

    /** Creates the part file (it must not exist yet) for MPEG-TS or fMP4 segments. */
    static Future<HlsPartFile> create(Vertx vertx, Path path, boolean fragmentedMp4) {
        return vertx.fileSystem().open(path.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .map(file -> new HlsPartFile(vertx, path, file, fragmentedMp4));
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
        segmentStart = file.getWritePos();
        segmentMark = ts == null ? null : ts.mark();
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
            append(timeline.endSegment());
        } catch (SegmentFormatException e) {
            flush();
            return Future.failedFuture(e.getMessage());
        }
        segments++;
        return flush();
    }

    @Override
    public void abandon() {
        if (inSegment && refused == null) {
            inSegment = false;
            try {
                // what came of it is kept, in whole packets; the next segment is joined on anew
                append(timeline.endSegment());
            } catch (SegmentFormatException e) {
                // cut inside a packet: its held packets are dropped
            }
        }
        flush();
    }

    /**
     * Takes the segment's packets out of the timeline and, once the writes under way are done, its bytes out of the
     * file. An fMP4 timeline cannot go back: its segment is abandoned instead.
     */
    @Override
    public Future<Void> discard() {
        if (segmentMark == null) {
            abandon();
            return Future.succeededFuture();
        }
        ts.restore(segmentMark);
        segmentMark = null;
        pending = null; // the segment's bytes not handed on yet
        inSegment = false;
        refused = null;
        long length = segmentStart;
        return whenWritten().compose(v -> vertx.fileSystem().truncate(path.toString(), length))
                .onSuccess(v -> file.setWritePos(length))
                .onFailure(e -> failure = e);
    }

    /** What the file holds so far: bytes, media length, codecs. */
    TimelineSnapshot snapshot() {
        return timeline == null ? null : timeline.snapshot();
    }

    long segments() {
        return segments;
    }

    Future<Void> close() {
        flush();
        return file.close();
    }

    /** A full disk stops the recording: no later segment would fit either. */
    @Override
    public String stopsRecording(Throwable failure) {
        return dev.streamvcr.storage.RecordingStore.isFull(failure) ? RecordingSession.describe(failure) : null;
    }

    /** Adds bytes for the file; hands them on once {@value #WRITE_BYTES} have gathered. */
    private Future<Void> append(byte[] bytes) {
        if (bytes.length == 0) {
            return Future.succeededFuture();
        }
        if (pending == null) {
            pending = Buffer.buffer(Math.min(WRITE_BYTES, Math.max(bytes.length, 8192)));
        }
        pending.appendBytes(bytes);
        return pending.length() >= WRITE_BYTES ? flush() : Future.succeededFuture();
    }

    private Future<Void> flush() {
        if (pending == null) {
            return Future.succeededFuture();
        }
        Buffer full = pending;
        pending = null;
        writing++;
        return file.write(full).onComplete(done -> {
            if (--writing == 0 && idle != null) {
                Promise<Void> waiting = idle;
                idle = null;
                waiting.complete();
            }
        });
    }

    /** Completes when every write given to the file so far is done. */
    private Future<Void> whenWritten() {
        if (writing == 0) {
            return Future.succeededFuture();
        }
        if (idle == null) {
            idle = Promise.promise();
        }
        return idle.future();
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
                ByteBuf bytes = data.getByteBuf(); // read in place when it is an array, as network reads are
                return append(!bytes.hasArray() ? timeline.rewrite(data.getBytes()) : timeline.rewrite(bytes.array(),
                        bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes()));
            } catch (SegmentFormatException e) {
                refused = e;
                inSegment = false;
                return Future.succeededFuture();
            }
        }
    }
}
