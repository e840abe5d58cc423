package dev.streamvcr.outbound;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The final answer of an {@link OutboundHttpClient#open} exchange whose body has not been read yet. Exactly one of
 * {@link #readAll}, {@link #pipeTo} or {@link #discard} must be called, on the context the answer arrived on.
 */
public final class OutboundStream {

    private final OutboundExchange exchange;
    private final OutboundResponse head;

    OutboundStream(OutboundExchange exchange, OutboundResponse head) {
        this.exchange = exchange;
        this.head = head;
    }

    /** Status and headers, with an empty body. */
    public OutboundResponse head() {
        return head;
    }

    public URI uri() {
        return head.uri();
    }

    public int status() {
        return head.status();
    }

    public String header(String name) {
        return head.header(name);
    }

    public Map<String, List<String>> headers() {
        return head.headers();
    }

    /** The whole body, up to the request's {@code maxBytes} (beyond: {@link OutboundFailure.Kind#TOO_LARGE}). */
    public Future<OutboundResponse> readAll() {
        Buffer body = Buffer.buffer();
        return exchange.readBody(body::appendBuffer, null).map(bytes -> new OutboundResponse(head.uri(), head.status(), head.statusMessage(), head.headers(),
                body.getBytes()));
    }

    /**
     * Writes the body into {@code sink} as it arrives, pausing the connection while the sink's queue is full. The
     * sink is not ended. Completes with the number of bytes written; beyond the request's {@code maxBytes} it fails
     * with {@link OutboundFailure.Kind#TOO_LARGE}, the sink having received at most that many.
     */
    public Future<Long> pipeTo(WriteStream<Buffer> sink) {
        return exchange.readBody(sink::write, sink);
    }

    /** Drops the body unread: the connection is closed rather than drained (the body could be large). */
    public void discard() {
        exchange.discard();
    }
}
