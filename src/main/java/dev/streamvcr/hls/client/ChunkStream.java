package dev.streamvcr.hls.client;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A {@link WriteStream} of chunks that hands each one to {@link #write(Buffer)} and takes its backpressure from the
 * stream the chunks end up in (or has none). Ending it does nothing: the chunks of one segment go on into a file
 * that outlives it.
 */
public abstract class ChunkStream implements WriteStream<Buffer> {

    private final WriteStream<?> flow;

    /** @param flow whose full queue pauses the writer; null for a stream that is never full */
    protected ChunkStream(WriteStream<?> flow) {
        this.flow = flow;
    }

    @Override
    public abstract Future<Void> write(Buffer data);

    @Override
    public final void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        write(data).onComplete(handler);
    }

    @Override
    public final void end(Handler<AsyncResult<Void>> handler) {
        handler.handle(Future.succeededFuture());
    }

    @Override
    public final WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public final WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public final boolean writeQueueFull() {
        return flow != null && flow.writeQueueFull();
    }

    @Override
    public final WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        if (flow != null) {
            flow.drainHandler(handler);
        }
        return this;
    }
}
