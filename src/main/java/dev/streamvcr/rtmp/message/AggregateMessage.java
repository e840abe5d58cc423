package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Aggregate Message (RTMP spec 7.1.6): sub-messages laid out like FLV tags (header, body, back pointer). Servers
 * such as Wowza and FMS send media this way.
 */
public final class AggregateMessage {
    private static final int SUB_HEADER = 11;
    private static final int BACK_POINTER = 4;

    private AggregateMessage() {
    }

    /**
     * @return the sub-messages with the aggregate's message stream id and timestamps moved so that the first one
     *         has the aggregate's timestamp (spec 7.1.6)
     */
    public static List<RtmpMessage> split(RtmpMessage aggregate) {
        if (aggregate.typeId() != MessageType.AGGREGATE.id()) {
            throw new IllegalArgumentException("not an aggregate message: " + aggregate);
        }
        ByteBuf in = Unpooled.wrappedBuffer(aggregate.payload());
        List<RtmpMessage> messages = new ArrayList<>();
        long offset = 0;
        while (in.isReadable()) {
            int at = in.readerIndex();
            if (in.readableBytes() < SUB_HEADER) {
                throw new RtmpProtocolException("RTMP: aggregate message truncated at offset " + at + ": need "
                        + SUB_HEADER + " header bytes, have " + in.readableBytes());
            }
            int type = in.readUnsignedByte();
            int size = in.readUnsignedMedium();
            // FLV-style timestamp: 24 low bits, then the high 8 bits
            long timestamp = in.readUnsignedMedium() | ((long) in.readUnsignedByte() << 24);
            in.skipBytes(3); // sub-message stream id: overridden by the aggregate's
            if (in.readableBytes() < size) {
                throw new RtmpProtocolException("RTMP: aggregate sub-message at offset " + at + " declares " + size
                        + " bytes, only " + in.readableBytes() + " remain");
            }
            byte[] body = new byte[size];
            in.readBytes(body);
            in.skipBytes(Math.min(BACK_POINTER, in.readableBytes()));
            if (messages.isEmpty()) {
                offset = aggregate.timestamp() - timestamp;
            }
            long shifted = (timestamp + offset) & RtmpMessage.MAX_TIMESTAMP;
            messages.add(new RtmpMessage(type, shifted, aggregate.messageStreamId(), body));
        }
        return messages;
    }
}
