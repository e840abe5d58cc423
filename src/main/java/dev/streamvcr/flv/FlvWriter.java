package dev.streamvcr.flv;

import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.EcmaArray;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams an FLV file to disk through a Vert.x {@link AsyncFile}; nothing but the write queue is
 * held in memory.
 *
 * <p>Threading: create it on the Vert.x context that will use it and make every call there.
 *
 * <p>Backpressure: the file's write queue is unbounded; the caller keeps it small by pausing its
 * source while {@link #writeQueueFull()} and resuming from {@link #drainHandler(Handler)}.
 *
 * <p>On {@link #close()} the {@code duration} and {@code filesize} of the {@code onMetaData} tag
 * (if one was written) are overwritten in place with the real values, and the header's TypeFlags
 * are corrected to the tag types actually written, so the file needs no second pass.
 */
public final class FlvWriter implements TagSink {

    static final String ON_METADATA = "onMetaData";
    static final String DURATION = "duration";
    static final String FILESIZE = "filesize";
    // Placeholder values that cannot come from a stream, found again in the encoded bytes to
    // learn where the two doubles landed without depending on the encoder's key order.
    private static final long DURATION_MARK = 0x8123_4567_89AB_CDEFL;
    private static final long FILESIZE_MARK = 0x8123_4567_89AB_CDF0L;

    private final AsyncFile file;
    private final int headerFlags;
    private long position;
    private long lastTimestamp;
    private boolean audioWritten;
    private boolean videoWritten;
    private long durationOffset = -1;
    private long filesizeOffset = -1;
    private int pendingWrites;
    private Promise<Void> idle;
    private Throwable failure;
    private Handler<Throwable> exceptionHandler;
    private Future<Void> closing;

    private FlvWriter(AsyncFile file, boolean audio, boolean video) {
        this.file = file;
        this.headerFlags = FlvFormat.typeFlags(audio, video);
    }

    /**
     * Creates {@code file} (failing if it already exists, so two nodes can never write one part)
     * and queues the header and PreviousTagSize0. {@code audio}/{@code video} are the header's
     * initial TypeFlags.
     */
    public static Future<FlvWriter> create(Vertx vertx, Path file, boolean audio, boolean video) {
        OpenOptions options = new OpenOptions().setWrite(true).setCreateNew(true);
        return vertx.fileSystem().open(file.toString(), options).map(asyncFile -> {
            FlvWriter writer = new FlvWriter(asyncFile, audio, video);
            writer.append(FlvFormat.fileStart(audio, video));
            return writer;
        });
    }

    /**
     * Queues one tag. The payload is copied; the caller may reuse it.
     *
     * @throws IllegalArgumentException for an unknown type, a body over 16 MiB or a timestamp
     *     outside 0..2^32-1
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public void writeTag(int type, long timestampMs, Buffer payload) {
        TagType tagType = TagType.ofId(type);
        if (tagType == null) {
            throw new IllegalArgumentException("not an FLV tag type: " + type);
        }
        checkOpen();
        append(FlvFormat.tag(tagType, timestampMs, payload));
        lastTimestamp = Math.max(lastTimestamp, timestampMs);
        audioWritten |= tagType == TagType.AUDIO;
        videoWritten |= tagType == TagType.VIDEO;
    }

    /**
     * Queues an {@code onMetaData} script tag at timestamp 0 holding the stream's entries as an
     * ECMA array, with {@code duration} and {@code filesize} replaced by numbers that
     * {@link #close()} fills in.
     *
     * @throws IllegalStateException if metadata was already written or the writer is closed
     */
    @Override
    public void writeMetadata(Map<String, Object> streamMetadata) {
        checkOpen();
        if (durationOffset >= 0) {
            throw new IllegalStateException("onMetaData was already written");
        }
        Map<String, Object> entries = new LinkedHashMap<>(streamMetadata);
        entries.remove(DURATION);
        entries.remove(FILESIZE);
        entries.put(DURATION, Double.longBitsToDouble(DURATION_MARK));
        entries.put(FILESIZE, Double.longBitsToDouble(FILESIZE_MARK));
        ByteBuf encoded = Unpooled.buffer();
        Amf0.encode(encoded, ON_METADATA);
        Amf0.encode(encoded, new EcmaArray(entries));
        Buffer payload = Buffer.buffer(ByteBufUtil.getBytes(encoded));
        int durationAt = uniqueOffset(payload, DURATION_MARK);
        int filesizeAt = uniqueOffset(payload, FILESIZE_MARK);
        payload.setDouble(durationAt, 0.0);
        payload.setDouble(filesizeAt, 0.0);
        long bodyStart = position + FlvFormat.TAG_HEADER_SIZE;
        writeTag(TagType.SCRIPT_DATA.id, 0, payload);
        durationOffset = bodyStart + durationAt;
        filesizeOffset = bodyStart + filesizeAt;
    }

    /** Bytes queued so far (header included); the file's size once everything is written. */
    @Override
    public long bytesWritten() {
        return position;
    }

    /** Highest timestamp written, in milliseconds. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    @Override
    public boolean writeQueueFull() {
        return file.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        file.drainHandler(handler);
    }

    /** Called once with the first write failure; {@link #close()} fails with it too. */
    public void exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
    }

    /**
     * Waits for queued writes, fills in duration (last timestamp, seconds) and file size, corrects
     * the header flags, flushes and closes the file. Safe to call more than once: later calls
     * return the same future. Fails with the first write error, if any, after closing the file.
     */
    public Future<Void> close() {
        if (closing == null) {
            closing = whenIdle()
                    .compose(v -> finishHeaders())
                    .compose(v -> file.flush())
                    .transform(work -> file.close().transform(closed -> {
                        Throwable error = failure != null ? failure
                                : work.failed() ? work.cause()
                                : closed.cause();
                        return error == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(error);
                    }));
        }
        return closing;
    }

    private Future<Void> finishHeaders() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        Future<Void> done = Future.succeededFuture();
        if (durationOffset >= 0) {
            done = file.write(Buffer.buffer(8).appendDouble(lastTimestamp / 1000.0), durationOffset)
                    .compose(v -> file.write(Buffer.buffer(8).appendDouble(position), filesizeOffset));
        }
        int actualFlags = FlvFormat.typeFlags(audioWritten, videoWritten);
        if ((audioWritten || videoWritten) && actualFlags != headerFlags) {
            done = done.compose(v -> file.write(Buffer.buffer(1).appendByte((byte) actualFlags), FlvFormat.FLAGS_OFFSET));
        }
        return done;
    }

    private void append(Buffer bytes) {
        position += bytes.length();
        pendingWrites++;
        file.write(bytes).onComplete(result -> {
            if (result.failed() && failure == null) {
                failure = result.cause();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(failure);
                }
            }
            if (--pendingWrites == 0 && idle != null) {
                Promise<Void> waiting = idle;
                idle = null;
                waiting.complete();
            }
        });
    }

    private Future<Void> whenIdle() {
        if (pendingWrites == 0) {
            return Future.succeededFuture();
        }
        idle = Promise.promise();
        return idle.future();
    }

    private void checkOpen() {
        if (closing != null) {
            throw new IllegalStateException("the FLV writer is closed");
        }
    }

    private static int uniqueOffset(Buffer payload, long mark) {
        int found = -1;
        for (int i = 0; i + 8 <= payload.length(); i++) {
            if (payload.getLong(i) == mark) {
                if (found >= 0) {
                    throw new IllegalStateException("placeholder found twice in encoded onMetaData");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("placeholder missing from encoded onMetaData");
        }
        return found;
    }
}
