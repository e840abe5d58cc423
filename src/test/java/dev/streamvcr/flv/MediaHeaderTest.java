package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Hand-built bodies in the layouts of the FLV spec (E.4.2.1, E.4.3.1) and of Enhanced RTMP v2
 * (ExVideoTagHeader / ExAudioTagHeader with ModEx and multitrack), including the shapes ffmpeg 8
 * cannot send and so no real-peer test covers: ManyTracks, ManyTracksManyCodecs, ModEx, command frames.
 */
class MediaHeaderTest {

    private static final String VIDEO_START = "video track 0 sequence start";
    private static final String AUDIO_START = "audio track 0 sequence start";

    /** A body of bytes (ints) and four-character codes (strings), in order. */
    private static Buffer body(Object... parts) {
        Buffer body = Buffer.buffer();
        for (Object part : parts) {
            if (part instanceof String fourCc) {
                body.appendBytes(fourCc.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                body.appendByte((byte) (int) (Integer) part);
            }
        }
        return body;
    }

    private static MediaHeader video(Object... parts) {
        return MediaHeader.parse(TagType.VIDEO, body(parts));
    }

    private static MediaHeader audio(Object... parts) {
        return MediaHeader.parse(TagType.AUDIO, body(parts));
    }

    private static MediaHeader videoHeader(String slot, boolean keyframe, String codec) {
        return new MediaHeader(TagType.VIDEO, slot, keyframe, codec);
    }

    private static MediaHeader audioHeader(String slot, String codec) {
        return new MediaHeader(TagType.AUDIO, slot, false, codec);
    }

    @Test
    void avc() {
        assertEquals(videoHeader(VIDEO_START, false, "H.264"), video(0x17, 0x00, 0, 0, 0));
        assertTrue(video(0x17, 0x00, 0, 0, 0).sequenceHeader());
        assertEquals(videoHeader(null, true, "H.264"), video(0x17, 0x01, 0, 0, 0));
        assertEquals(videoHeader(null, false, "H.264"), video(0x27, 0x01, 0, 0, 0));
        // Video info/command frame (frame type 5) is not a keyframe.
        assertEquals(videoHeader(null, false, "H.264"), video(0x57, 0x01));
        // End of sequence, which ffmpeg marks with the keyframe type, holds no picture.
        assertEquals(videoHeader(null, false, "H.264"), video(0x17, 0x02, 0, 0, 0));
        // A body cut after the first byte has no packet type: no keyframe to start from.
        assertEquals(videoHeader(null, false, "H.264"), video(0x17));
    }

    @Test
    void legacyCodecsWithoutPacketType() {
        assertEquals(videoHeader(null, true, "VP6"), video(0x14, 0x00));
        assertEquals(videoHeader(null, true, "H.265"), video(0x1C, 0x01));
        assertEquals(videoHeader(VIDEO_START, false, "H.265"), video(0x1C, 0x00));
    }

    @Test
    void enhancedVideoPacketTypes() {
        // IsExHeader | FrameType 1 | PacketType 0 (SequenceStart), FourCC.
        assertEquals(videoHeader(VIDEO_START, false, "H.265"), video(0x90, "hvc1", 1, 2, 3));
        // PacketType 1 (CodedFrames, with composition time) and 3 (CodedFramesX) keyframes.
        assertEquals(videoHeader(null, true, "H.265"), video(0x91, "hvc1", 0, 0, 0, 9));
        assertEquals(videoHeader(null, true, "AV1"), video(0x93, "av01", 9));
        assertEquals(videoHeader(null, false, "VP9"), video(0xA3, "vp09", 9));
        assertEquals(videoHeader(null, false, "VP9"), video(0xA1, "vp09", 9));
        // PacketType 2 (SequenceEnd) is no picture even with the key frame type.
        assertEquals(videoHeader(null, false, "AV1"), video(0x92, "av01"));
        // PacketType 5 (MPEG2TSSequenceStart) configures AV1 like SequenceStart does.
        assertEquals(videoHeader(VIDEO_START, false, "AV1"), video(0x95, "av01", 0x81));
        assertEquals(videoHeader(null, true, "H.264"), video(0x91, "avc1", 0, 0, 0, 9));
        assertEquals(videoHeader(null, true, "av02"), video(0x91, "av02"));
    }

    @Test
    void enhancedVideoMetadataIsConfigurationNotAPicture() {
        // ffmpeg 8 sends colorInfo as FrameType 5 (command) | PacketType 4 (Metadata), then AMF0.
        MediaHeader metadata = video(0xD4, "hvc1", 0x02, 0x00, 0x09, "colo");
        assertEquals(videoHeader("video track 0 metadata", false, "H.265"), metadata);
        assertEquals(videoHeader("video track 0 metadata", false, "AV1"), video(0x94, "av01", 0x02));
    }

    @Test
    void enhancedVideoCommandFrameHasNoFourCc() {
        // FrameType 5 with another packet type: one VideoCommand byte (1 = StartSeek), no FourCC.
        assertEquals(videoHeader(null, false, null), video(0xD1, 0x01));
        assertEquals(videoHeader(null, false, null), video(0xD0));
    }

    @Test
    void modExPrefixesAreSkipped() {
        // PacketType 7 (ModEx): UI8 size-1 = 2, three bytes of data, then ModExType 0 | PacketType 1.
        assertEquals(videoHeader(null, true, "AV1"), video(0x97, 0x02, 0xAA, 0xBB, 0xCC, 0x01, "av01", 9));
        // Two ModEx in a row, the second with the UI16 size form (UI8 255, then size-1 = 0x0000: 1 byte).
        assertEquals(videoHeader(VIDEO_START, false, "H.265"),
                video(0x97, 0x00, 0xAA, 0x07, 0xFF, 0x00, 0x00, 0xBB, 0x00, "hvc1"));
        assertEquals(audioHeader(null, "Opus"), audio(0x97, 0x00, 0xAA, 0x01, "Opus", 9));
        assertEquals(audioHeader(AUDIO_START, "FLAC"), audio(0x97, 0x01, 0xAA, 0xBB, 0x00, "fLaC"));
    }

    @Test
    void multitrackVideoOneTrack() {
        // PacketType 6 (Multitrack): AvMultitrackType 0 (OneTrack) | PacketType, FourCC, UI8 trackId, body.
        // As ffmpeg 8 sends a second video track: track 0 stays in the legacy or plain ex header.
        assertEquals(videoHeader("video track 1 sequence start", false, null), video(0x96, 0x00, "avc1", 1, 1, 2));
        assertEquals(videoHeader(null, false, null), video(0x96, 0x01, "avc1", 1, 0, 0, 0, 9));
        assertEquals(videoHeader(null, false, null), video(0xA6, 0x03, "avc1", 1, 9));
        // Track 0 inside the wrapper is the main track: its keyframe is a place to start.
        assertEquals(videoHeader(null, true, "H.265"), video(0x96, 0x01, "hvc1", 0, 0, 0, 0, 9));
        assertEquals(videoHeader("video track 2 metadata", false, null), video(0x96, 0x04, "hvc1", 2, 9));
        // The spec checks for a command frame before it unwraps the multitrack: FrameType 5 here is a command.
        assertEquals(videoHeader(null, false, null), video(0xD6, 0x04, "hvc1", 2, 9));
    }

    @Test
    void multitrackVideoManyTracks() {
        // AvMultitrackType 1 (ManyTracks): shared FourCC, then per track UI8 id, UI24 size, body.
        MediaHeader start = video(0x96, 0x10, "vp09", 0, 0, 0, 2, 7, 7, 1, 0, 0, 1, 8);
        assertEquals(videoHeader("video tracks 0+1 sequence start", false, "VP9"), start);
        MediaHeader frames = video(0x96, 0x13, "vp09", 1, 0, 0, 1, 8, 0, 0, 0, 2, 7, 7);
        assertEquals(videoHeader(null, true, "VP9"), frames);
        assertFalse(video(0x96, 0x13, "vp09", 1, 0, 0, 1, 8, 2, 0, 0, 1, 7).keyframe(), "no track 0");
    }

    @Test
    void multitrackVideoManyTracksManyCodecs() {
        // AvMultitrackType 2 (ManyTracksManyCodecs): no shared FourCC; each track has its own first.
        MediaHeader frames = video(0x96, 0x23, "hvc1", 1, 0, 0, 1, 8, "av01", 0, 0, 0, 1, 9);
        assertEquals(videoHeader(null, true, "AV1"), frames, "the codec is the main track's");
        assertEquals(videoHeader("video tracks 1+0 sequence start", false, "AV1"),
                video(0x96, 0x20, "hvc1", 1, 0, 0, 1, 8, "av01", 0, 0, 0, 1, 9));
    }

    @Test
    void legacyAudio() {
        assertEquals(audioHeader(AUDIO_START, "AAC"), audio(0xAF, 0x00, 0x12, 0x10));
        assertEquals(audioHeader(null, "AAC"), audio(0xAF, 0x01));
        assertEquals(audioHeader(null, "MP3"), audio(0x2F, 0x00));
        assertEquals(audioHeader(null, "Speex"), audio(0xB6));
    }

    @Test
    void enhancedAudioCodecs() {
        // SoundFormat 9 (ExHeader) | AudioPacketType, FourCC.
        assertEquals(audioHeader(AUDIO_START, "Opus"), audio(0x90, "Opus", "Opus", "Head"));
        assertEquals(audioHeader(null, "Opus"), audio(0x91, "Opus", 0xF8));
        assertEquals(audioHeader(AUDIO_START, "FLAC"), audio(0x90, "fLaC", 0x12, 0x00));
        assertEquals(audioHeader(null, "FLAC"), audio(0x91, "fLaC", 0xFF, 0xF8));
        assertEquals(audioHeader(AUDIO_START, "AC-3"), audio(0x90, "ac-3"));
        assertEquals(audioHeader(null, "AC-3"), audio(0x91, "ac-3", 0x0B, 0x77));
        assertEquals(audioHeader(null, "E-AC-3"), audio(0x91, "ec-3", 0x0B, 0x77));
        assertEquals(audioHeader(null, "AAC"), audio(0x91, "mp4a", 0x21));
        assertEquals(audioHeader(null, "MP3"), audio(0x91, ".mp3", 0xFF));
        // AudioPacketType 2 (SequenceEnd) is not configuration.
        assertEquals(audioHeader(null, "Opus"), audio(0x92, "Opus"));
    }

    @Test
    void multichannelConfigIsConfigurationOfItsOwn() {
        // AudioPacketType 4: channel order, channel count, then the mapping; ffmpeg 8 sends it after SequenceStart.
        assertEquals(audioHeader("audio track 0 multichannel config", "Opus"), audio(0x94, "Opus", 1, 1, 0, 0, 0, 4));
        assertEquals(audioHeader("audio track 0 multichannel config", "AC-3"), audio(0x94, "ac-3", 1, 2, 0, 0, 0, 3));
    }

    @Test
    void multitrackAudio() {
        // AudioPacketType 5 (Multitrack): OneTrack | PacketType, FourCC, UI8 trackId, as ffmpeg 8 sends track 1.
        assertEquals(audioHeader("audio track 1 sequence start", null), audio(0x95, 0x00, "mp4a", 1, 0x11, 0x88));
        assertEquals(audioHeader("audio track 1 multichannel config", null), audio(0x95, 0x04, "mp4a", 1, 1, 1));
        assertEquals(audioHeader(null, null), audio(0x95, 0x01, "Opus", 1, 0xF8));
        assertEquals(audioHeader(null, "Opus"), audio(0x95, 0x01, "Opus", 0, 0xF8));
        // ManyTracksManyCodecs: per track FourCC, id, UI24 size, body.
        assertEquals(audioHeader("audio tracks 0+1 sequence start", "Opus"),
                audio(0x95, 0x20, "Opus", 0, 0, 0, 1, 7, "fLaC", 1, 0, 0, 1, 8));
        assertEquals(audioHeader(null, "FLAC"), audio(0x95, 0x11, "fLaC", 2, 0, 0, 1, 8, 0, 0, 0, 1, 9));
    }

    @Test
    void truncatedEnhancedBodiesDoNotThrow() {
        assertEquals(videoHeader(VIDEO_START, false, "enhanced video"), video(0x90));
        assertEquals(videoHeader(null, false, "enhanced video"), video(0x91, 0x68, 0x76));
        assertEquals(videoHeader(null, false, null), video(0x96));
        assertEquals(videoHeader(null, false, null), video(0x96, 0x10, "vp09"));
        assertEquals(videoHeader(null, true, "VP9"), video(0x96, 0x13, "vp09", 0, 0xFF, 0xFF));
        assertFalse(video(0x97, 0x40, 0x01).keyframe(), "ModEx data longer than the body");
        assertFalse(video(0x97, 0xFF, 0x01).keyframe(), "ModEx UI16 size cut off");
        assertEquals(audioHeader(null, null), audio(0x95, 0x21));
        assertEquals(audioHeader(AUDIO_START, "enhanced audio"), audio(0x90, "Op"));
    }

    @Test
    void emptyBodyHasNoCodec() {
        assertEquals(videoHeader(null, false, null), video());
        assertEquals(audioHeader(null, null), audio());
    }

    @Test
    void scriptDataHasNoMediaHeader() {
        assertThrows(IllegalArgumentException.class, () -> MediaHeader.parse(TagType.SCRIPT_DATA, body(2)));
    }
}
