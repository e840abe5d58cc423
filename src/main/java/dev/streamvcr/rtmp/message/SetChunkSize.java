package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.RtmpProtocolException;

/** Set Chunk Size (RTMP spec 5.4.1): the sender's chunk size for all its following chunks. */
public record SetChunkSize(int chunkSize) {
    public SetChunkSize {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is outside 1..2147483647");
        }
    }

    public RtmpMessage toMessage() {
        return Payloads.control(MessageType.SET_CHUNK_SIZE, chunkSize);
    }

    public static SetChunkSize from(RtmpMessage message) {
        long value = Payloads.open(message, MessageType.SET_CHUNK_SIZE, 4).readUnsignedInt();
        // spec 5.4.1: bit 0 MUST be zero; valid sizes are 1 to 2147483647
        if (value == 0 || value > Integer.MAX_VALUE) {
            throw new RtmpProtocolException("RTMP: Set Chunk Size " + value
                    + " is invalid (spec 5.4.1 allows 1 to 2147483647)");
        }
        return new SetChunkSize((int) value);
    }
}
