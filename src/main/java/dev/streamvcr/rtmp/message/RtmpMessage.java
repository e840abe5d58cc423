package dev.streamvcr.rtmp.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * One RTMP message (RTMP spec 6.1): type id, timestamp, message stream id and payload.
 *
 * <p>The payload array is handed over, not copied: whoever builds a message must not change the array afterwards,
 * and readers must not change it either. Equality compares payload contents.
 *
 * @param typeId          message type id, 0..255 (see {@link MessageType})
 * @param timestamp       milliseconds as on the wire, 0..2^32-1 (spec 5.3.1.2: timestamps wrap modulo 2^32)
 * @param messageStreamId the message stream id as sent (0 for the connection's control and command stream)
 * @param payload         the message body, at most {@value #MAX_PAYLOAD} bytes (a 3-byte length on the wire)
 */
public record RtmpMessage(int typeId, long timestamp, int messageStreamId, byte[] payload) {
    public static final long MAX_TIMESTAMP = 0xFFFF_FFFFL;
    public static final int MAX_PAYLOAD = 0xFF_FFFF;

    public RtmpMessage {
        if (typeId < 0 || typeId > 0xFF) {
            throw new IllegalArgumentException("message type id " + typeId + " is outside 0..255");
        }
        if (timestamp < 0 || timestamp > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp " + timestamp + " is outside 0..2^32-1");
        }
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is over the RTMP limit of "
                    + MAX_PAYLOAD);
        }
    }

    public RtmpMessage(MessageType type, long timestamp, int messageStreamId, byte[] payload) {
        this(type.id(), timestamp, messageStreamId, payload);
    }

    /** @return the message type, or null for a type id the spec does not define */
    public MessageType type() {
        return MessageType.fromId(typeId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RtmpMessage that && typeId == that.typeId && timestamp == that.timestamp
                && messageStreamId == that.messageStreamId && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(typeId, timestamp, messageStreamId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        MessageType type = type();
        return "RtmpMessage[" + (type != null ? type : "type " + typeId) + ", timestamp=" + timestamp
                + ", stream=" + messageStreamId + ", " + payload.length + " bytes]";
    }
}
