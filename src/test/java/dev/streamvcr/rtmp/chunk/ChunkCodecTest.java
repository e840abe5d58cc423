package dev.streamvcr.rtmp.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.message.Abort;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private static RtmpMessage video(long timestamp, int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31 + length);
        }
        return new RtmpMessage(MessageType.VIDEO, timestamp, 1, payload);
    }

    private static List<RtmpMessage> decodeAll(ChunkDecoder decoder, ByteBuf in) {
        List<RtmpMessage> out = new ArrayList<>();
        RtmpMessage message;
        while ((message = decoder.decode(in)) != null) {
            out.add(message);
        }
        assertEquals(0, in.readableBytes(), "decoder consumes everything it is given");
        return out;
    }

    private static byte[] encode(ChunkEncoder encoder, int csid, RtmpMessage... messages) {
        ByteBuf out = Unpooled.buffer();
        for (RtmpMessage message : messages) {
            encoder.encode(csid, message, out);
        }
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static String decodeError(ChunkDecoder decoder, byte[] bytes) {
        return assertThrows(RtmpProtocolException.class,
                () -> decodeAll(decoder, Unpooled.wrappedBuffer(bytes))).getMessage();
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 4096})
    void payloadsAroundTheChunkSizeRoundTrip(int chunkSize) {
        ChunkEncoder encoder = new ChunkEncoder();
        List<RtmpMessage> sent = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer();
        if (chunkSize != 128) {
            RtmpMessage setChunkSize = new SetChunkSize(chunkSize).toMessage();
            encoder.encode(2, setChunkSize, wire);
            sent.add(setChunkSize);
        }
        long timestamp = 0;
        for (int length : new int[] {0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3 * chunkSize + 7}) {
            RtmpMessage message = video(timestamp += 40, length);
            encoder.encode(6, message, wire);
            sent.add(message);
        }
        ChunkDecoder decoder = new ChunkDecoder();
        assertEquals(sent, decodeAll(decoder, wire));
        assertEquals(chunkSize, decoder.chunkSize());
    }

    @Test
    void chunkCountFollowsTheChunkSize() {
        // 129 bytes at 128: 12-byte header, 128 bytes, a 1-byte type 3 header, 1 byte
        byte[] bytes = encode(new ChunkEncoder(), 4, video(0, 129));
        assertEquals(12 + 128 + 1 + 1, bytes.length);
        assertEquals((byte) 0xC4, bytes[12 + 128]);
        assertEquals(12 + 128, encode(new ChunkEncoder(), 4, video(0, 128)).length);
    }

    @ParameterizedTest
    @ValueSource(longs = {0xFFFFFEL, 0xFFFFFFL, 0x1000000L, 0xFFFFFFFFL})
    void timestampsAroundTheExtendedThresholdRoundTrip(long timestamp) {
        ChunkEncoder encoder = new ChunkEncoder();
        RtmpMessage first = video(timestamp, 300);
        byte[] bytes = encode(encoder, 4, first);
        boolean extended = timestamp >= 0xFFFFFF;
        int header = 12 + (extended ? 4 : 0);
        assertEquals(header + 300 + 2 * (1 + (extended ? 4 : 0)), bytes.length);
        if (extended) {
            // spec 5.3.1.3: the extended timestamp repeats after each type 3 basic header
            assertArrayEquals(new byte[] {(byte) 0xC4, (byte) (timestamp >>> 24), (byte) (timestamp >>> 16),
                    (byte) (timestamp >>> 8), (byte) timestamp},
                    java.util.Arrays.copyOfRange(bytes, header + 128, header + 128 + 5));
        }
        assertEquals(List.of(first), decodeAll(new ChunkDecoder(), Unpooled.wrappedBuffer(bytes)));
    }

    @Test
    void extendedDeltasAndRepeatedDeltasRoundTrip() {
        ChunkEncoder encoder = new ChunkEncoder();
        List<RtmpMessage> sent = List.of(video(0, 10), video(0x1000000, 10), video(0x1000021, 10),
                video(0x1000042, 10), video(0x1000063, 200), video(0x2000063, 200), video(5, 200));
        ByteBuf wire = Unpooled.buffer();
        List<Integer> formats = new ArrayList<>();
        for (RtmpMessage message : sent) {
            int before = wire.writerIndex();
            encoder.encode(4, message, wire);
            formats.add(wire.getUnsignedByte(before) >>> 6);
        }
        // first: type 0; extended delta 0x1000000: type 2; new delta 33: type 2; same delta again: type 3;
        // new length: type 1; same length, extended delta: type 2; timestamp going backwards: type 0
        assertEquals(List.of(0, 2, 2, 3, 1, 2, 0), formats);
        assertEquals(sent, decodeAll(new ChunkDecoder(), wire));
    }

    @Test
    void interleavedChunkStreamsReassembleSeparately() {
        // audio on csid 4 and video on csid 6, both 300 bytes: three chunks each at 128, sent alternately
        byte[] audio = encode(new ChunkEncoder(), 4, new RtmpMessage(MessageType.AUDIO, 10, 1, video(0, 300).payload()));
        byte[] videoBytes = encode(new ChunkEncoder(), 6, video(20, 300));
        int[] audioCuts = {0, 12 + 128, 12 + 128 + 129, audio.length};
        ByteBuf wire = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            wire.writeBytes(audio, audioCuts[i], audioCuts[i + 1] - audioCuts[i]);
            wire.writeBytes(videoBytes, audioCuts[i], audioCuts[i + 1] - audioCuts[i]);
        }
        List<RtmpMessage> decoded = decodeAll(new ChunkDecoder(), wire);
        assertEquals(2, decoded.size());
        assertEquals(MessageType.AUDIO, decoded.get(0).type());
        assertEquals(10, decoded.get(0).timestamp());
        assertEquals(video(20, 300), decoded.get(1));
    }

    @Test
    void chunkSizeChangeAppliesFromTheNextChunkEvenInsideAnotherMessage() {
        ChunkEncoder encoder = new ChunkEncoder();
        byte[] first = encode(encoder, 6, video(0, 300));
        // the first 128-byte chunk of a 300-byte message, then Set Chunk Size 4096, then the rest in one chunk
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(first, 0, 12 + 128);
        encoder.encode(2, new SetChunkSize(4096).toMessage(), wire);
        wire.writeByte(0xC6);
        wire.writeBytes(first, 12 + 128 + 1, 128);
        wire.writeBytes(first, 12 + 128 + 1 + 128 + 1, 300 - 256);
        List<RtmpMessage> decoded = decodeAll(new ChunkDecoder(), wire);
        assertEquals(List.of(new SetChunkSize(4096).toMessage(), video(0, 300)), decoded);
    }

    @Test
    void oneByteAtATimeGivesTheSameMessages() {
        ChunkEncoder encoder = new ChunkEncoder();
        ByteBuf wire = Unpooled.buffer();
        List<RtmpMessage> sent = new ArrayList<>();
        sent.add(new SetChunkSize(200).toMessage());
        sent.add(video(0xFFFFFF, 450));
        sent.add(video(0x1000010, 0));
        sent.add(new RtmpMessage(MessageType.AUDIO, 7, 1, new byte[] {1, 2, 3}));
        int[] csids = {2, 70, 70, 400};
        for (int i = 0; i < sent.size(); i++) {
            encoder.encode(csids[i], sent.get(i), wire);
        }
        ChunkDecoder decoder = new ChunkDecoder();
        List<RtmpMessage> decoded = new ArrayList<>();
        while (wire.isReadable()) {
            RtmpMessage message = decoder.decode(wire.readSlice(1));
            if (message != null) {
                decoded.add(message);
            }
        }
        assertEquals(sent, decoded);
        assertEquals(wire.writerIndex(), decoder.position());
    }

    @Test
    void basicHeaderFormsCoverAllChunkStreamIds() {
        assertEquals(0x3F, encode(new ChunkEncoder(), 63, video(0, 1))[0]);
        assertArrayEquals(hex("00 00"), java.util.Arrays.copyOf(encode(new ChunkEncoder(), 64, video(0, 1)), 2));
        assertArrayEquals(hex("00 FF"), java.util.Arrays.copyOf(encode(new ChunkEncoder(), 319, video(0, 1)), 2));
        assertArrayEquals(hex("01 00 01"), java.util.Arrays.copyOf(encode(new ChunkEncoder(), 320, video(0, 1)), 3));
        assertArrayEquals(hex("01 FF FF"), java.util.Arrays.copyOf(encode(new ChunkEncoder(), 65599, video(0, 1)), 3));
        for (int csid : new int[] {2, 63, 64, 319, 320, 65599}) {
            assertEquals(List.of(video(9, 300)),
                    decodeAll(new ChunkDecoder(), Unpooled.wrappedBuffer(encode(new ChunkEncoder(), csid, video(9, 300)))));
        }
        assertThrows(IllegalArgumentException.class, () -> encode(new ChunkEncoder(), 1, video(0, 1)));
    }

    @Test
    void capturedType3AfterType0KeepsTheTimestamp() {
        // nginx-rtmp / librtmp reading: a type 3 header that starts a message after type 0 has delta 0
        List<RtmpMessage> decoded = decodeAll(new ChunkDecoder(),
                Unpooled.wrappedBuffer(hex("04 000064 000001 08 01000000 AA  C4 BB  84 000021 CC  C4 DD")));
        assertEquals(List.of(100L, 100L, 133L, 166L), decoded.stream().map(RtmpMessage::timestamp).toList());
    }

    @Test
    void capturedExtendedTimestampOnContinuationChunks() {
        // type 0 with timestamp 0x01000000 in the extended field, 130 bytes: continuation repeats the field
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(hex("04 FFFFFF 000082 09 01000000 01000000"));
        wire.writeZero(128);
        wire.writeBytes(hex("C4 01000000 5A5A"));
        RtmpMessage message = decodeAll(new ChunkDecoder(), wire).get(0);
        assertEquals(0x01000000L, message.timestamp());
        assertEquals(130, message.payload().length);
        assertEquals(0x5A, message.payload()[129]);
    }

    /**
     * Two 6-byte video messages on chunk stream 4: a type 0 header with {@code timestamp}, then a type 3 header that
     * starts the second message, carrying the extended timestamp field only if {@code repeatField}.
     */
    private static ByteBuf type0ThenType3(long timestamp, boolean repeatField, byte[] first, byte[] second) {
        boolean extended = timestamp >= 0xFFFFFF;
        ByteBuf wire = Unpooled.buffer();
        wire.writeByte(0x04).writeMedium(extended ? 0xFFFFFF : (int) timestamp).writeMedium(6).writeByte(9)
                .writeIntLE(1);
        if (extended) {
            wire.writeInt((int) timestamp);
        }
        wire.writeBytes(first).writeByte(0xC4);
        if (repeatField) {
            wire.writeInt((int) timestamp);
        }
        return wire.writeBytes(second);
    }

    @ParameterizedTest
    @ValueSource(longs = {0xFFFFFEL, 0xFFFFFFL, 0x1000000L, 0xFFFFFFFFL})
    void type3HeaderStartingAMessageMayLeaveOutTheExtendedTimestamp(long timestamp) {
        byte[] first = hex("17 01 000000 AA");
        byte[] second = hex("27 01 000021 BB");
        List<RtmpMessage> expected = List.of(new RtmpMessage(MessageType.VIDEO, timestamp, 1, first),
                new RtmpMessage(MessageType.VIDEO, timestamp, 1, second));
        boolean extended = timestamp >= 0xFFFFFF;
        // spec 5.3.1.3 (Flash, FMS): the field is repeated; librtmp, starting a message at the same time: left out
        for (boolean repeatField : extended ? new boolean[] {true, false} : new boolean[] {false}) {
            ByteBuf wire = type0ThenType3(timestamp, repeatField, first, second);
            assertEquals(expected, decodeAll(new ChunkDecoder(), wire.copy()), "field repeated: " + repeatField);
            ChunkDecoder decoder = new ChunkDecoder();
            List<RtmpMessage> byteByByte = new ArrayList<>();
            while (wire.isReadable()) {
                RtmpMessage message = decoder.decode(wire.readSlice(1));
                if (message != null) {
                    byteByByte.add(message);
                }
            }
            assertEquals(expected, byteByByte, "one byte at a time, field repeated: " + repeatField);
        }
    }

    @Test
    void extendedTimestampIsRecognisedByItsValue() {
        // a payload that starts with the very value of the field cannot be told from it: it is taken for the field
        byte[] first = hex("17 01 000000 AA");
        byte[] lookalike = hex("01000000 CC DD");
        ByteBuf wire = type0ThenType3(0x01000000, false, first, lookalike);
        wire.writeBytes(hex("CC DD 0000 0000"));
        List<RtmpMessage> decoded = decodeAll(new ChunkDecoder(), wire);
        assertArrayEquals(hex("CC DD CC DD 0000"), decoded.get(1).payload());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 100})
    void continuationChunkMayLeaveOutTheExtendedTimestamp(int tail) {
        // older ffmpeg and nginx-rtmp: type 0 with an extended timestamp, then a bare type 3 continuation header
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(hex("04 FFFFFF")).writeMedium(128 + tail).writeBytes(hex("09 01000000 01000000"));
        wire.writeZero(128);
        wire.writeByte(0xC4);
        for (int i = 0; i < tail; i++) {
            wire.writeByte(0x5A);
        }
        RtmpMessage message = decodeAll(new ChunkDecoder(), wire).get(0);
        assertEquals(0x01000000L, message.timestamp());
        assertEquals(128 + tail, message.payload().length);
        assertEquals(0x5A, message.payload()[128]);
        assertEquals(0x5A, message.payload()[127 + tail]);
    }

    @Test
    void chunkOfFewerThan4BytesAlwaysCarriesTheExtendedTimestamp() {
        // 131 bytes at 128: the 3-byte continuation cannot hold the 4 bytes in question, so the spec decides
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(hex("04 FFFFFF 000083 09 01000000 01000000"));
        wire.writeZero(128);
        wire.writeBytes(hex("C4 02000000 5A5A5A"));
        RtmpMessage message = decodeAll(new ChunkDecoder(), wire).get(0);
        assertArrayEquals(hex("5A5A5A"), java.util.Arrays.copyOfRange(message.payload(), 128, 131));
    }

    @Test
    void abortDiscardsThePartialMessage() {
        ChunkEncoder encoder = new ChunkEncoder();
        byte[] big = encode(encoder, 6, video(0, 300));
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(big, 0, 12 + 128);
        encoder.encode(2, new Abort(6).toMessage(), wire);
        encoder.encode(6, video(50, 5), wire);
        ChunkDecoder decoder = new ChunkDecoder();
        assertEquals(List.of(new Abort(6).toMessage(), video(50, 5)), decodeAll(decoder, wire));
    }

    @Test
    void truncatedInputWaitsAndCompletesLater() {
        byte[] bytes = encode(new ChunkEncoder(), 4, video(0xFFFFFF, 200));
        ChunkDecoder decoder = new ChunkDecoder();
        for (int cut : new int[] {1, 5, 15, 16, 100, 144, 145, 148, bytes.length - 1}) {
            ChunkDecoder fresh = new ChunkDecoder();
            assertNull(fresh.decode(Unpooled.wrappedBuffer(bytes, 0, cut)), "cut at " + cut);
            assertEquals(video(0xFFFFFF, 200),
                    fresh.decode(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut)), "cut at " + cut);
        }
        assertEquals(video(0xFFFFFF, 200), decoder.decode(Unpooled.wrappedBuffer(bytes)));
    }

    @Test
    void headerWithoutAnEarlierType0Fails() {
        assertEquals("RTMP chunk stream 4 at byte 0: header type 1 without an earlier type 0 header on this chunk"
                + " stream", decodeError(new ChunkDecoder(), hex("44 000000 000001 09")));
        assertEquals("RTMP chunk stream 5 at byte 13: header type 3 without an earlier type 0 header on this chunk"
                + " stream", decodeError(new ChunkDecoder(), hex("04 000000 000001 09 01000000 AA C5")));
    }

    @Test
    void flippedContinuationHeaderFails() {
        byte[] bytes = encode(new ChunkEncoder(), 4, video(0, 200));
        bytes[12 + 128] = 0x04; // type 3 continuation turned into a type 0 header
        ChunkDecoder decoder = new ChunkDecoder();
        String expected = "RTMP chunk stream 4 at byte 140: header type 0 while a message is incomplete (128 of"
                + " 200 bytes); spec 5.3.1.2 continues messages with type 3";
        assertEquals(expected, decodeError(decoder, bytes));
        assertEquals(expected, assertThrows(RtmpProtocolException.class,
                () -> decoder.decode(Unpooled.wrappedBuffer(new byte[] {0}))).getMessage(), "stays failed");
    }

    @Test
    void invalidSetChunkSizeFails() {
        assertEquals("RTMP chunk stream 2 at byte 0: RTMP: Set Chunk Size 0 is invalid (spec 5.4.1 allows 1 to"
                + " 2147483647)", decodeError(new ChunkDecoder(), hex("02 000000 000004 01 00000000 00000000")));
        assertEquals("RTMP chunk stream 2 at byte 0: RTMP: Set Chunk Size 2147483648 is invalid (spec 5.4.1 allows"
                + " 1 to 2147483647)", decodeError(new ChunkDecoder(), hex("02 000000 000004 01 00000000 80000000")));
    }

    @Test
    void oversizedMessageFailsAtItsHeaderBeforeAnyPayload() {
        // only the 12 header bytes are fed: the length alone must be refused
        assertEquals("RTMP chunk stream 6 at byte 0: message of 16777215 bytes is over the limit of 8388608 bytes",
                decodeError(new ChunkDecoder(), hex("06 000000 FFFFFF 09 01000000")));
        assertEquals("RTMP chunk stream 3 at byte 0: message of 1001 bytes is over the limit of 1000 bytes",
                decodeError(new ChunkDecoder(1000), hex("03 000000 0003E9 14 00000000")));
    }

    @Test
    void incompleteMessagesAcrossChunkStreamsAreBounded() {
        ChunkDecoder decoder = new ChunkDecoder(1000);
        ByteBuf wire = Unpooled.buffer();
        for (int csid = 4; csid <= 6; csid++) {
            wire.writeByte(csid).writeMedium(0).writeMedium(1000).writeByte(9).writeIntLE(1).writeZero(128);
        }
        RtmpProtocolException e = assertThrows(RtmpProtocolException.class, () -> decodeAll(decoder, wire));
        assertEquals("RTMP chunk stream 6 at byte 280: a 1000-byte message would make 3000 bytes of incomplete"
                + " messages, over the limit of 2000", e.getMessage());
    }
}
