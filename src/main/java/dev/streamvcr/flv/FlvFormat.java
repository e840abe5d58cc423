package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;

/** Byte layout of an FLV file (FLV spec E.2 and E.3); the one place that lays out tags. */
public final class FlvFormat {

    /** Length of the version 1 header; also the value of its DataOffset field. */
    public static final int HEADER_SIZE = 9;
    /** Length of a tag header: type, DataSize (UI24), Timestamp (UI24), TimestampExtended, StreamID (UI24). */
    public static final int TAG_HEADER_SIZE = 11;
    /** Length of a PreviousTagSize field. */
    public static final int PREVIOUS_TAG_SIZE_SIZE = 4;
    /** Largest tag body: DataSize is a UI24. */
    public static final int MAX_DATA_SIZE = 0xFFFFFF;
    /** Largest timestamp: 24 bits plus the extended byte holding bits 24-31. */
    public static final long MAX_TIMESTAMP = 0xFFFFFFFFL;
    /** TypeFlags bits of the header (E.2). */
    public static final int FLAG_AUDIO = 0x04;
    public static final int FLAG_VIDEO = 0x01;
    /** Offset of TypeFlags in the header. */
    public static final int FLAGS_OFFSET = 4;

    private FlvFormat() {
    }

    /** The header followed by PreviousTagSize0 (always 0). */
    public static Buffer fileStart(boolean audio, boolean video) {
        return Buffer.buffer(HEADER_SIZE + PREVIOUS_TAG_SIZE_SIZE)
                .appendByte((byte) 'F').appendByte((byte) 'L').appendByte((byte) 'V')
                .appendByte((byte) 1)
                .appendByte((byte) typeFlags(audio, video))
                .appendInt(HEADER_SIZE)
                .appendInt(0);
    }

    public static int typeFlags(boolean audio, boolean video) {
        return (audio ? FLAG_AUDIO : 0) | (video ? FLAG_VIDEO : 0);
    }

    /**
     * One tag followed by its PreviousTagSize, in a new buffer (the payload is copied, so the
     * caller may reuse it). Stream id is always 0.
     *
     * @throws IllegalArgumentException if the payload or timestamp does not fit the format
     */
    public static Buffer tag(TagType type, long timestampMs, Buffer payload) {
        return appendTag(Buffer.buffer(tagLength(payload)), type, timestampMs, payload);
    }

    /** The bytes {@link #tag} makes of {@code payload}: tag header, body and PreviousTagSize. */
    public static int tagLength(Buffer payload) {
        return TAG_HEADER_SIZE + payload.length() + PREVIOUS_TAG_SIZE_SIZE;
    }

    /** {@link #tag}, appended to {@code into} (which is returned) instead of a new buffer. */
    public static Buffer appendTag(Buffer into, TagType type, long timestampMs, Buffer payload) {
        int size = payload.length();
        if (size > MAX_DATA_SIZE) {
            throw new IllegalArgumentException("tag body of " + size + " bytes exceeds the FLV limit " + MAX_DATA_SIZE);
        }
        if (timestampMs < 0 || timestampMs > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp " + timestampMs + " ms is outside 0.." + MAX_TIMESTAMP);
        }
        return into.appendByte((byte) type.id)
                .appendMedium(size)
                .appendMedium((int) (timestampMs & 0xFFFFFF))
                .appendByte((byte) (timestampMs >>> 24))
                .appendMedium(0)
                .appendBuffer(payload)
                .appendInt(TAG_HEADER_SIZE + size);
    }
}
