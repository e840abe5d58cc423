package dev.streamvcr.flv;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * Streams an FLV file to disk through a Vert.x {@link AsyncFile}; nothing but the write queue, one batch of at most
 * {@value #BATCH_BYTES} bytes and a bounded keyframe index is held in memory.
 *
 * <p>Batching: tags are gathered and written {@value #BATCH_BYTES} bytes at a time, or {@value #BATCH_DELAY_MS} ms
 * after the first tag of a batch, whichever comes first: one write (a worker hand-off and a system call) per batch
 * rather than one per tag, which is what lets one node hold hundreds of recordings. A crash loses at most that
 * delay's media; everything before is in the file.
 *
 * <p>Threading: create it on the Vert.x context that will use it and make every call there.
 *
 * <p>Backpressure: the file's write queue is unbounded; the caller keeps it small by pausing its
 * source while {@link #writeQueueFull()} and resuming from {@link #drainHandler(Handler)}.
 *
 * <p>Finalisation in place: {@link #writeMetadata(Map)} writes an {@code onMetaData} block of fixed
 * length ({@link OnMetaData}) with room for every computed figure and a keyframe index of the capacity
 * given at creation. {@link #close()} overwrites that block with the real {@code duration},
 * {@code filesize}, data rates, frame rate and {@code keyframes} (times and file positions of the video
 * keyframes written), and corrects the header's TypeFlags, so the file needs no second pass and no
 * byte of media moves.
 *
 * <p>After a failed write (a full disk above all) the file may end in a torn batch and the block cannot be
 * trusted to hold the figures: {@link #close()} then closes the file and runs {@link FlvRecovery} on it, which
 * cuts it after its last complete tag (freeing room) and rewrites the block in place, so what reached the disk
 * stays a readable, finalised file.
 */
public final class FlvWriter implements TagSink {

    static final String ON_METADATA = OnMetaData.NAME;
    /** Keyframe index capacity when the caller does not know how long the recording will be. */
    public static final int DEFAULT_KEYFRAME_CAPACITY = KeyframeIndex.capacityFor(4 * 3600);
    /** A batch is written once it holds this much (a 2.5 Mbit/s stream fills one about 5 times a second). */
    static final int BATCH_BYTES = 64 * 1024;
    /** ... or this long after its first tag, so a slow stream still reaches the disk (and the preview) promptly. */
    static final long BATCH_DELAY_MS = 500;

    private final Vertx vertx;
    private final AsyncFile file;
    private final Path path;
    private final int headerFlags;
    private final int keyframeCapacity;
    private final MediaTally tally;
    private long position;
    private boolean audioWritten;
    private boolean videoWritten;
    private Map<String, Object> streamEntries;
    private long metadataOffset = -1;
    private int metadataLength;
    private int pendingWrites;
    private Promise<Void> idle;
    private Throwable failure;
    private Handler<Throwable> exceptionHandler;
    private Future<Void> closing;
    private Buffer batch;
    private long batchTimer = -1;

    private FlvWriter(Vertx vertx, AsyncFile file, Path path, boolean audio, boolean video, int keyframeCapacity) {
        this.vertx = vertx;
        this.file = file;
        this.path = path;
        this.headerFlags = FlvFormat.typeFlags(audio, video);
        this.keyframeCapacity = keyframeCapacity;
        this.tally = new MediaTally(keyframeCapacity);
    }

    /** Like {@link #create(Vertx, Path, boolean, boolean, int)} with {@link #DEFAULT_KEYFRAME_CAPACITY}. */
    public static Future<FlvWriter> create(Vertx vertx, Path file, boolean audio, boolean video) {
        return create(vertx, file, audio, video, DEFAULT_KEYFRAME_CAPACITY);
    }

    /**
     * Creates {@code file} (failing if it already exists, so two nodes can never write one part)
     * and queues the header and PreviousTagSize0. {@code audio}/{@code video} are the header's
     * initial TypeFlags; {@code keyframeCapacity} (see {@link KeyframeIndex#capacityFor(long)}) sizes
     * the room reserved for the keyframe index.
     */
    public static Future<FlvWriter> create(Vertx vertx, Path file, boolean audio, boolean video, int keyframeCapacity) {
        OpenOptions options = new OpenOptions().setWrite(true).setCreateNew(true);
        return vertx.fileSystem().open(file.toString(), options).map(asyncFile -> {
            FlvWriter writer = new FlvWriter(vertx, asyncFile, file, audio, video, keyframeCapacity);
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
        long tagStart = position;
        FlvFormat.appendTag(batch(FlvFormat.tagLength(payload)), tagType, timestampMs, payload);
        position += FlvFormat.tagLength(payload);
        writeBatchIfFull();
        tally.note(tagType, timestampMs, tagStart, payload);
        audioWritten |= tagType == TagType.AUDIO;
        videoWritten |= tagType == TagType.VIDEO;
    }

    /**
     * Queues the {@code onMetaData} script tag at timestamp 0: the stream's entries (its own figures
     * such as {@code duration} dropped) and room for what {@link #close()} fills in.
     *
     * @throws IllegalStateException if metadata was already written or the writer is closed
     */
    @Override
    public void writeMetadata(Map<String, Object> streamMetadata) {
        checkOpen();
        if (metadataOffset >= 0) {
            throw new IllegalStateException("onMetaData was already written");
        }
        streamEntries = OnMetaData.streamEntries(streamMetadata);
        metadataLength = OnMetaData.reservedLength(streamEntries, keyframeCapacity);
        long bodyStart = position + FlvFormat.TAG_HEADER_SIZE;
        writeTag(TagType.SCRIPT_DATA.id, 0, OnMetaData.initial(streamEntries, metadataLength));
        metadataOffset = bodyStart;
    }

    /** Bytes queued so far (header included); the file's size once everything is written. */
    @Override
    public long bytesWritten() {
        return position;
    }

    /** Highest timestamp written, in milliseconds. */
    public long lastTimestamp() {
        return tally.durationMillis();
    }

    /** What the written tags add up to so far. */
    public MediaTally tally() {
        return tally;
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
     * Waits for queued writes, rewrites the {@code onMetaData} block with the file's figures, corrects
     * the header flags, flushes and closes the file. Safe to call more than once: later calls
     * return the same future. Fails with the first write error, if any, after closing the file and
     * recovering what reached it ({@link #bytesWritten()} is then the recovered file's size).
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
                        if (error == null) {
                            return Future.<Void>succeededFuture();
                        }
                        return recoverWritten().transform(recovered -> Future.<Void>failedFuture(error));
                    }));
        }
        return closing;
    }

    /** Cuts the file after its last complete tag and finalises it in place; a failure is added to nothing. */
    private Future<Void> recoverWritten() {
        return vertx.executeBlocking(() -> FlvRecovery.recover(path), false).map(result -> {
            position = result.bytes();
            return (Void) null;
        }).recover(e -> Future.succeededFuture());
    }

    private Future<Void> finishHeaders() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        Future<Void> done = Future.succeededFuture();
        if (metadataOffset >= 0) {
            Buffer block;
            try {
                block = OnMetaData.finished(streamEntries, tally, position, metadataLength);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            done = file.write(block, metadataOffset);
        }
        int actualFlags = FlvFormat.typeFlags(audioWritten, videoWritten);
        if ((audioWritten || videoWritten) && actualFlags != headerFlags) {
            done = done.compose(v -> file.write(Buffer.buffer(1).appendByte((byte) actualFlags), FlvFormat.FLAGS_OFFSET));
        }
        return done;
    }

    private void append(Buffer bytes) {
        batch(bytes.length()).appendBuffer(bytes);
        position += bytes.length();
        writeBatchIfFull();
    }

    /** The batch being gathered, begun (with its timer) if there is none. */
    private Buffer batch(int room) {
        if (batch == null) {
            batch = Buffer.buffer(Math.max(BATCH_BYTES, room));
            batchTimer = vertx.setTimer(BATCH_DELAY_MS, id -> {
                batchTimer = -1;
                writeBatch();
            });
        }
        return batch;
    }

    private void writeBatchIfFull() {
        if (batch.length() >= BATCH_BYTES) {
            writeBatch();
        }
    }

    private void writeBatch() {
        if (batchTimer >= 0) {
            vertx.cancelTimer(batchTimer);
            batchTimer = -1;
        }
        if (batch == null || batch.length() == 0) {
            batch = null;
            return;
        }
        Buffer bytes = batch;
        batch = null;
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
        writeBatch();
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
}
