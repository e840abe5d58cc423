package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class MediaHeaderTest {

    private static MediaHeader parse(TagType type, int... bytes) {
        Buffer body = Buffer.buffer();
        for (int b : bytes) {
            body.appendByte((byte) b);
        }
        return MediaHeader.parse(type, body);
    }

    private static MediaHeader parse(TagType type, int first, String fourCc, int... rest) {
        Buffer body = Buffer.buffer().appendByte((byte) first).appendString(fourCc);
        for (int b : rest) {
            body.appendByte((byte) b);
        }
        return MediaHeader.parse(type, body);
    }

    @Test
    void avc() {
        assertEquals(new MediaHeader(TagType.VIDEO, true, false, "H.264"), parse(TagType.VIDEO, 0x17, 0x00, 0, 0, 0));
        assertEquals(new MediaHeader(TagType.VIDEO, false, true, "H.264"), parse(TagType.VIDEO, 0x17, 0x01, 0, 0, 0));
        assertEquals(new MediaHeader(TagType.VIDEO, false, false, "H.264"), parse(TagType.VIDEO, 0x27, 0x01, 0, 0, 0));
        // Video info/command frame (frame type 5) is not a keyframe.
        assertEquals(new MediaHeader(TagType.VIDEO, false, false, "H.264"), parse(TagType.VIDEO, 0x57, 0x01));
    }

    @Test
    void legacyCodecsWithoutPacketType() {
        assertEquals(new MediaHeader(TagType.VIDEO, false, true, "VP6"), parse(TagType.VIDEO, 0x14, 0x00));
        assertEquals(new MediaHeader(TagType.VIDEO, false, true, "H.265"), parse(TagType.VIDEO, 0x1C, 0x01));
        assertEquals(new MediaHeader(TagType.VIDEO, true, false, "H.265"), parse(TagType.VIDEO, 0x1C, 0x00));
    }

    @Test
    void enhancedRtmpVideo() {
        // IsExHeader | FrameType 1 | PacketType 0 (SequenceStart), FourCC.
        assertEquals(new MediaHeader(TagType.VIDEO, true, false, "H.265"), parse(TagType.VIDEO, 0x90, "hvc1"));
        // PacketType 1 (CodedFrames) and 3 (CodedFramesX) keyframes.
        assertEquals(new MediaHeader(TagType.VIDEO, false, true, "H.265"), parse(TagType.VIDEO, 0x91, "hvc1", 0, 0, 0));
        assertEquals(new MediaHeader(TagType.VIDEO, false, true, "AV1"), parse(TagType.VIDEO, 0x93, "av01"));
        assertEquals(new MediaHeader(TagType.VIDEO, false, false, "VP9"), parse(TagType.VIDEO, 0xA3, "vp09"));
        // PacketType 4 (Metadata) with key frame type is still not a picture.
        assertEquals(new MediaHeader(TagType.VIDEO, false, false, "AV1"), parse(TagType.VIDEO, 0x94, "av01"));
    }

    @Test
    void audio() {
        assertEquals(new MediaHeader(TagType.AUDIO, true, false, "AAC"), parse(TagType.AUDIO, 0xAF, 0x00, 0x12, 0x10));
        assertEquals(new MediaHeader(TagType.AUDIO, false, false, "AAC"), parse(TagType.AUDIO, 0xAF, 0x01));
        assertEquals(new MediaHeader(TagType.AUDIO, false, false, "MP3"), parse(TagType.AUDIO, 0x2F, 0x00));
        assertEquals(new MediaHeader(TagType.AUDIO, false, false, "Speex"), parse(TagType.AUDIO, 0xB6));
    }

    @Test
    void enhancedRtmpAudio() {
        assertEquals(new MediaHeader(TagType.AUDIO, true, false, "Opus"), parse(TagType.AUDIO, 0x90, "Opus"));
        assertEquals(new MediaHeader(TagType.AUDIO, false, false, "FLAC"), parse(TagType.AUDIO, 0x91, "fLaC"));
    }

    @Test
    void emptyBodyHasNoCodec() {
        assertEquals(new MediaHeader(TagType.VIDEO, false, false, null), parse(TagType.VIDEO));
    }

    @Test
    void scriptDataHasNoMediaHeader() {
        assertThrows(IllegalArgumentException.class, () -> parse(TagType.SCRIPT_DATA, 2));
    }
}
