package dev.streamvcr.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ffmpeg's synthetic source: a moving test card (testsrc2) and a 440 Hz tone, encoded H.264
 * (x264 veryfast, zerolatency: no B-frames) and AAC, as a camera or OBS would send it.
 *
 * @param gopFrames frames from one keyframe to the next; a player joining a live stream gets
 *                  video from the next keyframe on
 * @param pattern   the lavfi video source, {@code testsrc2} unless another look is wanted
 * @param toneHz    the frequency of the sine tone
 */
public record TestCard(int width, int height, int frameRate, int gopFrames, String pattern, int toneHz) {

    /** 640x360 at 30 fps, a keyframe every second. */
    public static final TestCard DEFAULT = new TestCard(640, 360, 30, 30);
    /** {@link #DEFAULT}'s size and timing with other picture and sound: colour bars and 880 Hz, e.g. for ads. */
    public static final TestCard BARS = DEFAULT.withLook("smptebars", 880);

    /** The moving test card and 440 Hz. */
    public TestCard(int width, int height, int frameRate, int gopFrames) {
        this(width, height, frameRate, gopFrames, "testsrc2", 440);
    }

    /** This card with another lavfi picture source and tone. */
    public TestCard withLook(String lavfiPattern, int hz) {
        return new TestCard(width, height, frameRate, gopFrames, lavfiPattern, hz);
    }

    /** The bytes of an FLV of {@code length} of this test card, made in a temporary file that is removed. */
    public byte[] flvBytes(Duration length) {
        try {
            Path file = java.nio.file.Files.createTempFile("testcard", ".flv");
            try {
                writeFlv(file, length);
                return java.nio.file.Files.readAllBytes(file);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code length} of this test card to an FLV file as fast as the CPU allows, for tests
     * that need known media without a server. Throws {@link IllegalStateException} with ffmpeg's
     * errors if it fails. The caller must have called {@link PeerTools#ensureInstalled()}.
     */
    public void writeFlv(Path out, Duration length) {
        List<String> command = new ArrayList<>(List.of(PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-y"));
        command.addAll(ffmpegArguments(false));
        command.addAll(List.of("-t", String.valueOf(length.toMillis() / 1000.0), "-f", "flv", out.toString()));
        ToolRun.execute(Duration.ofMinutes(2), command).requireSuccess();
    }

    /** ffmpeg's input and encoder arguments; {@code realTime} reads the source at its native rate ({@code -re}). */
    List<String> ffmpegArguments(boolean realTime) {
        List<String> arguments = new ArrayList<>(inputArguments(realTime));
        arguments.addAll(encoderArguments("800k"));
        return arguments;
    }

    /** The picture (input 0) and the tone (input 1); {@code realTime} reads them at their native rate. */
    List<String> inputArguments(boolean realTime) {
        List<String> arguments = new ArrayList<>();
        if (realTime) {
            arguments.add("-re");
        }
        arguments.addAll(List.of(
                "-f", "lavfi", "-i", pattern + "=size=" + width + "x" + height + ":rate=" + frameRate,
                "-f", "lavfi", "-i", "sine=frequency=" + toneHz + ":sample_rate=44100"));
        return arguments;
    }

    /** H.264 at {@code videoBitrate} (ffmpeg's notation, e.g. {@code 800k}) and AAC, for one output. */
    List<String> encoderArguments(String videoBitrate) {
        return List.of("-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
                "-g", String.valueOf(gopFrames), "-pix_fmt", "yuv420p", "-b:v", videoBitrate,
                "-c:a", "aac", "-b:a", "96k");
    }
}
