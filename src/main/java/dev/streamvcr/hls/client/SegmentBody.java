package dev.streamvcr.hls.client;

import dev.streamvcr.hls.SegmentCipher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * What one fetch attempt of a segment writes into: counts the bytes received, drops the first ones when a resumed
 * fetch got the whole body again, decrypts, and hands the rest to the sink with the sink's backpressure.
 */
final class SegmentBody extends ChunkStream {

    private final WriteStream<Buffer> sink;
    private final SegmentCipher cipher;
    /** The segment's length when it is a byte range of a larger resource; what comes after is not the segment's. */
    private final long limit;
    private long received;
    private long skip;

    /**
     * @param cipher null for a segment that is not encrypted
     * @param limit  the segment's length when it is a byte range, else {@link Long#MAX_VALUE}
     */
    SegmentBody(WriteStream<Buffer> sink, SegmentCipher cipher, long limit) {
        super(sink);
        this.sink = sink;
        this.cipher = cipher;
        this.limit = limit;
    }

    /** Bytes of the segment received so far, over every attempt. */
    long received() {
        return received;
    }

    /** The next answer repeats the first {@code bytes} of the segment (a server that ignored the Range). */
    void skipNext(long bytes) {
        skip = bytes;
    }

    /** Writes what the cipher held back (the last block, unpadded); fails on a bad padding. */
    void finish() {
        if (cipher != null) {
            byte[] rest = cipher.finish();
            if (rest.length > 0) {
                sink.write(Buffer.buffer(rest));
            }
        }
    }

    @Override
    public Future<Void> write(Buffer data) {
        int from = 0;
        if (skip > 0) {
            from = (int) Math.min(skip, data.length());
            skip -= from;
        }
        int to = (int) Math.min(data.length(), from + Math.max(0, limit - received));
        if (from >= to) {
            return Future.succeededFuture();
        }
        received += to - from;
        byte[] bytes = from == 0 && to == data.length() ? data.getBytes() : data.getBytes(from, to);
        byte[] clear = cipher == null ? bytes : cipher.update(bytes);
        return clear.length == 0 ? Future.succeededFuture() : sink.write(Buffer.buffer(clear));
    }
}
