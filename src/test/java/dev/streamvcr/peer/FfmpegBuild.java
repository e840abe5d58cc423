package dev.streamvcr.peer;

import dev.streamvcr.preview.media.FfmpegTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which ffmpeg and ffprobe a peer or a check runs, as command prefixes: Debian's 5.1 (H.264/AAC
 * only) or the ffmpeg 8 embedded in the bytedeco jar, which reads and writes Enhanced RTMP/FLV
 * (HEVC, AV1, VP9, Opus, FLAC, AC-3, E-AC-3, multitrack) and has libx265, libaom, SVT-AV1,
 * libvpx and libopus.
 *
 * @param ffmpeg  the words that start ffmpeg; arguments follow
 * @param ffprobe the words that start ffprobe; arguments follow
 */
public record FfmpegBuild(List<String> ffmpeg, List<String> ffprobe) {

    /** Debian's packages; the caller must have called {@link PeerTools#ensureInstalled()}. */
    public static final FfmpegBuild DEBIAN =
            new FfmpegBuild(List.of(PeerTools.FFMPEG.toString()), List.of(PeerTools.FFPROBE.toString()));

    /** What the embedded build's libavdevice links against and a minimal Debian lacks. */
    private static final DebianPackages EMBEDDED_LIBRARIES = new DebianPackages("The embedded ffmpeg 8",
            List.of(Path.of("/usr/lib/x86_64-linux-gnu/libpulse.so.0"), Path.of("/usr/lib/x86_64-linux-gnu/libasound.so.2"),
                    Path.of("/usr/lib/x86_64-linux-gnu/libxcb.so.1"), Path.of("/usr/lib/x86_64-linux-gnu/libxcb-shm.so.0")),
            List.of("libpulse0", "libasound2", "libxcb1", "libxcb-shm0"));
    private static FfmpegBuild embedded;

    /**
     * The ffmpeg 8 of the bytedeco jar, installing the system libraries it needs when missing (as
     * root; see {@link DebianPackages#ensureInstalled()} otherwise). Run through {@code env} so its
     * bundled libraries are found, as the app runs it.
     */
    public static synchronized FfmpegBuild embedded() {
        if (embedded == null) {
            ensureEmbeddedLibraries();
            FfmpegTools tools = FfmpegTools.locate(Optional.empty());
            String libraries = "LD_LIBRARY_PATH=" + tools.ffmpeg().getParent();
            embedded = new FfmpegBuild(List.of("/usr/bin/env", libraries, tools.ffmpeg().toString()),
                    List.of("/usr/bin/env", libraries, tools.ffprobe().toString()));
        }
        return embedded;
    }

    /** Installs what the embedded build needs and a minimal Debian lacks (see {@link DebianPackages#ensureInstalled()}). */
    public static void ensureEmbeddedLibraries() {
        EMBEDDED_LIBRARIES.ensureInstalled();
    }

    /** ffmpeg followed by {@code arguments}. */
    public List<String> ffmpeg(List<String> arguments) {
        List<String> command = new ArrayList<>(ffmpeg);
        command.addAll(arguments);
        return command;
    }

    /** ffprobe followed by {@code arguments}. */
    public List<String> ffprobe(List<String> arguments) {
        List<String> command = new ArrayList<>(ffprobe);
        command.addAll(arguments);
        return command;
    }
}
