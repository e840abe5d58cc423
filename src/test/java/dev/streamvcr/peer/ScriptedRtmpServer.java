package dev.streamvcr.peer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.flv.FlvReader;
import dev.streamvcr.flv.FlvTag;
import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.chunk.ChunkEncoder;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import dev.streamvcr.rtmp.message.SetPeerBandwidth;
import dev.streamvcr.rtmp.message.UserControlEvent;
import dev.streamvcr.rtmp.message.WindowAckSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An in-process RTMP server that plays a scripted part, for checking what a client (ours or rtmpdump) puts on the
 * wire and how it copes with what a server sends: it answers the handshake ({@link ScriptedHandshake}: simple,
 * Flash Player 9 digest, a wrong version or none), decodes and records every message the client sends through the
 * production chunk decoder, and answers {@code connect}, {@code createStream} and {@code play} as its
 * {@link Script} says, optionally streaming an FLV's tags as the played media ({@link ScriptedPlayout}) or handing
 * the play to the test. All traffic is on 127.0.0.1; {@link #close()} stops it.
 */
public final class ScriptedRtmpServer implements AutoCloseable {
    public static final int STREAM_ID = 1;
    private static final Duration POLL = Duration.ofMillis(10);

    private final Vertx vertx;
    private final NetServer server;
    private final Script script;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    /**
     * What the server answers. Mutable until the server starts; each setter returns this. By default it answers
     * the simple handshake, accepts the connection, creates stream {@value #STREAM_ID}, answers play with
     * NetStream.Play.Start and sends no media.
     */
    public static final class Script {
        final Map<String, Object> connectInfoExtras = new LinkedHashMap<>();
        int handshakeVersion = 3;
        boolean silentAfterHandshake;
        boolean holdWrites;
        String connectErrorCode;
        String connectErrorDescription;
        Predicate<List<Object>> connectArguments;
        BiConsumer<Connection, Command> onPlay;
        String playStatusCode;
        String playStatusDescription = "";
        List<FlvTag> media = List.of();
        String endStatus;
        boolean closeAfterMedia;
        boolean realTime;
        boolean reconnectRequest;
        String reconnectTcUrl;
        int reconnectAfterTags = -1;
        Long digestSeed;
        boolean refuseSimpleHandshake;
        boolean swfVerificationRequest;
        int tagsPerAggregate = 1;
        boolean amf3Data;

        /** Answers with this version byte in S0 instead of 3 (e.g. 6, RTMPE's, which the client cannot speak). */
        public Script handshakeVersion(int version) {
            handshakeVersion = version;
            return this;
        }

        /** Never answers the handshake: the client waits for S0 in vain. */
        public Script silentHandshake() {
            handshakeVersion = -1;
            return this;
        }

        /** Completes the handshake, then answers nothing, not even {@code connect}. */
        public Script silentAfterHandshake() {
            silentAfterHandshake = true;
            return this;
        }

        /** Writes as nginx-rtmp does with Nagle's algorithm on, to a client that never acknowledges late. */
        public Script holdWritesUntilAnswered() {
            holdWrites = true;
            return this;
        }

        /**
         * Answers a C1 that carries a Flash Player digest with a signed S1 and S2 (FlashHandshakeReferee); the S1 is
         * the same for every connection, made from {@code seed}. A C1 without a digest gets the simple handshake.
         */
        public Script digestHandshake(long seed) {
            digestSeed = seed;
            return this;
        }

        /** With {@link #digestHandshake}: closes the connection on a C1 without a digest instead of answering it. */
        public Script refuseSimpleHandshake() {
            refuseSimpleHandshake = true;
            return this;
        }

        /** Right after the connect {@code _result}, sends User Control event 26, a SWF verification request. */
        public Script swfVerificationRequest() {
            swfVerificationRequest = true;
            return this;
        }

        /** Adds a property to the connect {@code _result}'s information object (e.g. {@code secureToken}). */
        public Script connectInfo(String name, Object value) {
            connectInfoExtras.put(name, value);
            return this;
        }

        /** Answers connect with {@code _error} carrying this code and description. */
        public Script rejectConnect(String code, String description) {
            connectErrorCode = code;
            connectErrorDescription = description;
            return this;
        }

        /**
         * Accepts a connect only when its extra arguments (the AMF values after the command object, what librtmp's
         * {@code conn=} adds) pass {@code check}; otherwise answers {@code _error} with
         * NetConnection.Connect.Rejected, as a server that wants a ticket or key from the player's page does.
         */
        public Script acceptConnectOnlyIf(Predicate<List<Object>> check) {
            connectArguments = check;
            return this;
        }

        /**
         * Answers play by calling {@code action} (on the connection's event loop) instead of playing as the rest of
         * the script says; {@link Connection#startPlaying()} and {@link Connection#sendMedia} help it along.
         */
        public Script onPlay(BiConsumer<Connection, Command> action) {
            onPlay = action;
            return this;
        }

        /** Answers play with an error onStatus of this code instead of playing. */
        public Script playStatus(String code, String description) {
            playStatusCode = code;
            playStatusDescription = description;
            return this;
        }

        /** After Play.Start, sends the tags of this FLV file as audio, video and data messages. */
        public Script media(byte[] flv) {
            media = FlvReader.readAll(Unpooled.wrappedBuffer(flv));
            return this;
        }

        /**
         * Sends the media as aggregate messages (type 22) of up to this many tags each, as FMS and Wowza do: each
         * message carries the timestamp of its first tag, and each sub-tag its own, as in an FLV file.
         */
        public Script aggregate(int tagsPerMessage) {
            tagsPerAggregate = tagsPerMessage;
            return this;
        }

        /**
         * Sends data tags (onMetaData) as AMF3 data messages (type 15): a format byte, the name in AMF0, and the
         * object switched to AMF3 (marker 0x11), as Flash Media Server does for AMF3 connections.
         */
        public Script amf3Data() {
            amf3Data = true;
            return this;
        }

        /**
         * Sends the media at the pace of its timestamps, as a live server does, instead of all at once (a recorder
         * that connects before its booked start keeps only the latest group of pictures of a burst). Plain
         * messages only: not combined with {@link #reconnectRequest}, {@link #aggregate} or {@link #amf3Data}.
         */
        public Script realTime() {
            realTime = true;
            return this;
        }

        /** After the media, sends an onStatus of this code (e.g. NetStream.Play.Complete). */
        public Script endWith(String statusCode) {
            endStatus = statusCode;
            return this;
        }

        /** After the media (and the end status, if any), closes the connection. */
        public Script closeAfterMedia() {
            closeAfterMedia = true;
            return this;
        }

        /**
         * Sends E-RTMP's NetConnection.Connect.ReconnectRequest on message stream 0 after this many media tags
         * (0: right after Play.Start), with this tcUrl (null: none).
         */
        public Script reconnectRequest(int afterTags, String tcUrl) {
            reconnectRequest = true;
            reconnectAfterTags = afterTags;
            reconnectTcUrl = tcUrl;
            return this;
        }
    }

    /** One message the client sent, with its decoded form when the type is one the server understands. */
    public record Received(RtmpMessage message, Object decoded) {
        public Optional<Command> command() {
            return decoded instanceof Command command ? Optional.of(command) : Optional.empty();
        }
    }

    private ScriptedRtmpServer(Vertx vertx, NetServer server, Script script) {
        this.vertx = vertx;
        this.server = server;
        this.script = script;
    }

    public static ScriptedRtmpServer start(Vertx vertx, Script script) throws Exception {
        return start(vertx, script, new NetServerOptions());
    }

    /** @param options e.g. TLS settings for an rtmps server */
    public static ScriptedRtmpServer start(Vertx vertx, Script script, NetServerOptions options) throws Exception {
        NetServer server = vertx.createNetServer(options);
        ScriptedRtmpServer scripted = new ScriptedRtmpServer(vertx, server, script);
        server.connectHandler(socket -> scripted.connections.add(scripted.new Connection(socket)));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return scripted;
    }

    public int port() {
        return server.actualPort();
    }

    public List<Connection> connections() {
        return connections;
    }

    /** Waits until {@code index + 1} clients have connected; returns the one at {@code index}. */
    public Connection awaitConnection(int index, Duration timeout) {
        await("client connection #" + (index + 1)).atMost(timeout).pollInterval(POLL)
                .until(() -> connections.size() > index);
        return connections.get(index);
    }

    @Override
    public void close() throws Exception {
        for (Connection connection : connections) {
            connection.socket.close();
        }
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static Map<String, Object> info(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    /** One client connection: what it sent, in order, and what the test may send it. */
    public final class Connection {
        private final NetSocket socket;
        private final ScriptedHandshake handshake;
        private final NaglingWrites writes;
        private final ChunkDecoder decoder = new ChunkDecoder();
        private final ChunkEncoder encoder = new ChunkEncoder();
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private volatile boolean closed;
        private volatile boolean rejected;

        private Connection(NetSocket socket) {
            this.socket = socket;
            handshake = new ScriptedHandshake(script.handshakeVersion, script.digestSeed,
                    script.refuseSimpleHandshake);
            writes = new NaglingWrites(socket, script.holdWrites);
            socket.closeHandler(v -> closed = true);
            socket.handler(this::onData);
        }

        public List<Received> received() {
            return received;
        }

        /** Every message the client sent, in order, as it came off the wire. */
        public List<RtmpMessage> messages() {
            return received.stream().map(Received::message).toList();
        }

        /** Every command (AMF0 or AMF3) the client sent, in order. */
        public List<Command> commands() {
            return received.stream().flatMap(r -> r.command().stream()).toList();
        }

        /** The first command of this name the client sent, or empty. */
        public Optional<Command> command(String name) {
            return commands().stream().filter(c -> c.name().equals(name)).findFirst();
        }

        /** Every decoded message of this type (e.g. UserControlEvent.class). */
        public <T> List<T> decoded(Class<T> type) {
            return received.stream().map(Received::decoded).filter(type::isInstance).map(type::cast).toList();
        }

        public boolean isClosed() {
            return closed;
        }

        /** The S1 this server sent, once it has. */
        public byte[] s1() {
            return handshake.s1();
        }

        /**
         * Whether the client did the digest handshake: its C1 carried a valid Flash Player digest, and its C2 was
         * signed for the digest of our S1 (with a digest-handshake script).
         */
        public boolean clientDidDigestHandshake() {
            return handshake.clientDidDigestHandshake();
        }

        /** Whether the client's C1 carried a valid Flash Player digest. */
        public boolean clientSignedC1() {
            return handshake.clientSignedC1();
        }

        /** The event data (after the event type) of every User Control 27 the client sent: SWF verification answers. */
        public List<byte[]> swfVerificationAnswers() {
            return messages().stream()
                    .filter(m -> m.typeId() == MessageType.USER_CONTROL.id() && m.payload().length >= 2
                            && m.payload()[0] == 0 && m.payload()[1] == 27)
                    .map(m -> Arrays.copyOfRange(m.payload(), 2, m.payload().length)).toList();
        }

        /** Whether its connect was answered with {@code _error} (see {@link Script#acceptConnectOnlyIf}). */
        public boolean wasRejected() {
            return rejected;
        }

        /** Waits until the client has sent a command of this name. */
        public Command awaitCommand(String name, Duration timeout) {
            await().atMost(timeout).pollInterval(POLL).untilAsserted(() -> assertTrue(command(name).isPresent(),
                    () -> "the client sent no " + name + "; it sent " + commands()));
            return command(name).orElseThrow();
        }

        /** Sends a message on chunk stream {@code chunkStreamId}. */
        public void send(int chunkStreamId, RtmpMessage message) {
            ByteBuf out = Unpooled.buffer();
            encoder.encode(chunkStreamId, message, out);
            writes.write(out, message.typeId() == MessageType.AUDIO.id()
                    || message.typeId() == MessageType.VIDEO.id());
        }

        /** Sends audio on chunk stream 4 and everything else (video, data, aggregates) on 6, as FMS does. */
        public void sendMedia(RtmpMessage message) {
            send(message.typeId() == MessageType.AUDIO.id() ? 4 : 6, message);
        }

        /** Sends an onStatus of this level and code on the message stream. */
        public void status(int streamId, String level, String code, String description) {
            send(5, new Command("onStatus", 0, null, List.of(info(level, code, description))).toMessage(streamId));
        }

        /** Stream Begin and NetStream.Play.Start for stream {@value #STREAM_ID}, what a server says before media. */
        public void startPlaying() {
            send(2, new UserControlEvent(UserControlEvent.Type.STREAM_BEGIN, STREAM_ID, 0).toMessage());
            status(STREAM_ID, "status", "NetStream.Play.Start", "Started playing.");
        }

        /** Closes the connection at once, as a server that drops a client does. */
        public void close() {
            socket.close();
        }

        /** Closes the connection once what was written has gone out. */
        void end() {
            socket.end();
        }

        private void onData(Buffer data) {
            ByteBuf in = data.getByteBuf();
            if (!handshake.done()) {
                in = handshake.feed(in, socket);
                if (in == null) {
                    return;
                }
            }
            writes.clientSent();
            RtmpMessage message;
            while ((message = decoder.decode(in)) != null) {
                Received one = new Received(message, decode(message));
                received.add(one);
                if (!script.silentAfterHandshake) {
                    one.command().ifPresent(this::onCommand);
                }
            }
        }

        private Object decode(RtmpMessage message) {
            MessageType type = message.type();
            if (type == null) {
                return null;
            }
            return switch (type) {
                case AMF0_COMMAND, AMF3_COMMAND -> Command.from(message);
                case USER_CONTROL -> UserControlEvent.from(message).orElse(null);
                case SET_CHUNK_SIZE -> SetChunkSize.from(message);
                case WINDOW_ACK_SIZE -> WindowAckSize.from(message);
                default -> null;
            };
        }

        private void onCommand(Command command) {
            switch (command.name()) {
                case "connect" -> onConnect(command);
                case "createStream" -> send(3, new Command("_result", command.transactionId(), null,
                        List.of((double) STREAM_ID)).toMessage(0));
                case "play" -> {
                    if (script.onPlay != null) {
                        script.onPlay.accept(this, command);
                    } else {
                        new ScriptedPlayout(this, script, vertx).answerPlay();
                    }
                }
                default -> { }
            }
        }

        private void onConnect(Command connect) {
            if (script.connectErrorCode != null) {
                reject(connect, script.connectErrorCode, script.connectErrorDescription);
                return;
            }
            if (script.connectArguments != null && !script.connectArguments.test(connect.args())) {
                reject(connect, "NetConnection.Connect.Rejected",
                        "Connection refused: the player's key is missing or wrong.");
                return;
            }
            send(2, new WindowAckSize(2_500_000).toMessage());
            send(2, new SetPeerBandwidth(2_500_000, SetPeerBandwidth.LimitType.DYNAMIC).toMessage());
            send(2, new SetChunkSize(4096).toMessage());
            Map<String, Object> info = info("status", "NetConnection.Connect.Success", "Connection succeeded.");
            info.put("objectEncoding", 0.0);
            info.putAll(script.connectInfoExtras);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("fmsVer", "FMS/3,5,7,7009");
            properties.put("capabilities", 31.0);
            send(3, new Command("_result", connect.transactionId(), properties, List.of(info)).toMessage(0));
            if (script.swfVerificationRequest) {
                send(2, new RtmpMessage(MessageType.USER_CONTROL, 0, 0, new byte[] {0, 26, 1, 0, 0, 0}));
            }
        }

        private void reject(Command connect, String code, String description) {
            send(3, new Command("_error", connect.transactionId(), null, List.of(info("error", code, description)))
                    .toMessage(0));
            rejected = true;
        }
    }
}
