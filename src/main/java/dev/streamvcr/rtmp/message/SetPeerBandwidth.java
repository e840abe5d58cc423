package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.WireIdTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/** Set Peer Bandwidth (RTMP spec 5.4.5): limit the peer's output bandwidth. */
public record SetPeerBandwidth(long windowSize, LimitType limitType) {
    public enum LimitType {
        HARD(0),
        SOFT(1),
        DYNAMIC(2);

        private static final WireIdTable<LimitType> BY_ID = WireIdTable.of(values(), type -> type.id);
        private final int id;

        LimitType(int id) {
            this.id = id;
        }
    }

    public SetPeerBandwidth {
        Objects.requireNonNull(limitType, "limitType");
    }

    public RtmpMessage toMessage() {
        byte[] payload = new byte[5];
        Unpooled.wrappedBuffer(payload).writerIndex(0).writeInt((int) windowSize)
                .writeByte(limitType.id);
        return new RtmpMessage(MessageType.SET_PEER_BANDWIDTH, 0, 0, payload);
    }

    public static SetPeerBandwidth from(RtmpMessage message) {
        ByteBuf in = Payloads.open(message, MessageType.SET_PEER_BANDWIDTH, 5);
        long size = in.readUnsignedInt();
        int id = in.readUnsignedByte();
        LimitType type = LimitType.BY_ID.get(id);
        if (type == null) {
            throw new RtmpProtocolException("RTMP: Set Peer Bandwidth limit type " + id
                    + " is invalid (spec 5.4.5: 0 hard, 1 soft, 2 dynamic)");
        }
        return new SetPeerBandwidth(size, type);
    }
}
