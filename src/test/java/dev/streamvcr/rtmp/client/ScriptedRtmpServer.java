package dev.streamvcr.rtmp.client;

import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.chunk.ChunkEncoder;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * An in-process RTMP server for client tests: it answers the simple handshake, then hands every decoded message to
 * a script. It speaks through the production chunk encoder and decoder.
 */
final class ScriptedRtmpServer implements AutoCloseable {
    private static final int HANDSHAKE = 1536;

    private final NetServer server;
    final List<Connection> connections = new CopyOnWriteArrayList<>();

    /** What the server does with each message a client sends. */
    interface Script extends BiConsumer<Connection, RtmpMessage> {
    }

    private ScriptedRtmpServer(NetServer server) {
        this.server = server;
    }

    static ScriptedRtmpServer start(Vertx vertx, Script script) throws Exception {
        return start(vertx, script, 3);
    }

    /** @param version the S0 version byte to answer with, or -1 to never answer */
    static ScriptedRtmpServer start(Vertx vertx, Script script, int version) throws Exception {
        return start(vertx, script, version, new NetServerOptions());
    }

    static ScriptedRtmpServer start(Vertx vertx, Script script, int version, NetServerOptions options)
            throws Exception {
        NetServer server = vertx.createNetServer(options);
        ScriptedRtmpServer scripted = new ScriptedRtmpServer(server);
        server.connectHandler(socket -> scripted.connections.add(new Connection(socket, script, version)));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return scripted;
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static final class Connection {
        private final NetSocket socket;
        private final Script script;
        private final ChunkDecoder decoder = new ChunkDecoder();
        private final ChunkEncoder encoder = new ChunkEncoder();
        private ByteBuf handshake = Unpooled.buffer();
        private boolean handshakeDone;
        final List<RtmpMessage> received = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        private boolean holdWrites;
        private boolean mediaWritten;
        private boolean awaitingAnswer;
        private boolean heldMedia;
        private final List<ByteBuf> held = new ArrayList<>();

        Connection(NetSocket socket, Script script, int version) {
            this.socket = socket;
            this.script = script;
            socket.closeHandler(v -> closed = true);
            socket.handler(data -> onData(data, version));
        }

        private void onData(Buffer data, int version) {
            ByteBuf in = data.getByteBuf();
            if (!handshakeDone) {
                handshake.writeBytes(in);
                if (handshake.writerIndex() == 1 + HANDSHAKE && version >= 0) {
                    // S0, S1 (time, zero, random), S2 (echo of C1)
                    ByteBuf reply = Unpooled.buffer();
                    reply.writeByte(version).writeInt(0).writeInt(0).writeZero(HANDSHAKE - 8);
                    reply.writeBytes(handshake, 1, HANDSHAKE);
                    socket.write(Buffer.buffer(reply));
                }
                if (handshake.writerIndex() < 1 + 2 * HANDSHAKE) {
                    return;
                }
                handshake.readerIndex(1 + 2 * HANDSHAKE);
                in = handshake;
                handshakeDone = true;
            }
            onAnswer();
            RtmpMessage message;
            while ((message = decoder.decode(in)) != null) {
                received.add(message);
                script.accept(this, message);
            }
            handshake = null;
        }

        /**
         * Until the first audio or video message is written, each write waits until the client has sent something
         * since the one before: the server's side of Nagle's algorithm with a client whose delayed TCP
         * acknowledgement never comes (in real life it comes after about 40 ms).
         */
        void holdWritesUntilAnswered() {
            holdWrites = true;
        }

        void send(int chunkStreamId, RtmpMessage message) {
            ByteBuf out = Unpooled.buffer();
            encoder.encode(chunkStreamId, message, out);
            boolean media = message.typeId() == MessageType.AUDIO.id() || message.typeId() == MessageType.VIDEO.id();
            if (holdWrites && !mediaWritten) {
                if (awaitingAnswer) {
                    held.add(out);
                    heldMedia |= media;
                    return;
                }
                awaitingAnswer = true;
            }
            mediaWritten |= media;
            socket.write(Buffer.buffer(out));
        }

        /** The client sent bytes: what was held goes out in one write, which again waits for an answer. */
        private void onAnswer() {
            awaitingAnswer = !held.isEmpty();
            if (!held.isEmpty()) {
                socket.write(Buffer.buffer(Unpooled.wrappedBuffer(held.toArray(ByteBuf[]::new))));
                held.clear();
                mediaWritten |= heldMedia;
            }
        }

        void status(int streamId, String level, String code, String description) {
            Map<String, Object> info = Map.of("level", level, "code", code, "description", description);
            send(5, new Command("onStatus", 0, null, List.of(info)).toMessage(streamId));
        }

        void close() {
            socket.close();
        }

        List<Command> commands() {
            return received.stream()
                    .filter(m -> m.typeId() == MessageType.AMF0_COMMAND.id())
                    .map(Command::from)
                    .toList();
        }
    }
}
