package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The leading fields of an audio or video message body, which RTMP and FLV share: enough to tell
 * codec configuration from frames, keyframes from the rest, and the codec's name. Reads the legacy
 * FLV headers (FLV spec E.4.2.1, E.4.3.1) and Enhanced RTMP v1/v2 ex headers (FourCC codecs, ModEx,
 * multitrack). A malformed or truncated body never throws: it parses as an ordinary frame.
 *
 * @param configSlot for codec configuration, which configuration it replaces, e.g. {@code "video
 *     track 0 sequence start"} or {@code "audio track 1 multichannel config"}: a later message with
 *     the same slot supersedes it, and the latest of each slot must precede the frames that follow.
 *     {@code null} for frames and everything else
 * @param keyframe a video frame a decoder can start from, on the main track (track 0)
 * @param codec display name such as "H.264" or "AAC" of the main track; {@code null} for an empty
 *     body, a video command frame, or a message only for other tracks of a multitrack stream
 */
public record MediaHeader(TagType type, String configSlot, boolean keyframe, String codec) {

    // FLV spec E.4.3.1 VIDEODATA: FrameType (UB4), CodecID (UB4); AVCPacketType follows for AVC.
    private static final int FRAME_KEY = 1;
    private static final int FRAME_COMMAND = 5;
    private static final int CODEC_AVC = 7;
    private static final int CODEC_HEVC_LEGACY = 12; // common pre-Enhanced-RTMP extension
    private static final int AVC_NALU = 1;
    // FLV spec E.4.2.1 AUDIODATA: SoundFormat (UB4); AACPacketType follows for AAC.
    private static final int SOUND_EX_HEADER = 9;
    private static final int SOUND_AAC = 10;
    // Enhanced RTMP v2, ExVideoTagHeader: IsExHeader bit, FrameType (UB3), VideoPacketType (UB4);
    // ExAudioTagHeader: SoundFormat 9, AudioPacketType (UB4). Shared packet type values:
    private static final int EX_HEADER_BIT = 0x80;
    private static final int PACKET_SEQUENCE_START = 0;
    private static final int PACKET_CODED_FRAMES = 1;
    private static final int PACKET_CODED_FRAMES_X = 3; // video only
    private static final int PACKET_METADATA = 4; // video: Metadata; audio: MultichannelConfig
    private static final int VIDEO_PACKET_MPEG2TS_SEQUENCE_START = 5;
    private static final int VIDEO_PACKET_MULTITRACK = 6;
    private static final int AUDIO_PACKET_MULTITRACK = 5;
    private static final int PACKET_MOD_EX = 7;
    // AvMultitrackType (UB4, upper half of the byte after the header)
    private static final int MULTITRACK_ONE_TRACK = 0;
    private static final int MULTITRACK_MANY_CODECS = 2;
    private static final int MAIN_TRACK = 0;

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
            return new MediaHeader(type, null, false, null);
        }
        int first = body.getUnsignedByte(0);
        if (type == TagType.VIDEO) {
            return (first & EX_HEADER_BIT) != 0 ? exVideo(first, body) : legacyVideo(first, body);
        }
        return first >> 4 == SOUND_EX_HEADER ? exAudio(first, body) : legacyAudio(first, body);
    }

    /** Codec configuration (sequence header, SequenceStart, Metadata, MultichannelConfig) rather than media. */
    public boolean sequenceHeader() {
        return configSlot != null;
    }

    private static MediaHeader legacyVideo(int first, Buffer body) {
        int frameType = first >> 4;
        int codecId = first & 0x0F;
        String codec = videoCodecName(codecId);
        if (codecId != CODEC_AVC && codecId != CODEC_HEVC_LEGACY) {
            return new MediaHeader(TagType.VIDEO, null, frameType == FRAME_KEY, codec);
        }
        int packetType = body.length() > 1 ? body.getUnsignedByte(1) : -1;
        if (packetType == PACKET_SEQUENCE_START) {
            return new MediaHeader(TagType.VIDEO, slot(TagType.VIDEO, List.of(MAIN_TRACK), "sequence start"), false, codec);
        }
        // End of sequence (2) is marked as a keyframe by some muxers but holds no picture.
        return new MediaHeader(TagType.VIDEO, null, frameType == FRAME_KEY && packetType == AVC_NALU, codec);
    }

    private static MediaHeader legacyAudio(int first, Buffer body) {
        int format = first >> 4;
        boolean sequenceHeader = format == SOUND_AAC && body.length() > 1 && body.getByte(1) == 0;
        return new MediaHeader(TagType.AUDIO,
                sequenceHeader ? slot(TagType.AUDIO, List.of(MAIN_TRACK), "sequence start") : null,
                false, audioCodecName(format));
    }

    private static MediaHeader exVideo(int first, Buffer body) {
        int frameType = (first >> 4) & 0x07;
        ExHeader ex = ExHeader.read(body, first & 0x0F, VIDEO_PACKET_MULTITRACK,
                frameType == FRAME_COMMAND);
        if (ex == null) {
            // A command frame (E-RTMP v2 VideoCommand) carries no FourCC and no picture.
            return new MediaHeader(TagType.VIDEO, null, false, null);
        }
        String codec = ex.carriesMainTrack() ? videoFourCcName(ex.fourCc()) : null;
        String slot = switch (ex.packetType()) {
            case PACKET_SEQUENCE_START, VIDEO_PACKET_MPEG2TS_SEQUENCE_START -> "sequence start";
            case PACKET_METADATA -> "metadata";
            default -> null;
        };
        if (slot != null && !ex.tracks().isEmpty()) {
            return new MediaHeader(TagType.VIDEO, slot(TagType.VIDEO, ex.tracks(), slot), false, codec);
        }
        boolean coded = ex.packetType() == PACKET_CODED_FRAMES || ex.packetType() == PACKET_CODED_FRAMES_X;
        boolean keyframe = frameType == FRAME_KEY && coded && ex.carriesMainTrack() && !ex.fourCc().isEmpty();
        return new MediaHeader(TagType.VIDEO, null, keyframe, codec);
    }

    private static MediaHeader exAudio(int first, Buffer body) {
        ExHeader ex = ExHeader.read(body, first & 0x0F, AUDIO_PACKET_MULTITRACK, false);
        String codec = ex.carriesMainTrack() ? audioFourCcName(ex.fourCc()) : null;
        String slot = switch (ex.packetType()) {
            case PACKET_SEQUENCE_START -> "sequence start";
            case PACKET_METADATA -> "multichannel config";
            default -> null;
        };
        boolean config = slot != null && !ex.tracks().isEmpty();
        return new MediaHeader(TagType.AUDIO, config ? slot(TagType.AUDIO, ex.tracks(), slot) : null, false, codec);
    }

    private static String slot(TagType type, List<Integer> tracks, String what) {
        String name = type == TagType.VIDEO ? "video" : "audio";
        if (tracks.size() == 1) {
            return name + " track " + tracks.get(0) + " " + what;
        }
        StringBuilder label = new StringBuilder(name).append(" tracks ");
        for (int i = 0; i < tracks.size(); i++) {
            label.append(i == 0 ? "" : "+").append(tracks.get(i));
        }
        return label.append(' ').append(what).toString();
    }

    /**
     * What an Enhanced RTMP v2 ex header says once ModEx prefixes and the multitrack wrapper are
     * read: the real packet type, the (first) FourCC and the tracks the message carries.
     */
    private record ExHeader(int packetType, String fourCc, List<Integer> tracks) {

        boolean carriesMainTrack() {
            return tracks.contains(MAIN_TRACK);
        }

        /**
         * @param packetType the low nibble of the first byte
         * @return {@code null} for a video command frame (a VideoCommand byte instead of a FourCC)
         */
        static ExHeader read(Buffer body, int packetType, int multitrackPacketType, boolean commandFrame) {
            int at = 1;
            // ModEx: UI8 size - 1 (UI16 size - 1 when the byte is 255), the data, then UB4 ModExType
            // and UB4 the next packet type.
            while (packetType == PACKET_MOD_EX && at < body.length()) {
                int size = body.getUnsignedByte(at++) + 1;
                if (size == 256) {
                    size = at + 2 <= body.length() ? body.getUnsignedShort(at) + 1 : 0;
                    at += 2;
                }
                at += size;
                packetType = at < body.length() ? body.getUnsignedByte(at++) & 0x0F : -1;
            }
            if (commandFrame && packetType != PACKET_METADATA) {
                return null;
            }
            if (packetType != multitrackPacketType) {
                return new ExHeader(packetType, readFourCc(body, at), List.of(MAIN_TRACK));
            }
            if (at >= body.length()) {
                return new ExHeader(-1, "", List.of());
            }
            int multitrackType = body.getUnsignedByte(at) >> 4;
            packetType = body.getUnsignedByte(at++) & 0x0F;
            String shared = "";
            if (multitrackType != MULTITRACK_MANY_CODECS) {
                shared = readFourCc(body, at);
                at += 4;
            }
            // Per track: [FourCC if ManyTracksManyCodecs] UI8 trackId [UI24 size unless OneTrack] body.
            List<Integer> tracks = new ArrayList<>();
            String mainFourCc = shared;
            while (at < body.length()) {
                String own = shared;
                if (multitrackType == MULTITRACK_MANY_CODECS) {
                    own = readFourCc(body, at);
                    at += 4;
                }
                if (at >= body.length()) {
                    break;
                }
                int track = body.getUnsignedByte(at++);
                tracks.add(track);
                if (tracks.size() == 1 || track == MAIN_TRACK) {
                    mainFourCc = own;
                }
                if (multitrackType == MULTITRACK_ONE_TRACK || at + 3 > body.length()) {
                    break;
                }
                at += 3 + body.getUnsignedMedium(at);
            }
            return new ExHeader(packetType, mainFourCc, List.copyOf(tracks));
        }
    }

    private static String readFourCc(Buffer body, int at) {
        return at + 4 <= body.length() ? body.getString(at, at + 4, StandardCharsets.ISO_8859_1.name()) : "";
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
