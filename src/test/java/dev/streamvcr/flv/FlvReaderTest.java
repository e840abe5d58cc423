package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlvReaderTest {

    private static final Buffer VIDEO_BODY = Buffer.buffer(new byte[] {0x17, 0x01, 0});
    private static final Buffer AUDIO_BODY = Buffer.buffer(new byte[] {(byte) 0xAF, 0x01});
    /** Offsets in {@link #twoTags()}: header 9 + PreviousTagSize0 4 = 13; video tag 14 + size 4. */
    private static final int FIRST_TAG = 13;
    private static final int SECOND_SIZE_FIELD = FIRST_TAG + 14;
    private static final int SECOND_TAG = SECOND_SIZE_FIELD + 4;

    private static Buffer twoTags() {
        return FlvFormat.fileStart(true, true)
                .appendBuffer(FlvFormat.tag(TagType.VIDEO, 0, VIDEO_BODY))
                .appendBuffer(FlvFormat.tag(TagType.AUDIO, 0x01234567L, AUDIO_BODY));
    }

    private static ByteBuf bytes(Buffer buffer) {
        return Unpooled.wrappedBuffer(buffer.getBytes());
    }

    private static FlvFormatException failure(Buffer input) {
        return assertThrows(FlvFormatException.class, () -> FlvReader.readAll(bytes(input)));
    }

    @Test
    void readsHeaderAndTags() {
        FlvReader reader = new FlvReader();
        ByteBuf in = bytes(twoTags());
        List<FlvTag> tags = new ArrayList<>();
        for (FlvTag tag = reader.next(in); tag != null; tag = reader.next(in)) {
            tags.add(tag);
        }
        reader.finish(in);

        assertEquals(new FlvHeader(1, true, true, 9), reader.header());
        assertEquals(List.of(
                new FlvTag(FIRST_TAG, TagType.VIDEO, 0, VIDEO_BODY),
                new FlvTag(SECOND_TAG, TagType.AUDIO, 0x01234567L, AUDIO_BODY)), tags);
    }

    @Test
    void timestampExtendedByteHoldsBitsAbove24() {
        Buffer file = twoTags();
        // Timestamp UI24 then TimestampExtended UI8 (FLV spec E.4.1).
        assertEquals(0x234567, file.getMedium(SECOND_TAG + 4));
        assertEquals(0x01, file.getByte(SECOND_TAG + 7));
    }

    @Test
    void byteByByteInputGivesTheSameTags() {
        Buffer file = twoTags();
        FlvReader reader = new FlvReader();
        ByteBuf in = Unpooled.buffer();
        List<FlvTag> tags = new ArrayList<>();
        for (int i = 0; i < file.length(); i++) {
            in.writeByte(file.getByte(i));
            FlvTag tag = reader.next(in);
            if (tag != null) {
                tags.add(tag);
            }
        }
        reader.finish(in);
        assertEquals(FlvReader.readAll(bytes(file)), tags);
    }

    @Test
    void skipsHeaderExtensionDeclaredByDataOffset() {
        Buffer file = Buffer.buffer().appendString("FLV").appendByte((byte) 1).appendByte((byte) 1).appendInt(12)
                .appendBytes(new byte[] {7, 7, 7}).appendInt(0)
                .appendBuffer(FlvFormat.tag(TagType.VIDEO, 5, VIDEO_BODY));
        List<FlvTag> tags = FlvReader.readAll(bytes(file));
        assertEquals(List.of(new FlvTag(16, TagType.VIDEO, 5, VIDEO_BODY)), tags);
    }

    @Test
    void emptyFileIsReportedAsMissingHeader() {
        assertEquals("input ends before the header (at byte 0)", failure(Buffer.buffer()).getMessage());
    }

    @Test
    void headerOnlyFileWithPreviousTagSize0IsValid() {
        assertEquals(List.of(), FlvReader.readAll(bytes(FlvFormat.fileStart(false, true))));
    }

    @Test
    void rejectsWrongSignature() {
        Buffer file = twoTags().setByte(2, (byte) 'X');
        assertEquals("signature is 0x46 0x4C 0x58, expected 'FLV' (at byte 0)", failure(file).getMessage());
    }

    @Test
    void rejectsUnknownVersion() {
        Buffer file = twoTags().setByte(3, (byte) 2);
        assertEquals("version is 2, only 1 is defined (at byte 3)", failure(file).getMessage());
    }

    @Test
    void rejectsDataOffsetInsideHeader() {
        Buffer file = twoTags().setInt(5, 8);
        assertEquals("DataOffset is 8, below the header size 9 (at byte 5)", failure(file).getMessage());
    }

    @Test
    void rejectsNonZeroPreviousTagSize0() {
        Buffer file = twoTags().setInt(9, 5);
        assertEquals("PreviousTagSize0 is 5, must be 0 (at byte 9)", failure(file).getMessage());
    }

    @Test
    void rejectsPreviousTagSizeThatDoesNotMatchTag() {
        Buffer file = twoTags().setInt(SECOND_SIZE_FIELD, 20);
        FlvFormatException error = failure(file);
        assertEquals("PreviousTagSize is 20, expected 14 for the tag at byte 13 (at byte 27)", error.getMessage());
        assertEquals(SECOND_SIZE_FIELD, error.offset());
    }

    @Test
    void rejectsUnknownTagType() {
        Buffer file = twoTags().setByte(FIRST_TAG, (byte) 7);
        assertEquals("tag type is 7, expected 8 (audio), 9 (video) or 18 (script data) (at byte 13)",
                failure(file).getMessage());
    }

    @Test
    void rejectsFilteredTag() {
        Buffer file = twoTags().setByte(FIRST_TAG, (byte) 0x29);
        assertEquals("tag has the Filter bit set; encrypted tags are not supported (at byte 13)",
                failure(file).getMessage());
    }

    @Test
    void rejectsReservedTagBits() {
        Buffer file = twoTags().setByte(FIRST_TAG, (byte) 0x49);
        assertEquals("tag's reserved bits are set (first byte 0x49), must be 0 (at byte 13)",
                failure(file).getMessage());
    }

    @Test
    void rejectsNonZeroStreamId() {
        Buffer file = twoTags().setMedium(FIRST_TAG + 8, 1);
        assertEquals("tag's StreamID is 1, must be 0 (at byte 13)", failure(file).getMessage());
    }

    @Test
    void rejectsTruncatedTag() {
        Buffer file = twoTags().getBuffer(0, FIRST_TAG + 5);
        assertEquals("input ends inside the tag, 5 of its bytes present (at byte 13)", failure(file).getMessage());
    }

    @Test
    void rejectsTruncatedBody() {
        Buffer file = twoTags().getBuffer(0, FIRST_TAG + 12);
        assertEquals("input ends inside the tag, 12 of its bytes present (at byte 13)", failure(file).getMessage());
    }

    @Test
    void rejectsMissingFinalPreviousTagSize() {
        Buffer full = twoTags();
        Buffer file = full.getBuffer(0, full.length() - 4);
        assertEquals("input ends before the PreviousTagSize (at byte " + (full.length() - 4) + ")",
                failure(file).getMessage());
    }

    @Test
    void staysFailedAfterMalformedInput() {
        FlvReader reader = new FlvReader();
        ByteBuf in = bytes(twoTags().setByte(FIRST_TAG, (byte) 7));
        FlvFormatException first = assertThrows(FlvFormatException.class, () -> reader.next(in));
        assertSame(first, assertThrows(FlvFormatException.class, () -> reader.next(in)));
        assertSame(first, assertThrows(FlvFormatException.class, () -> reader.finish(in)));
    }

    @Test
    void waitsForMoreInputWithoutConsumingPartialTag() {
        FlvReader reader = new FlvReader();
        ByteBuf in = bytes(twoTags().getBuffer(0, FIRST_TAG + 11));
        assertNull(reader.next(in));
        assertEquals(11, in.readableBytes());
        assertEquals(FIRST_TAG, reader.offset());
    }

    @Test
    void readsFileLargerThanItsReadChunk(@TempDir Path dir) throws Exception {
        Buffer file = FlvFormat.fileStart(false, true);
        Buffer body = Buffer.buffer(new byte[10_000]).setByte(0, (byte) 0x27);
        for (int i = 0; i < 20; i++) {
            file.appendBuffer(FlvFormat.tag(TagType.VIDEO, i * 40L, body));
        }
        Path path = dir.resolve("large.flv");
        Files.write(path, file.getBytes());

        List<Long> timestamps = new ArrayList<>();
        FlvHeader header = FlvReader.readFile(path, tag -> timestamps.add(tag.timestamp()));

        assertEquals(new FlvHeader(1, false, true, 9), header);
        assertEquals(20, timestamps.size());
        assertEquals(760L, timestamps.get(19));
    }

    @Test
    void readFileReportsTruncation(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("cut.flv");
        Buffer full = twoTags();
        Files.write(path, full.getBuffer(0, full.length() - 1).getBytes());
        FlvFormatException error = assertThrows(FlvFormatException.class, () -> FlvReader.readFile(path, tag -> { }));
        assertEquals(full.length() - 4, error.offset());
    }
}
