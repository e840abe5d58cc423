package dev.streamvcr.recording;

import dev.streamvcr.hls.MediaSegment;
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
 * followed by fragments), through an {@link AsyncFile} whose full queue pauses the download. A file cut short by a
 * crash holds every segment written before it, by construction.
 */
final class HlsPartFile implements SegmentSink {

    private final AsyncFile file;
    private long bytes;
    private long durationMs;
    private long segments;
    private MediaSegment current;
    private Throwable failure;

    private HlsPartFile(AsyncFile file) {
        this.file = file;
        file.exceptionHandler(e -> failure = e);
    }

    /** Creates the part file (it must not exist yet). */
    static Future<HlsPartFile> create(Vertx vertx, Path path) {
        return vertx.fileSystem().open(path.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .map(HlsPartFile::new);
    }

    @Override
    public Future<Void> initSection(byte[] section) {
        return append(Buffer.buffer(section));
    }

    @Override
    public void begin(MediaSegment segment, boolean continuous) {
        current = segment;
    }

    @Override
    public WriteStream<Buffer> body() {
        return new Counted();
    }

    @Override
    public Future<Void> end() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (current != null) {
            durationMs += current.duration().toMillis();
            segments++;
            current = null;
        }
        return Future.succeededFuture();
    }

    @Override
    public void abandon() {
        current = null;
    }

    long bytes() {
        return bytes;
    }

    long durationMs() {
        return durationMs;
    }

    long segments() {
        return segments;
    }

    Future<Void> close() {
        return file.close();
    }

    private Future<Void> append(Buffer data) {
        bytes += data.length();
        return file.write(data);
    }

    /** Counts what goes into the file; the file's own queue gives the backpressure. */
    private final class Counted implements WriteStream<Buffer> {
        @Override
        public Future<Void> write(Buffer data) {
            return append(data);
        }

        @Override
        public void write(Buffer data, io.vertx.core.Handler<io.vertx.core.AsyncResult<Void>> handler) {
            append(data).onComplete(handler);
        }

        @Override
        public void end(io.vertx.core.Handler<io.vertx.core.AsyncResult<Void>> handler) {
            handler.handle(Future.succeededFuture());
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return file.writeQueueFull();
        }

        @Override
        public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
            file.drainHandler(handler);
            return this;
        }
    }
}
