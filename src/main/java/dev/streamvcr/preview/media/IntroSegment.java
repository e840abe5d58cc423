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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The segment every preview playlist starts with ("Preparing your preview…" on a dark frame, with
 * silent audio), so a viewer sees something at once. Encoded once per {@link PreviewProfile} with
 * exactly its codec parameters (the same frame filters and encoder options as the previews, MPEG-TS
 * like them), then reused from the cache directory.
 */
public final class IntroSegment {

    /** The text shown. */
    public static final String TEXT = "Preparing your preview…";
    /** Part of the file name: raise it when the intro's look changes, so cached files are not reused. */
    static final int DESIGN_VERSION = 1;

    private static final Duration ENCODE_TIMEOUT = Duration.ofMinutes(2);
    private static final String BACKGROUND = "0x14181f";
    private static final Map<Path, Object> ENCODING = new ConcurrentHashMap<>();
    private static final Map<Path, Double> DURATIONS = new ConcurrentHashMap<>();

    private IntroSegment() {
    }

    /**
     * Returns the intro segment for {@code profile} in {@code cacheDir} (named {@code intro-<version>-<profile id>.ts}),
     * encoding it first if it is not there. Concurrent callers in this JVM wait for one encoding;
     * the file appears under its name only when complete (written to a temporary name, then
     * renamed), so another process never sees half of it.
     *
     * @param font the font file for the text (see {@link WatermarkFont#resolve})
     * @throws FfmpegException if encoding fails
     * @throws UncheckedIOException if {@code cacheDir} cannot be written
     */
    public static Path ensure(FfmpegTools tools, PreviewProfile profile, Path cacheDir, Path font) {
        Path target = cacheDir.toAbsolutePath().resolve("intro-v" + DESIGN_VERSION + "-" + profile.id() + ".ts");
        if (tools.ffprobe() == null) {
            // Without ffprobe (the static fallback, whose MPEG-TS demuxer cannot be trusted) the encoded length is
            // the one asked for: -t cuts at exactly that many frames of a constant frame rate.
            DURATIONS.putIfAbsent(target, (double) profile.segmentSeconds());
        }
        if (Files.isRegularFile(target)) {
            return target;
        }
        synchronized (ENCODING.computeIfAbsent(target, t -> new Object())) {
            if (Files.isRegularFile(target)) {
                return target;
            }
            encode(tools, profile, font, target);
            return target;
        }
    }

    /**
     * The exact duration of {@code segment} in seconds as ffprobe reads it (for its {@code #EXTINF});
     * probed once per path and cached.
     *
     * @throws FfmpegException if ffprobe cannot read it
     */
    public static double durationSeconds(FfmpegTools tools, Path segment) {
        return DURATIONS.computeIfAbsent(segment.toAbsolutePath(), path -> {
            double seconds = MediaTracks.of(tools, path).durationSeconds();
            if (Double.isNaN(seconds)) {
                throw new FfmpegException("ffprobe gave no duration for " + path);
            }
            return seconds;
        });
    }

    private static void encode(FfmpegTools tools, PreviewProfile profile, Path font, Path target) {
        Path directory = target.getParent();
        Path text = null;
        Path partial = null;
        try {
            Files.createDirectories(directory);
            text = Files.createTempFile(directory, "intro-", ".txt");
            Files.writeString(text, TEXT, StandardCharsets.UTF_8);
            partial = Files.createTempFile(directory, "intro-", ".ts.tmp");
            FfmpegProcess.run(tools, arguments(profile, font, text, partial), ENCODE_TIMEOUT);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the intro segment " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(text);
            deleteQuietly(partial);
        }
    }

    /** The ffmpeg arguments that encode the intro into {@code output}. */
    static List<String> arguments(PreviewProfile profile, Path font, Path textFile, Path output) {
        int fontSize = Math.round(profile.height() * 0.05f);
        List<String> filters = new ArrayList<>(profile.frameFilters());
        filters.add(FilterGraph.drawtext(font, textFile, List.of(
                "fontsize=" + fontSize,
                "fontcolor=white",
                "x=" + FilterGraph.value("(w-tw)/2"),
                "y=" + FilterGraph.value("(h-th)/2"))));
        List<String> arguments = new ArrayList<>(List.of(
                "-f", "lavfi", "-i", "color=c=" + BACKGROUND + ":s=" + profile.width() + "x" + profile.height()
                        + ":r=" + profile.frameRate(),
                "-f", "lavfi", "-i", profile.silenceSource(),
                "-map", "0:v:0", "-map", "1:a:0",
                "-vf", FilterGraph.chain(filters),
                "-t", Integer.toString(profile.segmentSeconds())));
        arguments.addAll(profile.encoderArguments());
        arguments.addAll(List.of("-f", "mpegts", "-y", output.toString()));
        return arguments;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temporary file in the cache directory is harmless.
            }
        }
    }
}
