package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The leading fields of an audio or video message body, which RTMP and FLV share: enough to tell
 * codec configuration from frames, keyframes from the rest, and the codec's name.
 *
 * @param sequenceHeader codec configuration (AVC/HEVC/AAC sequence header, Enhanced RTMP
 *     SequenceStart) rather than media
 * @param keyframe a video frame a decoder can start from
 * @param codec display name such as "H.264" or "AAC"; {@code null} for an empty body
 */
public record MediaHeader(TagType type, boolean sequenceHeader, boolean keyframe, String codec) {

    // FLV spec E.4.3.1 VIDEODATA: FrameType (UB4), CodecID (UB4); AVCPacketType follows for AVC.
    private static final int FRAME_KEY = 1;
    private static final int CODEC_AVC = 7;
    private static final int CODEC_HEVC_LEGACY = 12; // common pre-Enhanced-RTMP extension
    // Enhanced RTMP v2: IsExHeader bit, then FrameType (UB3) and PacketType (UB4), then a FourCC.
    private static final int EX_HEADER_BIT = 0x80;
    private static final int PACKET_SEQUENCE_START = 0;
    private static final int PACKET_CODED_FRAMES = 1;
    private static final int PACKET_CODED_FRAMES_X = 3;
    // FLV spec E.4.2.1 AUDIODATA: SoundFormat (UB4); AACPacketType follows for AAC.
    private static final int SOUND_EX_HEADER = 9;
    private static final int SOUND_AAC = 10;

    /**
     * Codecs whose frames cannot be decoded without their sequence header: H.264 and H.265 carry SPS/PPS
     * (and NAL length size) only in the decoder configuration record (ISO 14496-15), AAC its object type
     * and sample rate only in the AudioSpecificConfig (ISO 14496-3), FLAC its STREAMINFO.
     */
    private static final java.util.Set<String> NEED_CONFIGURATION = java.util.Set.of("H.264", "H.265", "AAC", "FLAC");

    /** Whether frames of this codec can only be decoded after its sequence header. */
    public boolean needsSequenceHeader() {
        return codec != null && NEED_CONFIGURATION.contains(codec);
    }

    /** Reads the header of a type 8 (audio) or type 9 (video) body. */
    public static MediaHeader parse(TagType type, Buffer body) {
        if (type == TagType.SCRIPT_DATA) {
            throw new IllegalArgumentException("script data has no media header");
        }
        if (body.length() == 0) {
            return new MediaHeader(type, false, false, null);
        }
        int first = body.getUnsignedByte(0);
        return type == TagType.VIDEO ? video(first, body) : audio(first, body);
    }

    private static MediaHeader video(int first, Buffer body) {
        if ((first & EX_HEADER_BIT) != 0) {
            int frameType = (first >> 4) & 0x07;
            int packetType = first & 0x0F;
            boolean coded = packetType == PACKET_CODED_FRAMES || packetType == PACKET_CODED_FRAMES_X;
            return new MediaHeader(TagType.VIDEO, packetType == PACKET_SEQUENCE_START,
                    frameType == FRAME_KEY && coded, videoFourCcName(fourCc(body)));
        }
        int frameType = first >> 4;
        int codecId = first & 0x0F;
        boolean hasPacketType = codecId == CODEC_AVC || codecId == CODEC_HEVC_LEGACY;
        boolean sequenceHeader = hasPacketType && body.length() > 1 && body.getByte(1) == 0;
        return new MediaHeader(TagType.VIDEO, sequenceHeader, frameType == FRAME_KEY && !sequenceHeader,
                videoCodecName(codecId));
    }

    private static MediaHeader audio(int first, Buffer body) {
        int format = first >> 4;
        if (format == SOUND_EX_HEADER) {
            int packetType = first & 0x0F;
            return new MediaHeader(TagType.AUDIO, packetType == PACKET_SEQUENCE_START, false,
                    audioFourCcName(fourCc(body)));
        }
        boolean sequenceHeader = format == SOUND_AAC && body.length() > 1 && body.getByte(1) == 0;
        return new MediaHeader(TagType.AUDIO, sequenceHeader, false, audioCodecName(format));
    }

    private static String fourCc(Buffer body) {
        return body.length() >= 5 ? body.getString(1, 5, StandardCharsets.ISO_8859_1.name()) : "";
    }

    static String videoCodecName(int codecId) {
        return switch (codecId) {
            case 2 -> "Sorenson H.263";
            case 3 -> "Screen video";
            case 4 -> "VP6";
            case 5 -> "VP6 alpha";
            case 6 -> "Screen video 2";
            case CODEC_AVC -> "H.264";
            case CODEC_HEVC_LEGACY -> "H.265";
            default -> "video codec " + codecId;
        };
    }

    static String audioCodecName(int soundFormat) {
        return switch (soundFormat) {
            case 0, 3 -> "PCM";
            case 1 -> "ADPCM";
            case 2, 14 -> "MP3";
            case 4, 5, 6 -> "Nellymoser";
            case 7 -> "G.711 A-law";
            case 8 -> "G.711 mu-law";
            case SOUND_AAC -> "AAC";
            case 11 -> "Speex";
            default -> "audio format " + soundFormat;
        };
    }

    private static String videoFourCcName(String fourCc) {
        return switch (fourCc) {
            case "avc1" -> "H.264";
            case "hvc1" -> "H.265";
            case "av01" -> "AV1";
            case "vp09" -> "VP9";
            case "vp08" -> "VP8";
            default -> fourCc.isEmpty() ? "enhanced video" : fourCc;
        };
    }

    private static String audioFourCcName(String fourCc) {
        return switch (fourCc) {
            case "mp4a" -> "AAC";
            case "Opus" -> "Opus";
            case "fLaC" -> "FLAC";
            case "ac-3" -> "AC-3";
            case "ec-3" -> "E-AC-3";
            case ".mp3" -> "MP3";
            default -> fourCc.isEmpty() ? "enhanced audio" : fourCc;
        };
    }
}
