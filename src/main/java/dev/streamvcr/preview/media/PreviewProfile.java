package dev.streamvcr.preview.media;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The encoding of every preview segment and of the intro segment, which must match exactly: a
 * player is told of a discontinuity between them, but hls.js and Safari still rebuild their
 * decoders (and may stall) when the codec parameters change.
 *
 * <p>Every source is shown whole on a frame of exactly {@code width}×{@code height} with square
 * pixels: it is scaled (up or down) to fit while keeping its display aspect ratio (anamorphic
 * sources are first made square-pixel) and centred on black bars. A fixed frame size keeps the
 * intro and every recording on one set of codec parameters, and black bars cost next to no bits.
 *
 * <p>Video: H.264 (libx264) with {@code h264Profile}/{@code h264Level}, constant frame rate,
 * quality-based rate control ({@code crf}) capped by {@code maxBitrateKbps}, one GOP per segment
 * with a key frame forced at every segment boundary and no scene-cut key frames, so every segment
 * starts with a key frame and lasts exactly {@code segmentSeconds}. Audio: AAC-LC. Segments:
 * MPEG-TS (90 kHz timescale).
 */
public record PreviewProfile(
        int width,
        int height,
        int frameRate,
        String h264Profile,
        String h264Level,
        String x264Preset,
        String pixelFormat,
        int crf,
        int maxBitrateKbps,
        int bufferKbits,
        int segmentSeconds,
        int audioSampleRate,
        int audioChannels,
        int audioBitrateKbps) {

    /**
     * 1280×720 at 30 fps, H.264 High@3.1 (the lowest level that allows 720p30: 3,600 macroblocks
     * a frame, 108,000 a second, so anything that plays 720p plays it),
     * AAC-LC 48 kHz stereo 128 kbit/s, 2 s segments.
     */
    public static final PreviewProfile DEFAULT_720P = new PreviewProfile(
            1280, 720, 30, "high", "3.1", "veryfast", "yuv420p", 23, 3000, 6000, 2, 48000, 2, 128);

    public PreviewProfile {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("frame size must be positive and even, was " + width + "x" + height);
        }
        if (frameRate <= 0 || segmentSeconds <= 0 || crf < 0 || maxBitrateKbps <= 0 || bufferKbits <= 0
                || audioSampleRate <= 0 || audioBitrateKbps <= 0) {
            throw new IllegalArgumentException("rates, sizes and durations must be positive: " + this);
        }
        if (audioChannels != 1 && audioChannels != 2) {
            throw new IllegalArgumentException("audio must be mono or stereo, was " + audioChannels + " channels");
        }
    }

    /** Frames per segment, which is also the GOP length. */
    public int gopFrames() {
        return frameRate * segmentSeconds;
    }

    /**
     * A short hash of every parameter: equal profiles have equal ids, and changing any parameter
     * changes it. Safe in file names.
     */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The filters that turn any source's video into this profile's frames: constant frame rate,
     * square pixels (setsar after the scale, which ffmpeg 4.4 as well as 8 understands), scaled to fit and padded to
     * exactly {@code width}×{@code height}.
     */
    List<String> frameFilters() {
        return List.of(
                "fps=" + frameRate,
                "scale=w=" + width + ":h=" + height
                        + ":force_original_aspect_ratio=decrease:force_divisible_by=2",
                "pad=" + width + ":" + height + ":(ow-iw)/2:(oh-ih)/2:color=black",
                "setsar=1");
    }

    /** The encoder options shared by the intro and the previews (ffmpeg output options). */
    List<String> encoderArguments() {
        List<String> arguments = new java.util.ArrayList<>(videoEncoderArguments());
        arguments.addAll(List.of(
                "-force_key_frames", "expr:gte(t,n_forced*" + segmentSeconds + ")",
                "-fps_mode", "cfr"));
        arguments.addAll(audioEncoderArguments());
        return arguments;
    }

    /**
     * The H.264 encoder and its settings, which alone decide the stream's parameter sets (SPS and PPS): a segment
     * encoded again with them (a name segment) has the very same ones, so players see one stream.
     */
    List<String> videoEncoderArguments() {
        int gop = gopFrames();
        return List.of(
                "-c:v", "libx264",
                "-preset", x264Preset,
                "-profile:v", h264Profile,
                "-level:v", h264Level,
                "-pix_fmt", pixelFormat,
                "-crf", Integer.toString(crf),
                "-maxrate", maxBitrateKbps + "k",
                "-bufsize", bufferKbits + "k",
                "-g", Integer.toString(gop),
                "-keyint_min", Integer.toString(gop),
                "-sc_threshold", "0");
    }

    private List<String> audioEncoderArguments() {
        return List.of(
                "-c:a", "aac",
                "-profile:a", "aac_low",
                "-ar", Integer.toString(audioSampleRate),
                "-ac", Integer.toString(audioChannels),
                "-b:a", audioBitrateKbps + "k");
    }

    /** An ffmpeg lavfi source of silence in this profile's audio format. */
    String silenceSource() {
        return "anullsrc=r=" + audioSampleRate + ":cl=" + (audioChannels == 1 ? "mono" : "stereo");
    }
}
