package dev.streamvcr.rtmp.client;

import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.swf.SwfHash;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for one {@link RtmpPlayer}. Immutable: start from {@link #defaults()} and use the {@code with…} methods.
 * Defaults follow rtmpdump where it has one.
 */
public final class RtmpClientOptions {
    /** rtmpdump 2.4's default {@code flashVer} ({@code rtmpdump -h}). */
    public static final String DEFAULT_FLASH_VER = "LNX 10,0,32,18";
    /** rtmpdump's default {@code swfAge}: cached SWF information is used for 30 days. */
    public static final int DEFAULT_SWF_AGE_DAYS = 30;
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
    private boolean tlsVerify = true;
    private String auth;
    private List<Object> connArguments = List.of();
    private String subscribe;
    private long startMs;
    private long stopMs;
    private String token;
    private String usherToken;
    private boolean playlist;
    private String swfVerifyUrl;
    private byte[] swfHash;
    private long swfSize;
    private int swfAgeDays = DEFAULT_SWF_AGE_DAYS;
    private boolean forceDigestHandshake;

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
        tlsVerify = other.tlsVerify;
        auth = other.auth;
        connArguments = other.connArguments;
        subscribe = other.subscribe;
        startMs = other.startMs;
        stopMs = other.stopMs;
        token = other.token;
        usherToken = other.usherToken;
        playlist = other.playlist;
        swfVerifyUrl = other.swfVerifyUrl;
        swfHash = other.swfHash;
        swfSize = other.swfSize;
        swfAgeDays = other.swfAgeDays;
        forceDigestHandshake = other.forceDigestHandshake;
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

    /**
     * Live stream: {@code play} with start -1000 and an FCSubscribe first, like rtmpdump {@code --live}; otherwise
     * {@code play} starts at {@link #startMs()}. Default true.
     */
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

    /**
     * Whether rtmps certificates are checked (chain and host name); default true. False accepts any certificate:
     * an explicit opt-out for one source ({@code tlsVerify=0}), open to interception.
     */
    public boolean tlsVerify() {
        return tlsVerify;
    }

    /** rtmpdump {@code --auth}: sent after the connect command object as Boolean true and this string; or null. */
    public String auth() {
        return auth;
    }

    /** AMF0 values appended to {@code connect} after {@link #auth()} (librtmp {@code conn}); default none. */
    public List<Object> connArguments() {
        return connArguments;
    }

    /** Stream name for FCSubscribe (librtmp {@code subscribe}); null (default) subscribes live streams by play path. */
    public String subscribe() {
        return subscribe;
    }

    /** Start position in ms sent with {@code play} when not live (librtmp {@code start}); default 0. */
    public long startMs() {
        return startMs;
    }

    /**
     * Stop position in ms (librtmp {@code stop}), or 0 (default) for none: {@code play} asks for {@code stop - start}
     * ms, and the stream ends with {@link RtmpFailure.Kind#STOP_REACHED} at the first audio or video message whose
     * timestamp reaches it.
     */
    public long stopMs() {
        return stopMs;
    }

    /** Key that answers the server's SecureToken challenge (librtmp {@code token}), or null. */
    public String token() {
        return token;
    }

    /** Legacy Justin.tv usher token (librtmp {@code jtv}), sent as NetStream.Authenticate.UsherToken; or null. */
    public String usherToken() {
        return usherToken;
    }

    /** Send {@code set_playlist} with the play path before {@code play} (librtmp {@code playlist}); default false. */
    public boolean playlist() {
        return playlist;
    }

    /** URL of the SWF player to fetch for SWF verification (librtmp {@code swfVfy}), or null. */
    public String swfVerifyUrl() {
        return swfVerifyUrl;
    }

    /** SHA-256 of the decompressed SWF player, 32 bytes (rtmpdump {@code --swfhash}), or null. */
    public byte[] swfHash() {
        return swfHash == null ? null : swfHash.clone();
    }

    /** Size of the decompressed SWF player (rtmpdump {@code --swfsize}), or 0. */
    public long swfSize() {
        return swfSize;
    }

    /** Days cached SWF information is used before it is fetched again (librtmp {@code swfAge}); default 30. */
    public int swfAgeDays() {
        return swfAgeDays;
    }

    /**
     * {@link #swfHash()} and {@link #swfSize()} together, which is what a SWF verification answer needs; empty when
     * either is missing (rtmpdump ignores one without the other) or the size is below a SWF header's 8 bytes.
     */
    public Optional<SwfHash> swfVerification() {
        if (swfHash == null || swfSize < 8 || swfSize > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new SwfHash(swfHash, (int) swfSize));
    }

    /**
     * Whether the client offers the Flash Player 9 digest handshake instead of the simple one: when SWF
     * verification is configured ({@link #swfVerifyUrl()}, or {@link #swfVerification()}), since the verification
     * answer is keyed with the server's digest-handshake S1, or when {@link #withDigestHandshake forced} for a
     * server that refuses the simple handshake ({@code digestHandshake=1} in a source). Otherwise false: the simple
     * handshake of RTMP spec 5.2, which every server speaks. (rtmpdump always offers the digest handshake; a server
     * that claims it but signs wrongly then fails the handshake, where the simple one would have worked.) A server
     * that answers a digest C1 with version 0 gets the simple handshake anyway. A failed handshake is never retried
     * with the other kind.
     */
    public boolean digestHandshake() {
        return forceDigestHandshake || swfVerifyUrl != null || swfVerification().isPresent();
    }

    /** @param value true offers the digest handshake even without SWF verification; false leaves it to that */
    public RtmpClientOptions withDigestHandshake(boolean value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.forceDigestHandshake = value;
        return copy;
    }

    public RtmpClientOptions withTlsVerify(boolean value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.tlsVerify = value;
        return copy;
    }

    public RtmpClientOptions withAuth(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.auth = value;
        return copy;
    }

    /** @param values AMF0 values (see {@link dev.streamvcr.rtmp.amf.Amf0} for the Java mapping) */
    public RtmpClientOptions withConnArguments(List<Object> values) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.connArguments = Collections.unmodifiableList(new ArrayList<>(values));
        return copy;
    }

    public RtmpClientOptions withSubscribe(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.subscribe = value;
        return copy;
    }

    public RtmpClientOptions withStartMs(long value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.startMs = inU32(value, "startMs");
        return copy;
    }

    public RtmpClientOptions withStopMs(long value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.stopMs = inU32(value, "stopMs");
        return copy;
    }

    public RtmpClientOptions withToken(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.token = value;
        return copy;
    }

    public RtmpClientOptions withUsherToken(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.usherToken = value;
        return copy;
    }

    public RtmpClientOptions withPlaylist(boolean value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.playlist = value;
        return copy;
    }

    /** Also sets {@link #swfUrl()}, as rtmpdump {@code --swfVfy} does. */
    public RtmpClientOptions withSwfVerifyUrl(String value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.swfVerifyUrl = value;
        copy.swfUrl = value;
        return copy;
    }

    public RtmpClientOptions withSwfHash(byte[] value) {
        if (value != null && value.length != 32) {
            throw new IllegalArgumentException("swfHash must be 32 bytes (SHA-256), got " + value.length);
        }
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.swfHash = value == null ? null : value.clone();
        return copy;
    }

    public RtmpClientOptions withSwfSize(long value) {
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.swfSize = inU32(value, "swfSize");
        return copy;
    }

    public RtmpClientOptions withSwfAgeDays(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("swfAgeDays must be 0 or more, got " + value);
        }
        RtmpClientOptions copy = new RtmpClientOptions(this);
        copy.swfAgeDays = value;
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
