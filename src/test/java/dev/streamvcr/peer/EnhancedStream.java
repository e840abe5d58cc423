package dev.streamvcr.peer;

import java.util.ArrayList;
import java.util.List;

/**
 * A live source that ffmpeg 8 ({@link FfmpegBuild#embedded()}) sends as Enhanced RTMP: small
 * synthetic pictures and tones, one input per track, each track with its own encoder. Serve it with
 * {@code FfmpegRtmpServer.start(FfmpegBuild.embedded(), stream.ffmpegArguments())}. Track 0 of each
 * kind goes out in the plain header, further tracks in Multitrack (OneTrack) wrappers.
 *
 * @param videoTracks per video track, the encoder and its options as pairs ({@code libx265 -preset ultrafast …})
 * @param audioTracks per audio track, the encoder and its options as pairs
 * @param videoCodecs ffprobe's codec name of each video track, as read back
 * @param audioCodecs ffprobe's codec name of each audio track
 */
public record EnhancedStream(String name, List<List<String>> videoTracks, List<List<String>> audioTracks,
                             List<String> videoCodecs, List<String> audioCodecs) {

    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    public static final int FRAME_RATE = 30;
    /** A keyframe every second. */
    public static final int GOP_FRAMES = 30;
    /** Opus, AC-3 and E-AC-3 allow 48 kHz; every tone uses it. */
    public static final int SAMPLE_RATE = 48_000;

    public static final List<String> HEVC = List.of("libx265", "-preset", "ultrafast", "-tune", "zerolatency",
            "-x265-params", "log-level=error");
    public static final List<String> AV1_AOM = List.of("libaom-av1", "-usage", "realtime", "-cpu-used", "8");
    public static final List<String> AV1_SVT = List.of("libsvtav1", "-preset", "12");
    public static final List<String> VP9 = List.of("libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8");
    public static final List<String> H264 = List.of("libx264", "-preset", "ultrafast", "-tune", "zerolatency");
    public static final List<String> AAC = List.of("aac");
    public static final List<String> OPUS = List.of("libopus");
    public static final List<String> FLAC = List.of("flac");
    public static final List<String> AC3 = List.of("ac3");
    public static final List<String> EAC3 = List.of("eac3");

    /** One video and one audio track. */
    public static EnhancedStream of(String name, List<String> video, String videoCodec, List<String> audio,
            String audioCodec) {
        return new EnhancedStream(name, List.of(video), List.of(audio), List.of(videoCodec), List.of(audioCodec));
    }

    /** ffmpeg's real-time inputs, maps and encoders, ready for the FLV output. */
    public List<String> ffmpegArguments() {
        List<String> arguments = new ArrayList<>();
        String size = WIDTH + "x" + HEIGHT;
        for (int i = 0; i < videoTracks.size(); i++) {
            // testsrc2 for the main track, testsrc (another picture) for the others
            String source = (i == 0 ? "testsrc2" : "testsrc") + "=size=" + size + ":rate=" + FRAME_RATE;
            arguments.addAll(List.of("-re", "-f", "lavfi", "-i", source));
        }
        for (int i = 0; i < audioTracks.size(); i++) {
            String tone = "sine=frequency=" + (440 * (i + 1)) + ":sample_rate=" + SAMPLE_RATE;
            arguments.addAll(List.of("-re", "-f", "lavfi", "-i", tone));
        }
        int inputs = videoTracks.size() + audioTracks.size();
        for (int i = 0; i < inputs; i++) {
            arguments.addAll(List.of("-map", String.valueOf(i)));
        }
        for (int i = 0; i < videoTracks.size(); i++) {
            addEncoder(arguments, "v:" + i, videoTracks.get(i));
        }
        for (int i = 0; i < audioTracks.size(); i++) {
            addEncoder(arguments, "a:" + i, audioTracks.get(i));
        }
        arguments.addAll(List.of("-g", String.valueOf(GOP_FRAMES), "-pix_fmt", "yuv420p"));
        return arguments;
    }

    /** {@code -c:v:1 libx264 -preset:v:1 ultrafast}: options without a stream specifier would reach every encoder. */
    private static void addEncoder(List<String> arguments, String stream, List<String> encoder) {
        arguments.addAll(List.of("-c:" + stream, encoder.get(0)));
        for (int i = 1; i + 1 < encoder.size(); i += 2) {
            arguments.addAll(List.of(encoder.get(i) + ":" + stream, encoder.get(i + 1)));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
