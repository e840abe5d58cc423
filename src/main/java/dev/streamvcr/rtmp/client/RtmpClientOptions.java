package dev.streamvcr.rtmp.client;

import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings for one {@link RtmpPlayer}. Immutable: start from {@link #defaults()} and use the {@code with…} methods.
 * Defaults follow rtmpdump where it has one.
 */
public final class RtmpClientOptions {
    /** rtmpdump's default {@code flashVer} on Linux. */
    public static final String DEFAULT_FLASH_VER = "LNX 9,0,124,2";
    /** rtmpdump's default buffer time, 10 hours: lets the server send as fast as it likes. */
    public static final long DEFAULT_BUFFER_MS = 36_000_000L;
    /** librtmp's Window Acknowledgement Size. */
    public static final long DEFAULT_WINDOW_ACK_SIZE = 2_500_000L;
    /** What the client announces with Set Chunk Size before connecting, as current encoders do. */
    public static final int DEFAULT_CHUNK_SIZE = 4096;

    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration playTimeout = Duration.ofSeconds(15);
    private Duration idleTimeout = Duration.ofSeconds(15);
    private int maxMessageSize = ChunkDecoder.DEFAULT_MAX_MESSAGE_SIZE;
    private String flashVer = DEFAULT_FLASH_VER;
    private String swfUrl;
    private String pageUrl;
    private long bufferMs = DEFAULT_BUFFER_MS;
    private long windowAckSize = DEFAULT_WINDOW_ACK_SIZE;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private boolean live = true;
    private TrustOptions trustOptions;

    private RtmpClientOptions() {
    }

    private RtmpClientOptions(RtmpClientOptions other) {
        connectTimeout = other.connectTimeout;
        handshakeTimeout = other.handshakeTimeout;
        playTimeout = other.playTimeout;
        idleTimeout = other.idleTimeout;
        maxMessageSize = other.maxMessageSize;
        flashVer = other.flashVer;
        swfUrl = other.swfUrl;
        pageUrl = other.pageUrl;
        bufferMs = other.bufferMs;
        windowAckSize = other.windowAckSize;
        chunkSize = other.chunkSize;
        live = other.live;
        trustOptions = other.trustOptions;
    }

    public static RtmpClientOptions defaults() {
        return new RtmpClientOptions();
    }

    /** TCP (and TLS) connect timeout; default 10 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time allowed for the RTMP handshake after the connection is up; default 10 s. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Time allowed from the connection being up (TCP and TLS) until the server answers the play request with
     * NetStream.Play.Start or media, handshake included; {@code play()} then fails with
     * {@link RtmpFailure.Kind#TIMEOUT}, however much else the server sends. Default 15 s.
     */
    public Duration playTimeout() {
        return playTimeout;
    }

    /**
     * Once playing, the stream ends with {@link RtmpFailure.Kind#TIMEOUT} when no audio or video message arrives
     * this long (not counted while paused); default 15 s. Only audio and video count: pings, acknowledgements,
     * commands and data messages such as {@code onMetaData} do not, so a server that accepted the play request
     * but has nothing to send (nginx-rtmp for a stream nobody publishes) still times out. A message counts once
     * it has arrived whole, so one message must not take longer than this to arrive.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Largest message accepted; bigger ones fail with {@link RtmpFailure.Kind#PROTOCOL_ERROR}; default 8 MiB. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** {@code flashVer} sent in {@code connect}; default {@value #DEFAULT_FLASH_VER}. */
    public String flashVer() {
        return flashVer;
    }

    /** {@code swfUrl} sent in {@code connect}, or null (default) to leave it out. */
    public String swfUrl() {
        return swfUrl;
    }

    /** {@code pageUrl} sent in {@code connect}, or null (default) to leave it out. */
    public String pageUrl() {
        return pageUrl;
    }

    /** Buffer length sent with Set Buffer Length after {@code play}; default 36,000,000 ms like rtmpdump. */
    public long bufferMs() {
        return bufferMs;
    }

    /** Window Acknowledgement Size sent to the server after connecting; default 2,500,000 like librtmp. */
    public long windowAckSize() {
        return windowAckSize;
    }

    /** Chunk size the client sends with; default 4096. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Live stream: {@code play} with start -1000 like rtmpdump {@code --live}; otherwise start 0. Default true. */
    public boolean live() {
        return live;
    }

    /** Trust for rtmps certificates, or null (default) for the JVM's trust store. */
    public TrustOptions trustOptions() {
        return trustOptions;
    }

    public RtmpClientOptions withConnectTimeout(Duration value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.connectTimeout = positive(value, "connectTimeout");
        return copy;
    }

    public RtmpClientOptions withHandshakeTimeout(Duration value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.handshakeTimeout = positive(value, "handshakeTimeout");
        return copy;
    }

    public RtmpClientOptions withPlayTimeout(Duration value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.playTimeout = positive(value, "playTimeout");
        return copy;
    }

    public RtmpClientOptions withIdleTimeout(Duration value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.idleTimeout = positive(value, "idleTimeout");
        return copy;
    }

    public RtmpClientOptions withMaxMessageSize(int value) {
        if (value < 1 || value > 0xFF_FFFF) {
            throw new IllegalArgumentException("maxMessageSize must be 1..16777215, got " + value);
        }
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.maxMessageSize = value;
        return copy;
    }

    public RtmpClientOptions withFlashVer(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.flashVer = Objects.requireNonNull(value, "flashVer");
        return copy;
    }

    public RtmpClientOptions withSwfUrl(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.swfUrl = value;
        return copy;
    }

    public RtmpClientOptions withPageUrl(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.pageUrl = value;
        return copy;
    }

    public RtmpClientOptions withBufferMs(long value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.bufferMs = inU32(value, "bufferMs");
        return copy;
    }

    public RtmpClientOptions withWindowAckSize(long value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.windowAckSize = inU32(value, "windowAckSize");
        return copy;
    }

    public RtmpClientOptions withChunkSize(int value) {
        if (value < 128 || value > 0xFF_FFFF) {
            throw new IllegalArgumentException("chunkSize must be 128..16777215, got " + value);
        }
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.chunkSize = value;
        return copy;
    }

    public RtmpClientOptions withLive(boolean value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.live = value;
        return copy;
    }

    public RtmpClientOptions withTrustOptions(TrustOptions value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.trustOptions = value;
        return copy;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
        return value;
    }

    private static long inU32(long value, String name) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " must be 0..4294967295, got " + value);
        }
        return value;
    }
}
