package dev.streamvcr.preview.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One segment of a variant encoded again with a viewer's name burned in: the same frames at the same times (the
 * input's timestamps are kept), the same encoder settings and so the same SPS and PPS, the audio copied. It replaces
 * that segment in the viewer's sequence, and keeps the variant's mark, since it is made from the variant's pictures.
 *
 * <p>The name is larger than the full-mode watermark and centred in the lower third: it shows for one segment in
 * many, so it must be read at a glance, and cropping the picture's edges must not remove it.
 */
public final class NameSegment {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private NameSegment() {
    }

    /**
     * Writes {@code output} (an MPEG-TS segment), complete or not at all (written under a temporary name, then
     * renamed). Blocks while ffmpeg runs, about a CPU-second at 720p.
     *
     * @param segment a segment of a {@link VariantTranscode} made with {@code profile}
     * @param name the viewer's name as shown, control characters become spaces
     * @throws FfmpegException when ffmpeg fails
     */
    public static void make(FfmpegTools tools, PreviewProfile profile, Path segment, Path output, String name, Path font) {
        String text = PreviewTranscode.watermarkText(name);
        Path directory = output.toAbsolutePath().getParent();
        Path textFile = null;
        Path partial = null;
        try {
            Files.createDirectories(directory);
            textFile = Files.createTempFile(directory, "name-", ".txt");
            Files.writeString(textFile, text, StandardCharsets.UTF_8);
            partial = Files.createTempFile(directory, "name-", ".ts.tmp");
            FfmpegProcess.run(tools, arguments(profile, segment, textFile, font, partial), TIMEOUT);
            Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the name segment " + output + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(textFile);
            deleteQuietly(partial);
        }
    }

    static List<String> arguments(PreviewProfile profile, Path segment, Path textFile, Path font, Path output) {
        int fontSize = Math.round(profile.height() * 0.055f);
        String filter = FilterGraph.drawtext(font, textFile, List.of(
                "fontsize=" + fontSize,
                "fontcolor=" + FilterGraph.value("white@0.85"),
                "box=1",
                "boxcolor=" + FilterGraph.value("black@0.45"),
                "boxborderw=" + Math.round(fontSize * 0.35f),
                "x=" + FilterGraph.value("(w-tw)/2"),
                "y=" + FilterGraph.value("h*0.72")));
        List<String> arguments = new ArrayList<>(List.of("-y", "-copyts", "-i", "file:" + segment.toAbsolutePath(),
                "-map", "0:v:0", "-map", "0:a?", "-vf", filter));
        arguments.addAll(profile.videoEncoderArguments());
        // Frames in, frames out, at their own times; x264's informational SEI is left out like the variants' later segments.
        arguments.addAll(List.of("-fps_mode", "passthrough", "-bsf:v", "filter_units=remove_types=6", "-c:a", "copy",
                "-f", "mpegts", "-muxdelay", "0", "-muxpreload", "0", output.toString()));
        return arguments;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file in a preview directory goes with the directory
            }
        }
    }
}
