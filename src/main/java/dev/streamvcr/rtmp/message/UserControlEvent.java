package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.WireIdTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import java.util.Optional;

/**
 * User Control Message (RTMP spec 6.2 and 7.1.7): a 16-bit event type and its data.
 *
 * @param type         the event
 * @param value        the message stream id for stream events, the timestamp for pings
 * @param bufferLength milliseconds for {@link Type#SET_BUFFER_LENGTH}, otherwise 0
 */
public record UserControlEvent(Type type, long value, long bufferLength) {
    public enum Type {
        STREAM_BEGIN(0),
        STREAM_EOF(1),
        STREAM_DRY(2),
        SET_BUFFER_LENGTH(3),
        STREAM_IS_RECORDED(4),
        PING_REQUEST(6),
        PING_RESPONSE(7);

        private static final WireIdTable<Type> BY_ID = WireIdTable.of(values(), Type::id);
        private final int id;

        Type(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }
    }

    public UserControlEvent {
        Objects.requireNonNull(type, "type");
        value &= 0xFFFF_FFFFL;
        bufferLength &= 0xFFFF_FFFFL;
    }

    public static UserControlEvent setBufferLength(int streamId, long millis) {
        return new UserControlEvent(Type.SET_BUFFER_LENGTH, streamId, millis);
    }

    public static UserControlEvent pingResponse(long timestamp) {
        return new UserControlEvent(Type.PING_RESPONSE, timestamp, 0);
    }

    /** Sent on message stream 0 and chunk stream 2 like other control messages (spec 6.2). */
    public RtmpMessage toMessage() {
        boolean withBuffer = type == Type.SET_BUFFER_LENGTH;
        byte[] payload = new byte[withBuffer ? 10 : 6];
        ByteBuf out = Unpooled.wrappedBuffer(payload).writerIndex(0);
        out.writeShort(type.id).writeInt((int) value);
        if (withBuffer) {
            out.writeInt((int) bufferLength);
        }
        return new RtmpMessage(MessageType.USER_CONTROL, 0, 0, payload);
    }

    /**
     * @return the event, or empty for event types this client does not use (e.g. SWF verification, 26)
     * @throws dev.streamvcr.rtmp.RtmpProtocolException if the payload is shorter than its event type needs
     */
    public static Optional<UserControlEvent> from(RtmpMessage message) {
        ByteBuf in = Payloads.open(message, MessageType.USER_CONTROL, 2);
        Type type = Type.BY_ID.get(in.readUnsignedShort());
        if (type == null) {
            return Optional.empty();
        }
        boolean withBuffer = type == Type.SET_BUFFER_LENGTH;
        in = Payloads.open(message, MessageType.USER_CONTROL, withBuffer ? 10 : 6).skipBytes(2);
        long value = in.readUnsignedInt();
        return Optional.of(new UserControlEvent(type, value, withBuffer ? in.readUnsignedInt() : 0));
    }
}
