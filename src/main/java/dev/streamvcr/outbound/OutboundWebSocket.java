package dev.streamvcr.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetSocketInternal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A WebSocket opened through the {@link OutboundHttpClient}: whole text messages in, up to the request's size, text
 * messages out, and one {@link #closed()} outcome whoever ends it. The frames (RFC 6455 §5) are Netty's codec on the
 * upgraded connection, so the socket is the one the policy-checked HTTP client made. Pings are answered; binary
 * messages count against the size cap and are dropped. Callbacks run on the context the socket was opened on. The
 * socket is read from the start, so a ping is answered and a close frame's status and reason are kept even before
 * {@link #onText} is called; no message is lost meanwhile: up to {@value #MAX_EARLY_MESSAGES} are kept for the
 * handler, and a server that sends more before any is read ends the socket as a broken one.
 */
public final class OutboundWebSocket {

    /** Status 1009, "Message Too Big" (RFC 6455 §7.4.1). */
    static final int MESSAGE_TOO_BIG = 1009;
    private static final int NORMAL = 1000;
    static final int MAX_EARLY_MESSAGES = 8;

    /** Who ended a socket. */
    public enum EndedBy {
        /** The server sent a close frame. */
        SERVER,
        /** {@link #close} was called. */
        CLIENT,
        /** The connection broke, or the server broke a rule (a message over the cap); {@code problem} says which. */
        FAILURE
    }

    /**
     * How a socket ended.
     *
     * @param status  the close frame's status code, or null without one
     * @param reason  the close frame's reason text, or null
     * @param problem for {@link EndedBy#FAILURE}, what went wrong as a clause ("the connection was reset"); else null
     */
    public record Closure(EndedBy by, Integer status, String reason, String problem) {

        /** In words for a person: "the server closed it (1001 going away)", "the connection broke off". */
        public String describe() {
            String frame = status == null ? "" : " (" + status + (reason == null || reason.isBlank() ? "" : " "
                    + reason) + ")";
            return switch (by) {
                case SERVER -> "the server closed it" + frame;
                case CLIENT -> "it was closed here" + frame;
                case FAILURE -> problem;
            };
        }
    }

    private final URI uri;
    private final NetSocketInternal socket;
    /** The context the socket was opened on, where its frames are read and its handler runs. */
    private final Context context;
    private final int maxMessageBytes;
    private final Promise<Closure> closed = Promise.promise();
    /** Null until {@link #onText}; messages before it wait in {@link #early}. */
    private Consumer<String> textHandler;
    private final List<String> early = new ArrayList<>();
    /** The message being assembled from its frames, or null between messages. */
    private Buffer partial;
    private boolean partialIsText;
    private String problem;

    /** Takes over an upgraded connection (RFC 6455 §4.1 done): frames from here on. */
    OutboundWebSocket(URI uri, NetSocketInternal socket, int maxMessageBytes) {
        this.uri = uri;
        this.socket = socket;
        // the upgraded connection's own context, where Vert.x hands its frames over
        this.context = socket instanceof ConnectionBase connection ? connection.getContext() : Vertx.currentContext();
        this.maxMessageBytes = maxMessageBytes;
        ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
        // a frame over the cap is refused by its header, before its payload is read (and the server gets 1009)
        pipeline.addBefore("handler", "websocket-decoder", new WebSocket13FrameDecoder(WebSocketDecoderConfig
                .newBuilder().expectMaskedFrames(false).allowExtensions(false).maxFramePayloadLength(maxMessageBytes)
                .closeOnProtocolViolation(true).build()));
        pipeline.addBefore("handler", "websocket-encoder", new WebSocket13FrameEncoder(true)); // clients mask (§5.3)
        socket.messageHandler(this::frame);
        socket.handler(raw -> { }); // nothing unframed comes once the decoder is in place
        socket.exceptionHandler(this::broke);
        socket.closeHandler(v -> closed.tryComplete(new Closure(EndedBy.FAILURE, null, null, problem != null ? problem
                : "the connection closed without a close frame")));
    }

    /** The address the socket was opened to. */
    public URI uri() {
        return uri;
    }

    /**
     * Handles each whole text message, those kept before it first, also when the socket has ended since. Call once;
     * from another thread the handler is set on the socket's context.
     */
    public void onText(Consumer<String> handler) {
        if (socket.channelHandlerContext().executor().inEventLoop()) { // where the frames are read: no race
            setTextHandler(handler);
        } else {
            context.runOnContext(v -> setTextHandler(handler));
        }
    }

    private void setTextHandler(Consumer<String> handler) {
        textHandler = handler;
        List<String> kept = List.copyOf(early);
        early.clear();
        kept.forEach(handler);
    }

    /** Sends one text message; fails once the socket has ended. */
    public Future<Void> send(String text) {
        if (closed.future().isComplete()) {
            return Future.failedFuture(new IllegalStateException("the WebSocket to " + uri.getHost() + " is closed"));
        }
        return socket.writeMessage(new TextWebSocketFrame(text));
    }

    /** Completes once, when the socket has ended, with how; closing it here counts as {@link EndedBy#CLIENT}. */
    public Future<Closure> closed() {
        return closed.future();
    }

    /** Closes the socket normally (status 1000); safe to call more than once. */
    public void close() {
        if (closed.tryComplete(new Closure(EndedBy.CLIENT, NORMAL, null, null))) {
            sendCloseAndEnd(NORMAL, null);
        }
    }

    private void frame(Object message) {
        try {
            if (!closed.future().isComplete() && message instanceof WebSocketFrame frame) {
                read(frame);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void read(WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame ping) {
            socket.writeMessage(new PongWebSocketFrame(ping.content().retainedDuplicate())); // §5.5.2
        } else if (frame instanceof CloseWebSocketFrame close) {
            Integer status = close.statusCode() < 0 ? null : close.statusCode();
            closed.tryComplete(new Closure(EndedBy.SERVER, status, close.reasonText(), null));
            sendCloseAndEnd(status == null ? NORMAL : status, null); // §5.5.1: echo the status, then close
        } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            partial = Buffer.buffer();
            partialIsText = frame instanceof TextWebSocketFrame;
            append(frame);
        } else if (frame instanceof ContinuationWebSocketFrame && partial != null) {
            append(frame);
        }
    }

    /** Adds a frame to the message; a UTF-8 sequence may span frames, so text is decoded once it is whole. */
    private void append(WebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (partial.length() + content.readableBytes() > maxMessageBytes) {
            partial = null;
            tooBig();
            return;
        }
        partial.appendBytes(ByteBufUtil.getBytes(content));
        if (frame.isFinalFragment()) {
            Buffer whole = partial;
            partial = null;
            if (!partialIsText) {
                return;
            }
            if (textHandler != null) {
                textHandler.accept(whole.toString(StandardCharsets.UTF_8));
            } else if (early.size() < MAX_EARLY_MESSAGES) {
                early.add(whole.toString(StandardCharsets.UTF_8));
            } else {
                problem = "the server sent more than " + MAX_EARLY_MESSAGES + " messages before any was read";
                if (closed.tryComplete(new Closure(EndedBy.FAILURE, null, null, problem))) {
                    sendCloseAndEnd(NORMAL, null);
                }
            }
        }
    }

    private void tooBig() {
        problem = "the server sent a message larger than " + maxMessageBytes + " bytes";
        if (closed.tryComplete(new Closure(EndedBy.FAILURE, MESSAGE_TOO_BIG, null, problem))) {
            sendCloseAndEnd(MESSAGE_TOO_BIG, "message too big");
        }
    }

    private void broke(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus().code() == MESSAGE_TOO_BIG) {
            tooBig(); // a single frame over the cap: the decoder has told the server already
        } else if (problem == null) {
            problem = e instanceof CorruptedWebSocketFrameException ? "the server broke the WebSocket protocol: "
                    + e.getMessage() : OutboundExchange.unreachable(uri, e).reason();
        }
    }

    private void sendCloseAndEnd(int status, String reason) {
        socket.writeMessage(new CloseWebSocketFrame(status, reason)).onComplete(sent -> socket.close());
    }
}
