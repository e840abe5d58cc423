package dev.streamvcr.peer;

import dev.streamvcr.flv.FlvReader;
import dev.streamvcr.flv.FlvTag;
import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.chunk.ChunkEncoder;
import dev.streamvcr.rtmp.handshake.FlashHandshakeReferee;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import dev.streamvcr.rtmp.message.SetPeerBandwidth;
import dev.streamvcr.rtmp.message.UserControlEvent;
import dev.streamvcr.rtmp.message.WindowAckSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Predicate;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An in-process RTMP server that plays a scripted part, for checking what a client (ours or rtmpdump) puts on the
 * wire: it answers the simple handshake (S2 echoes C1) or, when scripted, the Flash Player 9 digest handshake as a
 * Flash Media Server signs it, decodes and records every message the client sends, and
 * answers {@code connect}, {@code createStream} and {@code play} as its {@link Script} says, optionally streaming
 * an FLV's tags as the played media. All traffic is on 127.0.0.1; {@link #close()} stops it.
 */
public final class ScriptedRtmpServer implements AutoCloseable {
    private static final int HANDSHAKE = 1536;
    public static final int STREAM_ID = 1;

    private final Vertx vertx;
    private final NetServer server;
    private final Script script;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    /**
     * What the server answers. Mutable until the server starts; each setter returns this. By default it accepts
     * the connection, creates stream {@value #STREAM_ID}, answers play with NetStream.Play.Start and sends no media.
     */
    public static final class Script {
        private final Map<String, Object> connectInfoExtras = new LinkedHashMap<>();
        private String connectErrorCode;
        private String connectErrorDescription;
        private Predicate<List<Object>> connectArguments;
        private String playStatusCode;
        private String playStatusDescription = "";
        private List<FlvTag> media = List.of();
        private String endStatus;
        private boolean closeAfterMedia;
        private boolean realTime;
        private boolean reconnectRequest;
        private String reconnectTcUrl;
        private int reconnectAfterTags = -1;
        private Long digestSeed;
        private boolean refuseSimpleHandshake;
        private boolean swfVerificationRequest;
        private int tagsPerAggregate = 1;
        private boolean amf3Data;

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

    /** Waits until {@code count} clients have connected; returns the one at {@code index}. */
    public Connection awaitConnection(int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connections.size() <= index) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no client connection #" + (index + 1) + " within " + timeout);
            }
            Thread.sleep(10);
        }
        return connections.get(index);
    }

    @Override
    public void close() throws Exception {
        for (Connection connection : connections) {
            connection.socket.close();
        }
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** One client connection: what it sent, in order. */
    public final class Connection {
        private final NetSocket socket;
        private final ChunkDecoder decoder = new ChunkDecoder();
        private final ChunkEncoder encoder = new ChunkEncoder();
        private ByteBuf handshake = Unpooled.buffer();
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private volatile boolean closed;
        private volatile byte[] s1;
        private volatile boolean clientSignedC1;
        private volatile boolean clientSignedC2;
        private volatile boolean rejected;

        private Connection(NetSocket socket) {
            this.socket = socket;
            socket.closeHandler(v -> closed = true);
            socket.handler(this::onData);
        }

        public List<Received> received() {
            return received;
        }

        /** Every AMF0 command the client sent, in order. */
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
            return s1.clone();
        }

        /**
         * Whether the client did the digest handshake: its C1 carried a valid Flash Player digest, and its C2 was
         * signed for the digest of our S1 (with a digest-handshake script).
         */
        public boolean clientDidDigestHandshake() {
            return clientSignedC1 && clientSignedC2;
        }

        /** Whether the client's C1 carried a valid Flash Player digest. */
        public boolean clientSignedC1() {
            return clientSignedC1;
        }

        /** The event data (after the event type) of every User Control 27 the client sent: SWF verification answers. */
        public List<byte[]> swfVerificationAnswers() {
            return received.stream().map(Received::message)
                    .filter(m -> m.typeId() == MessageType.USER_CONTROL.id() && m.payload().length >= 2
                            && m.payload()[0] == 0 && m.payload()[1] == 27)
                    .map(m -> Arrays.copyOfRange(m.payload(), 2, m.payload().length)).toList();
        }

        /** Whether its connect was answered with {@code _error} (see {@link Script#acceptConnectOnlyIf}). */
        public boolean wasRejected() {
            return rejected;
        }

        /** Waits until the client has sent a command of this name. */
        public Command awaitCommand(String name, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<Command> found = command(name);
                if (found.isPresent()) {
                    return found.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the client sent no " + name + " within " + timeout + "; it sent "
                            + commands());
                }
                Thread.sleep(10);
            }
        }

        private void onData(Buffer data) {
            ByteBuf in = data.getByteBuf();
            if (handshake != null) {
                handshake.writeBytes(in);
                if (handshake.writerIndex() >= 1 + HANDSHAKE && !sentS0) {
                    sentS0 = true;
                    if (!answerC1()) {
                        return;
                    }
                }
                if (handshake.writerIndex() < 1 + 2 * HANDSHAKE) {
                    return;
                }
                if (clientSignedC1) {
                    byte[] c2 = ByteBufUtil.getBytes(handshake, 1 + HANDSHAKE, HANDSHAKE);
                    clientSignedC2 = FlashHandshakeReferee.c2Verifies(c2, s1,
                            FlashHandshakeReferee.serverDigestOffset(s1).orElseThrow());
                }
                handshake.readerIndex(1 + 2 * HANDSHAKE);
                in = handshake;
                handshake = null;
            }
            RtmpMessage message;
            while ((message = decoder.decode(in)) != null) {
                Received one = new Received(message, decode(message));
                received.add(one);
                one.command().ifPresent(this::onCommand);
            }
        }

        private boolean sentS0;

        /** Writes S0, S1 and S2 for the C1 received; false if the connection was refused instead. */
        private boolean answerC1() {
            byte[] c1 = ByteBufUtil.getBytes(handshake, 1, HANDSHAKE);
            OptionalInt clientDigest = script.digestSeed == null ? OptionalInt.empty()
                    : FlashHandshakeReferee.clientDigestOffset(c1);
            ByteBuf reply = Unpooled.buffer().writeByte(3);
            if (clientDigest.isPresent()) {
                Random random = new Random(script.digestSeed);
                s1 = FlashHandshakeReferee.signedS1(random, FlashHandshakeReferee.SECOND_BLOCK);
                clientSignedC1 = true;
                reply.writeBytes(s1).writeBytes(FlashHandshakeReferee.signedS2(random, c1, clientDigest.getAsInt()));
            } else if (script.refuseSimpleHandshake) {
                socket.close();
                return false;
            } else {
                // S1 (time, zero, filler), S2 (echo of C1)
                s1 = new byte[HANDSHAKE];
                reply.writeBytes(s1).writeBytes(c1);
            }
            socket.write(Buffer.buffer(reply));
            return true;
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
                case "play" -> onPlay();
                default -> { }
            }
        }

        private void onConnect(Command connect) {
            if (script.connectErrorCode != null) {
                send(3, new Command("_error", connect.transactionId(), null, List.of(info("error",
                        script.connectErrorCode, script.connectErrorDescription))).toMessage(0));
                rejected = true;
                return;
            }
            if (script.connectArguments != null && !script.connectArguments.test(connect.args())) {
                send(3, new Command("_error", connect.transactionId(), null, List.of(info("error",
                        "NetConnection.Connect.Rejected", "Connection refused: the player's key is missing or wrong."
                ))).toMessage(0));
                rejected = true;
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

        private void onPlay() {
            if (script.playStatusCode != null) {
                status(STREAM_ID, "error", script.playStatusCode, script.playStatusDescription);
                return;
            }
            send(2, new UserControlEvent(UserControlEvent.Type.STREAM_BEGIN, STREAM_ID, 0).toMessage());
            status(STREAM_ID, "status", "NetStream.Play.Start", "Started playing.");
            if (script.realTime) {
                sendPaced(0, System.nanoTime());
                return;
            }
            int sent = 0;
            List<FlvTag> batch = new ArrayList<>();
            for (FlvTag tag : script.media) {
                if (script.reconnectRequest && sent == script.reconnectAfterTags) {
                    sendReconnectRequest();
                }
                if (script.amf3Data && tag.type().id == 18) {
                    send(6, new RtmpMessage(15, tag.timestamp(), STREAM_ID, MediaScripts.amf3Data(tag)));
                } else if (script.tagsPerAggregate > 1) {
                    batch.add(tag);
                    if (batch.size() == script.tagsPerAggregate) {
                        send(6, MediaScripts.aggregate(batch, STREAM_ID));
                        batch.clear();
                    }
                } else {
                    send(tag.type().id == 8 ? 4 : 6, new RtmpMessage(tag.type().id, tag.timestamp(), STREAM_ID,
                            ByteBufUtil.getBytes(tag.data().getByteBuf())));
                }
                sent++;
            }
            if (!batch.isEmpty()) {
                send(6, MediaScripts.aggregate(batch, STREAM_ID));
            }
            if (script.reconnectRequest && sent <= script.reconnectAfterTags) {
                sendReconnectRequest();
            }
            endMedia();
        }

        /** Sends every tag from {@code next} on that is due by now, then waits for the following one. */
        private void sendPaced(int next, long startNanos) {
            if (closed) {
                return;
            }
            long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            int index = next;
            while (index < script.media.size() && script.media.get(index).timestamp() <= elapsedMillis) {
                FlvTag tag = script.media.get(index++);
                send(tag.type().id == 8 ? 4 : 6, new RtmpMessage(tag.type().id, tag.timestamp(), STREAM_ID,
                        ByteBufUtil.getBytes(tag.data().getByteBuf())));
            }
            if (index == script.media.size()) {
                endMedia();
                return;
            }
            int following = index;
            long wait = Math.max(1, script.media.get(following).timestamp() - elapsedMillis);
            vertx.setTimer(wait, t -> sendPaced(following, startNanos));
        }

        private void endMedia() {
            if (script.endStatus != null) {
                status(STREAM_ID, "status", script.endStatus, "Finished.");
            }
            if (script.closeAfterMedia) {
                socket.end();
            }
        }

        private void sendReconnectRequest() {
            Map<String, Object> info = info("status", "NetConnection.Connect.ReconnectRequest",
                    "The server is being updated.");
            if (script.reconnectTcUrl != null) {
                info.put("tcUrl", script.reconnectTcUrl);
            }
            send(3, new Command("onStatus", 0, null, List.of(info)).toMessage(0));
        }

        private void status(int streamId, String level, String code, String description) {
            send(5, new Command("onStatus", 0, null, List.of(info(level, code, description))).toMessage(streamId));
        }

        private static Map<String, Object> info(String level, String code, String description) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("level", level);
            info.put("code", code);
            info.put("description", description);
            return info;
        }

        private void send(int chunkStreamId, RtmpMessage message) {
            ByteBuf out = Unpooled.buffer();
            encoder.encode(chunkStreamId, message, out);
            socket.write(Buffer.buffer(out));
        }
    }
}
