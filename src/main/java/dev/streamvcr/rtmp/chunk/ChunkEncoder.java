package dev.streamvcr.rtmp.chunk;

import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;

/**
 * Chunk stream encoder (RTMP spec 5.3) for the sending direction of one connection.
 *
 * <p>The first message on a chunk stream, a change of message stream or a timestamp going backwards gets a type 0
 * header; a change of type or length a type 1; otherwise a type 2 with the delta, or type 3 when the delta repeats
 * an explicit type 1/2 delta. Timestamps or deltas of 0xFFFFFF and more use the extended timestamp field, repeated
 * in every type 3 chunk of that message (spec 5.3.1.3). Sending a Set Chunk Size message switches the chunk size for
 * everything after it (spec 5.4.1).
 */
public final class ChunkEncoder {
    private static final int TIMESTAMP_ESCAPE = 0xFF_FFFF;

    private final ChunkDirectionState outbound = new ChunkDirectionState();

    /** @return the chunk size used for the next message */
    public int chunkSize() {
        return outbound.chunkSize;
    }

    /** Writes {@code message} as chunks on chunk stream {@code chunkStreamId} (2..65599) to {@code out}. */
    public void encode(int chunkStreamId, RtmpMessage message, ByteBuf out) {
        if (chunkStreamId < ChunkDirectionState.MIN_CHUNK_STREAM_ID
                || chunkStreamId > ChunkDirectionState.MAX_CHUNK_STREAM_ID) {
            throw new IllegalArgumentException("chunk stream id " + chunkStreamId + " is outside 2..65599");
        }
        ChunkStreamState stream = outbound.stream(chunkStreamId);
        byte[] payload = message.payload();
        long timestamp = message.timestamp();
        long delta = timestamp - stream.timestamp;

        int format;
        if (!stream.hasHeader || message.messageStreamId() != stream.messageStreamId || delta < 0) {
            format = 0;
        } else if (message.typeId() != stream.typeId || payload.length != stream.messageLength) {
            format = 1;
        } else if (delta != stream.timestampDelta || !stream.deltaExplicit || stream.extendedTimestamp) {
            // type 3 after type 0 is read differently by different peers; spell the delta out instead
            format = 2;
        } else {
            format = 3;
        }

        long field = format == 0 ? timestamp : delta;
        boolean extended = format == 3 ? stream.extendedTimestamp : field >= TIMESTAMP_ESCAPE;
        writeBasicHeader(out, format, chunkStreamId);
        if (format <= 2) {
            out.writeMedium(extended ? TIMESTAMP_ESCAPE : (int) field);
        }
        if (format <= 1) {
            out.writeMedium(payload.length);
            out.writeByte(message.typeId());
        }
        if (format == 0) {
            out.writeIntLE(message.messageStreamId());
        }
        if (extended) {
            out.writeInt((int) field);
        }

        stream.hasHeader = true;
        stream.timestamp = timestamp;
        stream.messageLength = payload.length;
        stream.typeId = message.typeId();
        stream.messageStreamId = message.messageStreamId();
        if (format <= 2) {
            stream.timestampDelta = format == 0 ? 0 : delta;
            stream.deltaExplicit = format != 0;
            stream.extendedTimestamp = extended;
        }

        int chunkSize = outbound.chunkSize;
        for (int offset = 0; offset < payload.length; offset += chunkSize) {
            if (offset > 0) {
                writeBasicHeader(out, 3, chunkStreamId);
                if (extended) {
                    out.writeInt((int) field);
                }
            }
            out.writeBytes(payload, offset, Math.min(chunkSize, payload.length - offset));
        }

        if (message.typeId() == MessageType.SET_CHUNK_SIZE.id()) {
            outbound.chunkSize = SetChunkSize.from(message).chunkSize();
        }
    }

    /** spec 5.3.1.1: ids 2..63 in one byte, 64..319 in two, up to 65599 in three. */
    private static void writeBasicHeader(ByteBuf out, int format, int chunkStreamId) {
        if (chunkStreamId < 64) {
            out.writeByte(format << 6 | chunkStreamId);
        } else if (chunkStreamId < 320) {
            out.writeByte(format << 6);
            out.writeByte(chunkStreamId - 64);
        } else {
            out.writeByte(format << 6 | 1);
            out.writeShortLE(chunkStreamId - 64);
        }
    }
}
