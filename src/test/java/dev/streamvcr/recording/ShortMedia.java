package dev.streamvcr.recording;

import dev.streamvcr.peer.FfmpegBuild;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.ToolRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seconds-long media files for recording tests, made once per JVM with Debian's ffmpeg and shared: the test card in
 * FLV, MPEG-TS and fragmented MP4 (as RTMP and HLS parts are), and FLVs MP4 cannot take (no video; Sorenson H.263).
 * The caller must have called {@link PeerTools#ensureInstalled()}.
 */
final class ShortMedia {

    private static final Map<String, byte[]> MADE = new ConcurrentHashMap<>();

    private ShortMedia() {
    }

    /** The test card (H.264/AAC, 640x360) as an FLV part. */
    static byte[] flv(int seconds) {
        return MADE.computeIfAbsent("flv" + seconds, k -> TestCard.DEFAULT.flvBytes(Duration.ofSeconds(seconds)));
    }

    /** The test card as an MPEG-TS part (HLS). */
    static byte[] ts(int seconds) {
        return MADE.computeIfAbsent("ts" + seconds, k -> make(seconds, List.of("-c:v", "libx264", "-preset", "veryfast",
                "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts"), true));
    }

    /** The test card as a fragmented MP4 part (HLS with fMP4 segments). */
    static byte[] fmp4(int seconds) {
        return MADE.computeIfAbsent("fmp4" + seconds, k -> make(seconds, List.of("-c:v", "libx264", "-preset",
                "veryfast", "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags",
                "frag_keyframe+empty_moov+default_base_moof", "-f", "mp4"), true));
    }

    /** A sine tone alone, AAC in FLV: a recording with no video. */
    static byte[] soundOnlyFlv(int seconds) {
        return MADE.computeIfAbsent("sound" + seconds, k -> make(seconds, List.of("-c:a", "aac", "-f", "flv"), false));
    }

    /** The test card in Sorenson H.263 (FLV's first video codec), which MP4 has no place for. */
    static byte[] sorensonFlv(int seconds) {
        return MADE.computeIfAbsent("sorenson" + seconds, k -> make(seconds, List.of("-c:v", "flv", "-c:a", "aac",
                "-f", "flv"), true));
    }

    /** The test card in HEVC with AAC as Enhanced RTMP writes it (FourCC {@code hvc1} in FLV), by ffmpeg 8. */
    static byte[] hevcFlv(int seconds) {
        return MADE.computeIfAbsent("hevc" + seconds, k -> make(FfmpegBuild.embedded().ffmpeg(List.of()), seconds,
                List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt",
                        "yuv420p", "-c:a", "aac", "-f", "flv"), true));
    }

    private static byte[] make(int seconds, List<String> output, boolean video) {
        return make(List.of(PeerTools.FFMPEG.toString()), seconds, output, video);
    }

    private static byte[] make(List<String> ffmpeg, int seconds, List<String> output, boolean video) {
        try {
            Path file = Files.createTempFile("short-media", ".bin");
            try {
                List<String> command = new ArrayList<>(ffmpeg);
                command.addAll(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
                if (video) {
                    command.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30"));
                }
                command.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t",
                        String.valueOf(seconds)));
                command.addAll(output);
                command.add(file.toString());
                ToolRun.execute(Duration.ofMinutes(1), command).requireSuccess();
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
