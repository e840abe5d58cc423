package dev.streamvcr.rtmp.client;

import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.chunk.ChunkEncoder;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import dev.streamvcr.rtmp.handshake.ClientHandshake;
import dev.streamvcr.rtmp.message.AggregateMessage;
import dev.streamvcr.rtmp.message.Amf3Payload;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import dev.streamvcr.rtmp.message.SetPeerBandwidth;
import dev.streamvcr.rtmp.message.StatusInfo;
import dev.streamvcr.rtmp.message.UserControlEvent;
import dev.streamvcr.rtmp.message.WindowAckSize;
import dev.streamvcr.rtmp.swf.SwfHash;
import dev.streamvcr.rtmp.swf.SwfVerification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One RTMP play connection: TCP/TLS connect, handshake, {@code connect} → {@code createStream} → {@code play}, then
 * media until the end. Everything runs on one Vert.x context; nothing blocks. Memory is bounded by the chunk
 * decoder's limits plus at most one socket read kept while paused.
 */
final class PlaySession {
    private static final int CSID_CONTROL = PlayCommands.CSID_CONTROL;
    private static final int CSID_COMMAND = PlayCommands.CSID_COMMAND;
    /** How long a reconnect request waits for a keyframe before the connection is given up anyway. */
    private static final long RECONNECT_GRACE_MS = 3000;
    private static final System.Logger LOG = System.getLogger(PlaySession.class.getName());

    private enum Phase { CONNECTING, HANDSHAKING, CONNECTING_APP, CREATING_STREAM, STARTING_PLAY, PLAYING, ENDED }

    private final Vertx vertx;
    private final Context context;
    private final SocketAddress address;
    private final RtmpUrl url;
    private final RtmpClientOptions options;
    private final RtmpPlayListener listener;
    private final Promise<Void> started = Promise.promise();
    private final Promise<Void> closed = Promise.promise();
    private final ClientHandshake handshake;
    private final ChunkDecoder decoder;
    private final ChunkEncoder encoder = new ChunkEncoder();

    private Phase phase = Phase.CONNECTING;
    private NetClient client;
    private NetSocket socket;
    /** Received bytes not yet decoded: non-empty only while paused in the middle of a socket read. */
    private ByteBuf input = Unpooled.EMPTY_BUFFER;
    private boolean paused;
    private boolean draining;
    private final FlowControl flow = new FlowControl(message -> send(CSID_CONTROL, message));
    private int streamId = -1;
    private long handshakeTimer = -1;
    private long playTimer = -1;
    private long idleTimer = -1;
    /** When the latest audio or video message arrived (or playing began, or resume() was called). */
    private long lastMediaNanos;
    private boolean mediaSeen;
    private boolean videoSeen;
    private final PlayCommands commands;
    /** Set when the server asked to reconnect while playing: ends the stream at the next keyframe. */
    private RtmpFailure reconnectRequest;

    PlaySession(Vertx vertx, Context context, SocketAddress address, RtmpUrl url, RtmpClientOptions options,
            RtmpPlayListener listener) {
        this.vertx = vertx;
        this.context = context;
        this.address = address;
        this.url = url;
        this.options = options;
        this.listener = listener;
        this.decoder = new ChunkDecoder(options.maxMessageSize());
        this.commands = new PlayCommands(url, options);
        this.handshake = options.digestHandshake() ? ClientHandshake.digest() : ClientHandshake.simple();
    }

    /** @return completes when the server starts playing, fails with an {@link RtmpFailure} otherwise */
    Future<Void> start() {
        onContext(this::connect);
        return started.future();
    }

    long bytesReceived() {
        return flow.bytesReceived();
    }

    void pause() {
        onContext(() -> {
            if (phase == Phase.PLAYING && !paused) {
                paused = true;
                socket.pause();
            }
        });
    }

    void resume() {
        onContext(() -> {
            if (phase != Phase.PLAYING || !paused) {
                return;
            }
            paused = false;
            lastMediaNanos = System.nanoTime();
            if (!draining) {
                drain();
            }
            if (!paused && phase == Phase.PLAYING) {
                socket.resume();
            }
        });
    }

    Future<Void> close() {
        onContext(() -> {
            if (phase == Phase.PLAYING) {
                // spec 7.2.2.3: release the stream; best effort, the socket closes right after
                send(CSID_COMMAND, Command.deleteStream(streamId).toMessage(0));
            }
            end(Kind.CLOSED, "Closed by the application", null);
        });
        return closed.future();
    }

    private void connect() {
        NetClientOptions netOptions = new NetClientOptions()
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setTcpNoDelay(true);
        if (url.tls() && !options.tlsVerify()) {
            // the source's explicit opt-out (tlsVerify=0): any certificate, any name
            netOptions.setSsl(true).setTrustAll(true).setHostnameVerificationAlgorithm("");
        } else if (url.tls()) {
            netOptions.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            if (options.trustOptions() != null) {
                netOptions.setTrustOptions(options.trustOptions());
            }
        }
        client = vertx.createNetClient(netOptions);
        // the server name drives TLS SNI and certificate checks; the address was resolved by the caller
        client.connect(address, url.host()).onComplete(result -> {
            if (result.failed()) {
                Throwable cause = result.cause();
                boolean tls = causedBy(cause, SSLException.class);
                end(tls ? Kind.TLS_FAILED : Kind.CONNECT_FAILED, tls
                        ? "TLS with " + url.host() + ":" + url.port() + " failed: " + rootMessage(cause)
                        : "Could not connect to " + url.host() + ":" + url.port() + ": " + connectFailure(cause), cause);
            } else if (phase != Phase.CONNECTING) {
                result.result().close();
            } else {
                onConnected(result.result());
            }
        });
    }

    private void onConnected(NetSocket connected) {
        socket = connected;
        phase = Phase.HANDSHAKING;
        socket.handler(this::onData);
        socket.closeHandler(v -> onSocketClosed());
        socket.exceptionHandler(e -> end(Kind.CONNECTION_LOST, "The connection to " + url.host() + " broke: "
                + e.getMessage(), e));
        socket.write(Buffer.buffer(handshake.c0c1()));
        handshakeTimer = vertx.setTimer(options.handshakeTimeout().toMillis(), id -> end(Kind.HANDSHAKE_FAILED,
                "The server did not complete the RTMP handshake within " + seconds(options.handshakeTimeout()),
                null));
        // bounds the whole start, however busy the server keeps the connection with pings or other messages
        playTimer = vertx.setTimer(options.playTimeout().toMillis(), id -> onPlayTimeout());
    }

    private void onData(Buffer data) {
        if (phase == Phase.ENDED) {
            return;
        }
        flow.onRead(data.length());
        ByteBuf incoming = data.getByteBuf();
        input = input.isReadable() ? Unpooled.wrappedBuffer(input, incoming) : incoming;
        drain();
        if (phase != Phase.ENDED) {
            flow.acknowledgeIfDue(!mediaSeen && phase != Phase.HANDSHAKING);
        }
    }

    private void drain() {
        draining = true;
        try {
            if (phase == Phase.HANDSHAKING && !continueHandshake()) {
                return;
            }
            while (!paused && phase != Phase.ENDED) {
                RtmpMessage message = decoder.decode(input);
                if (message == null) {
                    break;
                }
                handle(message);
            }
        } catch (RtmpProtocolException e) {
            end(phase == Phase.HANDSHAKING ? Kind.HANDSHAKE_FAILED : Kind.PROTOCOL_ERROR, e.getMessage(), e);
        } finally {
            draining = false;
            if (!input.isReadable()) {
                input = Unpooled.EMPTY_BUFFER;
            }
        }
    }

    private boolean continueHandshake() {
        byte[] c2 = handshake.feed(input);
        if (c2 != null) {
            socket.write(Buffer.buffer(c2));
        }
        if (!handshake.isDone()) {
            return false;
        }
        vertx.cancelTimer(handshakeTimer);
        send(CSID_CONTROL, new SetChunkSize(options.chunkSize()).toMessage());
        send(commands.connect());
        phase = Phase.CONNECTING_APP;
        return true;
    }

    private void handle(RtmpMessage message) {
        MessageType type = message.type();
        if (type == null) {
            return;
        }
        switch (type) {
            case USER_CONTROL -> {
                if (SwfVerification.isRequest(message)) {
                    onSwfVerificationRequest(message);
                } else {
                    UserControlEvent.from(message).ifPresent(this::onUserControl);
                }
            }
            case WINDOW_ACK_SIZE -> flow.onPeerWindow(WindowAckSize.from(message));
            case SET_PEER_BANDWIDTH -> flow.onPeerBandwidth(SetPeerBandwidth.from(message));
            case AUDIO, VIDEO, AMF0_DATA -> onMedia(message);
            case AMF3_DATA -> onAmf3Data(message);
            case AGGREGATE -> {
                for (RtmpMessage part : AggregateMessage.split(message)) {
                    onMedia(part);
                }
            }
            case AMF0_COMMAND, AMF3_COMMAND -> onCommand(Command.from(message));
            // Set Chunk Size and Abort were applied by the decoder; acknowledgements and shared objects are unused
            default -> { }
        }
    }

    private void onUserControl(UserControlEvent event) {
        switch (event.type()) {
            case PING_REQUEST -> send(CSID_CONTROL, UserControlEvent.pingResponse(event.value()).toMessage());
            case STREAM_EOF -> {
                // nginx-rtmp signals an unpublished live stream with StreamEOF alone (spec 7.1.7)
                if (phase == Phase.PLAYING && event.value() == (streamId & 0xFFFF_FFFFL)) {
                    end(Kind.STREAM_ENDED, "The stream '" + url.playPath() + "' ended (StreamEOF)", null);
                }
            }
            default -> { }
        }
    }

    /**
     * User Control 26, as librtmp answers it: event 27 with the SWF's size and an HMAC keyed with the end of the
     * digest handshake's S1. Without a SWF hash or such an S1, or for a request type other than 1, it is logged and
     * left unanswered; the server then decides (usually by closing the connection, which ends in a refusal).
     */
    private void onSwfVerificationRequest(RtmpMessage request) {
        byte[] payload = request.payload();
        Optional<SwfHash> swf = options.swfVerification();
        Optional<byte[]> key = handshake.swfVerificationKey();
        String why;
        if (payload.length > 2 && (payload[2] & 0xFF) > 1) {
            why = "its request type " + (payload[2] & 0xFF) + " is not supported (only type 1 is)";
        } else if (swf.isEmpty() && options.swfVerifyUrl() != null) {
            why = "the hash of the swfVfy player was not supplied (swfHash and swfSize of the options)";
        } else if (swf.isEmpty()) {
            why = "no SWF hash is configured (give swfVfy=<player SWF URL>, or swfhash and swfsize)";
        } else if (key.isEmpty()) {
            why = "the server did not complete a Flash Player 9 handshake, whose S1 keys the answer";
        } else {
            send(CSID_CONTROL, SwfVerification.responseMessage(swf.get(), key.get()));
            return;
        }
        LOG.log(System.Logger.Level.WARNING, url.host() + " asked for SWF verification, left unanswered: " + why);
    }

    private void onCommand(Command command) {
        if (command.isResult() || command.isError()) {
            if (command.transactionId() == Command.CONNECT_TRANSACTION && phase == Phase.CONNECTING_APP) {
                onConnectReply(command);
            } else if (commands.answersCreateStream(command) && phase == Phase.CREATING_STREAM) {
                onCreateStreamReply(command);
            } else if (command.isError() && phase != Phase.PLAYING) {
                end(Kind.REJECTED, refusal() + detail(StatusInfo.of(command)), null);
            }
        } else if (command.isStatus()) {
            StatusInfo.of(command).ifPresent(this::onStatus);
        } else if (command.name().equals("close")) {
            end(phase == Phase.PLAYING ? Kind.STREAM_ENDED : Kind.REJECTED,
                    "The server closed the connection (close command)", null);
        }
    }

    /** What librtmp's HandleInvoke does for the connect {@code _result}, in its order. */
    private void onConnectReply(Command reply) {
        Optional<StatusInfo> info = StatusInfo.of(reply);
        if (reply.isError() || info.map(StatusInfo::isError).orElse(false)) {
            Kind kind = info.map(StatusInfo::code).filter(code -> code.endsWith(".InsufficientBW")).isPresent()
                    ? Kind.INSUFFICIENT_BANDWIDTH : Kind.REJECTED;
            end(kind, refusal() + detail(info), null);
            return;
        }
        commands.secureTokenAnswer(reply).ifPresent(this::send);
        flow.announceWindow(options.windowAckSize());
        commands.createStream().forEach(this::send);
        phase = Phase.CREATING_STREAM;
    }

    private void onCreateStreamReply(Command reply) {
        if (reply.isError()) {
            end(Kind.REJECTED, refusal() + detail(StatusInfo.of(reply)), null);
            return;
        }
        Object id = reply.args().isEmpty() ? null : reply.args().get(0);
        if (!(id instanceof Double number) || number < 0 || number > Integer.MAX_VALUE || number % 1 != 0) {
            end(Kind.PROTOCOL_ERROR, "The server's createStream reply has no valid stream id: " + reply, null);
            return;
        }
        streamId = number.intValue();
        commands.play(streamId).forEach(this::send);
        phase = Phase.STARTING_PLAY;
    }

    private void onStatus(StatusInfo info) {
        switch (info.code()) {
            case "NetStream.Play.Start" -> startPlaying();
            case "NetStream.Play.StreamNotFound" -> end(Kind.STREAM_NOT_FOUND, "The server has no stream named '"
                    + url.playPath() + "' (NetStream.Play.StreamNotFound)", null);
            case "NetStream.Play.UnpublishNotify", "NetStream.Play.Stop", "NetStream.Play.Complete" ->
                    end(Kind.STREAM_ENDED, "The stream '" + url.playPath() + "' ended (" + info.code() + ")", null);
            case "NetStream.Play.Failed" -> end(phase == Phase.PLAYING ? Kind.STREAM_ENDED : Kind.REJECTED,
                    "The server could not play '" + url.playPath() + "'" + detail(Optional.of(info)), null);
            case "NetStream.Play.InsufficientBW", "NetConnection.Connect.InsufficientBW" ->
                    end(Kind.INSUFFICIENT_BANDWIDTH, "The server reports too little bandwidth for '" + url.playPath()
                            + "'" + detail(Optional.of(info)), null);
            case "NetConnection.Connect.ReconnectRequest" -> onReconnectRequest(info);
            default -> {
                if (info.isError()) {
                    end(phase == Phase.PLAYING ? Kind.STREAM_ENDED : Kind.REJECTED, refusal() + detail(
                            Optional.of(info)), null);
                }
            }
        }
    }

    /**
     * E-RTMP v2 "Reconnect Request": keep playing up to the next media boundary (a video keyframe, or any audio for
     * a stream without video), then end so that the caller reconnects, to the given tcUrl if there is one.
     */
    private void onReconnectRequest(StatusInfo info) {
        RtmpUrl target;
        try {
            target = url.reconnectTo(info.tcUrl());
        } catch (IllegalArgumentException e) {
            end(Kind.PROTOCOL_ERROR, e.getMessage(), e);
            return;
        }
        String why = info.description().isEmpty() ? "" : " (" + info.description() + ")";
        RtmpFailure request = RtmpFailure.reconnectRequested("The server asked to reconnect"
                + (target.tcUrl().equals(url.tcUrl()) ? "" : " to " + target) + why, target.tcUrl());
        if (phase != Phase.PLAYING) {
            end(request);
        } else if (reconnectRequest == null) {
            reconnectRequest = request;
            vertx.setTimer(RECONNECT_GRACE_MS, id -> end(request));
        }
    }

    private boolean isMediaBoundary(RtmpMessage message) {
        byte[] payload = message.payload();
        if (message.typeId() == MessageType.VIDEO.id()) {
            // FLV VideoTagHeader / E-RTMP ExVideoTagHeader: frame type in bits 4..6 of the first byte, 1 = keyframe
            return payload.length > 0 && ((payload[0] >> 4) & 0x07) == 1;
        }
        return message.typeId() == MessageType.AUDIO.id() && !videoSeen;
    }

    private void startPlaying() {
        if (phase == Phase.STARTING_PLAY) {
            phase = Phase.PLAYING;
            vertx.cancelTimer(playTimer);
            lastMediaNanos = System.nanoTime();
            long idleMillis = options.idleTimeout().toMillis();
            idleTimer = vertx.setPeriodic(Math.max(50, Math.min(1000, idleMillis / 5)), id -> checkIdle(idleMillis));
            started.complete();
        }
    }

    private void onMedia(RtmpMessage message) {
        // A play connection carries one stream, so its media is ours whatever the message stream id: ffmpeg's listen
        // mode (-listen 1) answers play on stream 1 but sends media on stream 0, and librtmp ignores the id as well.
        if (phase != Phase.STARTING_PLAY && phase != Phase.PLAYING) {
            return;
        }
        startPlaying();
        if (phase != Phase.PLAYING) {
            return;
        }
        if (message.typeId() == MessageType.AUDIO.id() || message.typeId() == MessageType.VIDEO.id()) {
            if (reconnectRequest != null && isMediaBoundary(message)) {
                end(reconnectRequest);
                return;
            }
            if (options.stopMs() > 0 && message.timestamp() >= options.stopMs()) {
                end(Kind.STOP_REACHED, "Reached the stop position (" + options.stopMs() + " ms) of '"
                        + url.playPath() + "'", null);
                return;
            }
            lastMediaNanos = System.nanoTime();
            mediaSeen = true;
            videoSeen |= message.typeId() == MessageType.VIDEO.id();
        }
        // the payload array is ours alone; wrapping it shares nothing with the connection's buffers
        RtmpMedia media = new RtmpMedia(message.typeId(), message.timestamp(),
                Buffer.buffer(Unpooled.wrappedBuffer(message.payload())));
        try {
            listener.onMedia(media);
        } catch (RuntimeException e) {
            end(Kind.CLOSED, "The stream consumer failed: " + e, e);
        }
    }

    /** AMF3 data (type 15, spec 7.1.2) goes on as AMF0 data, the only script data FLV has. */
    private void onAmf3Data(RtmpMessage message) {
        Amf3Payload.toAmf0Data(message).ifPresent(this::onMedia);
    }

    /** Only audio and video prove the stream is alive: a server may ping and send metadata for a dead stream. */
    private void checkIdle(long idleMillis) {
        if (paused || phase != Phase.PLAYING
                || System.nanoTime() - lastMediaNanos <= TimeUnit.MILLISECONDS.toNanos(idleMillis)) {
            return;
        }
        String idle = seconds(options.idleTimeout());
        end(Kind.TIMEOUT, mediaSeen ? "No audio or video from " + url.host() + " for " + idle
                : "The server " + url.host() + " accepted the play request for '" + url.playPath()
                        + "' but sent no audio or video for " + idle, null);
    }

    private void onPlayTimeout() {
        String awaited = switch (phase) {
            case CONNECTING, HANDSHAKING -> "the RTMP handshake is unfinished";
            case CONNECTING_APP -> "no reply to connect";
            case CREATING_STREAM -> "no reply to createStream";
            case STARTING_PLAY -> "neither NetStream.Play.Start nor media arrived";
            case PLAYING, ENDED -> null;
        };
        if (awaited != null) {
            end(Kind.TIMEOUT, "The server " + url.host() + " did not answer the play request within "
                    + seconds(options.playTimeout()) + " (" + awaited + ")", null);
        }
    }

    private void onSocketClosed() {
        switch (phase) {
            case ENDED -> { }
            case HANDSHAKING -> end(Kind.HANDSHAKE_FAILED,
                    "The server closed the connection during the RTMP handshake" + (options.digestHandshake() ? ""
                            : " (if it needs the Flash Player 9 handshake, add digestHandshake=1 to the source)"),
                    null);
            // servers such as nginx-rtmp refuse a connect or play (e.g. a wrong key) by closing the connection
            case CONNECTING_APP, STARTING_PLAY -> end(Kind.REJECTED, refusal()
                    + ": the server closed the connection", null);
            case CONNECTING, CREATING_STREAM, PLAYING -> end(Kind.CONNECTION_LOST,
                    "The server " + url.host() + " closed the connection", null);
            default -> throw new IllegalStateException("phase " + phase);
        }
    }

    /** Moves to ENDED once: fails {@code play()} before playing, calls {@code onEnd} after. */
    private void end(Kind kind, String message, Throwable cause) {
        end(new RtmpFailure(kind, message, cause));
    }

    private void end(RtmpFailure failure) {
        Phase was = phase;
        switch (was) {
            case ENDED:
                return;
            case CONNECTING, HANDSHAKING, CONNECTING_APP, CREATING_STREAM, STARTING_PLAY, PLAYING:
                phase = Phase.ENDED;
                break;
            default:
                throw new IllegalStateException("phase " + was);
        }
        release();
        if (was == Phase.PLAYING) {
            listener.onEnd(failure);
        } else {
            started.fail(failure);
        }
    }

    private void release() {
        if (handshakeTimer >= 0) {
            vertx.cancelTimer(handshakeTimer);
        }
        if (playTimer >= 0) {
            vertx.cancelTimer(playTimer);
        }
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        input = Unpooled.EMPTY_BUFFER;
        Future<Void> socketClosed = socket != null ? socket.close() : Future.succeededFuture();
        socketClosed.onComplete(ignored -> {
            Future<Void> clientClosed = client != null ? client.close() : Future.succeededFuture();
            clientClosed.onComplete(done -> closed.tryComplete());
        });
    }

    private void send(PlayCommands.Outgoing outgoing) {
        send(outgoing.chunkStreamId(), outgoing.message());
    }

    private void send(int chunkStreamId, RtmpMessage message) {
        flow.onSent();
        ByteBuf out = Unpooled.buffer(message.payload().length + 32);
        encoder.encode(chunkStreamId, message, out);
        socket.write(Buffer.buffer(out));
    }

    private String refusal() {
        return switch (phase) {
            case CONNECTING_APP -> "The server refused the connection to application '" + url.app() + "'";
            case CREATING_STREAM -> "The server refused to create a stream";
            default -> "The server refused to play '" + url.playPath() + "'";
        };
    }

    private static String detail(Optional<StatusInfo> info) {
        return info.map(i -> ": " + (i.description().isEmpty() ? i.code() : i.description() + " (" + i.code() + ")"))
                .orElse("");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Vert.x wraps TLS errors in a generic "Failed to create SSL connection"; the root cause says why. */
    /** Why a TCP connect failed, as a clause a person reads ("the connection was refused"). */
    static String connectFailure(Throwable error) {
        if (causedBy(error, NoRouteToHostException.class)) {
            return "there is no route to the host";
        }
        if (causedBy(error, UnknownHostException.class)) {
            return "the host was not found";
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("Timeout")) {
                return "it did not answer in time";
            }
        }
        String message = rootMessage(error);
        if (causedBy(error, ConnectException.class) && message.toLowerCase(Locale.ROOT).contains("refused")) {
            return "the connection was refused";
        }
        return message;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
