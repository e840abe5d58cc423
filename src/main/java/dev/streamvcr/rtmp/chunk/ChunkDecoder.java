package dev.streamvcr.rtmp.chunk;

import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.message.Abort;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;

/**
 * Incremental chunk stream decoder (RTMP spec 5.3) for one direction of one connection.
 *
 * <p>Feed it whatever bytes arrived; {@link #decode} consumes them up to the end of the next complete message and
 * returns it, or consumes all of them and returns null when no message is complete yet. Partial headers are kept
 * inside, so the caller never has to keep unread bytes. Set Chunk Size and Abort messages take effect as soon as
 * they complete (before the next chunk is read) and are still returned to the caller.
 *
 * <p>Limits: a message over {@code maxMessageSize} fails when its header arrives, before anything is allocated;
 * so does starting a message while incomplete messages on other chunk streams already hold more than twice that.
 * Any violation throws {@link RtmpProtocolException} with the chunk stream, the byte offset and the rule; the
 * decoder then stays failed.
 *
 * <p>Timestamps: a type 0 header sets the absolute timestamp and a delta of 0; types 1 and 2 set a delta that is
 * added to the previous message's timestamp; a type 3 header that starts a new message adds the previous delta
 * again (spec 5.3.1.2.4; nginx-rtmp and librtmp agree on the delta of 0 after type 0). When the latest type 0/1/2
 * header had an extended timestamp, its type 3 chunks carry one too (spec 5.3.1.3), as Flash, FMS and nginx-rtmp
 * send them; its value there is not used.
 *
 * <p>Some senders leave that field out of type 3 headers all the same: librtmp when it starts a message at the
 * previous timestamp; older ffmpeg, and nginx-rtmp with {@code play_time_fix off}, on continuation chunks. So when a
 * type 3 chunk carries at least 4 payload bytes, the 4 bytes after its basic header are taken for the field only if
 * they repeat the latest type 0/1/2 header's extended timestamp, as the senders that write it do (ffmpeg writes
 * another value only for a delta of over 4.6 hours); otherwise they are payload. A payload that happens to start with
 * that very value is taken for the field; a chunk of fewer than 4 bytes is always read as the spec says.
 */
public final class ChunkDecoder {
    /** Default limit for one message: 8 MiB, far above any media frame or command. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

    private enum State { BASIC_HEADER, MESSAGE_HEADER, EXTENDED_TIMESTAMP, PAYLOAD, FAILED }

    /** Message header length by format (spec 5.3.1.2). */
    private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};
    private static final int TIMESTAMP_ESCAPE = 0xFF_FFFF;

    private final ChunkDirectionState inbound = new ChunkDirectionState();
    private final int maxMessageSize;
    /** Header bytes collected so far: at most 3 basic + 11 message + 4 extended timestamp. */
    private final byte[] header = new byte[18];
    private int headerLength;
    private State state = State.BASIC_HEADER;
    private String failure;

    private long position;
    private long chunkStart;
    private int format;
    private int chunkStreamId;
    private ChunkStreamState stream;
    /** The 24-bit timestamp or delta field of the current header, or the extended value that replaced it. */
    private long timestampField;
    private boolean extended;
    private int chunkRemaining;

    public ChunkDecoder() {
        this(DEFAULT_MAX_MESSAGE_SIZE);
    }

    public ChunkDecoder(int maxMessageSize) {
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /** @return the chunk size the peer currently sends with */
    public int chunkSize() {
        return inbound.chunkSize;
    }

    /** @return total bytes consumed so far */
    public long position() {
        return position;
    }

    /**
     * Consumes bytes from {@code in} until a message completes.
     *
     * @return the completed message, or null when {@code in} ran out first (all of it has then been consumed)
     * @throws RtmpProtocolException on malformed input; every later call throws the same
     */
    public RtmpMessage decode(ByteBuf in) {
        if (state == State.FAILED) {
            throw new RtmpProtocolException(failure);
        }
        try {
            return advance(in);
        } catch (RtmpProtocolException e) {
            state = State.FAILED;
            failure = e.getMessage();
            throw e;
        }
    }

    private RtmpMessage advance(ByteBuf in) {
        while (true) {
            switch (state) {
                case BASIC_HEADER:
                    if (!readBasicHeader(in)) {
                        return null;
                    }
                    break;
                case MESSAGE_HEADER:
                    if (!collect(in, MESSAGE_HEADER_LENGTH[format])) {
                        return null;
                    }
                    readMessageHeader();
                    if (state == State.MESSAGE_HEADER) {
                        RtmpMessage empty = startChunk();
                        if (empty != null) {
                            return empty;
                        }
                    }
                    break;
                case EXTENDED_TIMESTAMP:
                    if (!collect(in, 4)) {
                        return null;
                    }
                    long field = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16)
                            | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                    headerLength = 0;
                    if (format == 3 && field != stream.extendedTimestampField && nextChunkLength() >= 4) {
                        // left out: the 4 bytes are the start of this chunk's payload
                        startChunk();
                        System.arraycopy(header, 0, stream.partial, stream.received, 4);
                        stream.received += 4;
                        chunkRemaining -= 4;
                        break;
                    }
                    timestampField = field;
                    RtmpMessage empty = startChunk();
                    if (empty != null) {
                        return empty;
                    }
                    break;
                case PAYLOAD: {
                    RtmpMessage message = readPayload(in);
                    if (message != null || state == State.PAYLOAD) {
                        return message;
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("decoder in state " + state);
            }
        }
    }

    /** Basic header (spec 5.3.1.1): fmt in the top 2 bits; chunk stream id in 6 bits, or 1 or 2 more bytes. */
    private boolean readBasicHeader(ByteBuf in) {
        if (headerLength == 0) {
            chunkStart = position;
            if (!collect(in, 1)) {
                return false;
            }
        }
        int low = header[0] & 0x3F;
        int length = low == 0 ? 2 : low == 1 ? 3 : 1;
        if (!collect(in, length)) {
            return false;
        }
        format = (header[0] & 0xFF) >>> 6;
        chunkStreamId = switch (length) {
            case 2 -> 64 + (header[1] & 0xFF);
            case 3 -> 64 + (header[1] & 0xFF) + (header[2] & 0xFF) * 256;
            default -> low;
        };
        headerLength = 0;
        stream = inbound.stream(chunkStreamId);
        if (format != 0 && !stream.hasHeader) {
            throw error("header type " + format + " without an earlier type 0 header on this chunk stream");
        }
        if (format != 3 && stream.inProgress()) {
            throw error("header type " + format + " while a message is incomplete (" + stream.received + " of "
                    + stream.partial.length + " bytes); spec 5.3.1.2 continues messages with type 3");
        }
        state = State.MESSAGE_HEADER;
        return true;
    }

    /** Message header (spec 5.3.1.2) of 11, 7, 3 or 0 bytes; then the extended timestamp, if any, is next. */
    private void readMessageHeader() {
        if (format <= 2) {
            timestampField = medium(0);
            extended = timestampField == TIMESTAMP_ESCAPE;
        } else {
            extended = stream.extendedTimestamp;
        }
        if (format <= 1) {
            stream.messageLength = medium(3);
            stream.typeId = header[6] & 0xFF;
        }
        if (format == 0) {
            // spec 5.3.1.2.1: message stream id is little-endian
            stream.messageStreamId = (header[7] & 0xFF) | (header[8] & 0xFF) << 8 | (header[9] & 0xFF) << 16
                    | (header[10] & 0xFF) << 24;
        }
        headerLength = 0;
        if (extended) {
            state = State.EXTENDED_TIMESTAMP;
        }
    }

    /** Applies the complete header to the chunk stream; returns a message only when it has no payload. */
    private RtmpMessage startChunk() {
        if (format <= 2) {
            stream.extendedTimestamp = extended;
            stream.extendedTimestampField = extended ? timestampField : -1;
        }
        if (format == 3 && stream.inProgress()) {
            beginPayload();
            return null;
        }
        switch (format) {
            case 0 -> {
                stream.timestamp = timestampField;
                stream.timestampDelta = 0;
                stream.deltaExplicit = false;
            }
            case 1, 2 -> {
                stream.timestampDelta = timestampField;
                stream.deltaExplicit = true;
                stream.timestamp = (stream.timestamp + timestampField) & RtmpMessage.MAX_TIMESTAMP;
            }
            case 3 -> stream.timestamp = (stream.timestamp + stream.timestampDelta) & RtmpMessage.MAX_TIMESTAMP;
            default -> throw new IllegalStateException("format " + format);
        }
        stream.hasHeader = true;
        int length = stream.messageLength;
        if (length > maxMessageSize) {
            throw error("message of " + length + " bytes is over the limit of " + maxMessageSize + " bytes");
        }
        if (inbound.bufferedBytes + length > 2L * maxMessageSize) {
            throw error("a " + length + "-byte message would make " + (inbound.bufferedBytes + length)
                    + " bytes of incomplete messages, over the limit of " + 2L * maxMessageSize);
        }
        if (length == 0) {
            state = State.BASIC_HEADER;
            return complete(new byte[0]);
        }
        stream.partial = new byte[length];
        stream.received = 0;
        inbound.bufferedBytes += length;
        beginPayload();
        return null;
    }

    private void beginPayload() {
        chunkRemaining = nextChunkLength();
        state = State.PAYLOAD;
    }

    /** Payload bytes in the chunk whose header is being read: the rest of the message, at most a chunk size. */
    private int nextChunkLength() {
        int remaining = stream.inProgress() ? stream.partial.length - stream.received : stream.messageLength;
        return Math.min(inbound.chunkSize, remaining);
    }

    private RtmpMessage readPayload(ByteBuf in) {
        int n = Math.min(chunkRemaining, in.readableBytes());
        in.readBytes(stream.partial, stream.received, n);
        stream.received += n;
        chunkRemaining -= n;
        position += n;
        if (chunkRemaining > 0) {
            return null;
        }
        state = State.BASIC_HEADER;
        if (stream.received < stream.partial.length) {
            return null;
        }
        byte[] payload = stream.partial;
        stream.partial = null;
        stream.received = 0;
        inbound.bufferedBytes -= payload.length;
        return complete(payload);
    }

    private RtmpMessage complete(byte[] payload) {
        RtmpMessage message = new RtmpMessage(stream.typeId, stream.timestamp, stream.messageStreamId, payload);
        // Protocol control takes effect before the next chunk is parsed (spec 5.4.1, 5.4.2)
        try {
            if (message.typeId() == MessageType.SET_CHUNK_SIZE.id()) {
                inbound.chunkSize = SetChunkSize.from(message).chunkSize();
            } else if (message.typeId() == MessageType.ABORT.id()) {
                inbound.discardPartial(Abort.from(message).chunkStreamId());
            }
        } catch (RtmpProtocolException e) {
            throw error(e.getMessage());
        }
        return message;
    }

    /** Copies bytes from {@code in} into {@link #header} until it holds {@code length}; false if {@code in} ran out. */
    private boolean collect(ByteBuf in, int length) {
        int n = Math.min(length - headerLength, in.readableBytes());
        if (n > 0) {
            in.readBytes(header, headerLength, n);
            headerLength += n;
            position += n;
        }
        return headerLength == length;
    }

    private int medium(int offset) {
        return (header[offset] & 0xFF) << 16 | (header[offset + 1] & 0xFF) << 8 | (header[offset + 2] & 0xFF);
    }

    private RtmpProtocolException error(String rule) {
        return new RtmpProtocolException("RTMP chunk stream " + chunkStreamId + " at byte " + chunkStart + ": "
                + rule);
    }
}
