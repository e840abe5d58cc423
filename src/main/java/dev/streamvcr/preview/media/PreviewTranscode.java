package dev.streamvcr.preview.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * One running ffmpeg that turns a recording into a watermarked HLS preview in a directory of its
 * own.
 *
 * <p>Output: MPEG-TS segments {@code seg-00001.ts}, {@code seg-00002.ts}, … of the profile's
 * segment length, each written as {@code seg-NNNNN.ts.tmp} and renamed when complete (ffmpeg's
 * {@code -hls_flags temp_file}; checked: the rename happens before the playlist lists the segment),
 * and ffmpeg's own playlist {@value #PLAYLIST}, also replaced atomically. That playlist is private:
 * the server builds the one viewers get from {@link #completedSegments()}. Serve only names listed
 * there; the directory also holds {@value #WATERMARK_FILE} while ffmpeg runs.
 *
 * <p>Watermark: the given text in white at 70 % opacity on a 40 % black box with a shadow, its
 * height about 4 % of the frame's (29 px at 720p, readable on a phone), in a corner that changes
 * every {@value #CORNER_SECONDS} s, going round all four ({@link #cornerAt}), so no single crop
 * removes it everywhere. The text reaches ffmpeg in a file with expansion off, so no character in
 * it is interpreted, and it is not on the command line (not visible in {@code ps}).
 *
 * <p>A recording still being written ({@code inputStillGrowing}) is read with the file protocol's
 * {@code -follow 1} and {@code -rw_timeout} = {@link #GROWTH_IDLE_TIMEOUT}. Verified with ffmpeg
 * 8.0.1: at the end of the file ffmpeg polls for more data (about 800 empty reads a second, ≈2 %
 * of a core); data appended later is transcoded; once nothing has been appended for twice the
 * timeout (two reads time out in turn, so ≈10 s) ffmpeg logs "Error during demuxing: Input/output
 * error", finishes the last segment, appends {@code #EXT-X-ENDLIST} and exits 0. A writer pausing
 * longer than that (a reconnect gap) therefore ends the preview early; the caller may start a new
 * one later.
 *
 * <p>A source without audio gets silence, so every preview has the intro's tracks. A source
 * without video is refused.
 */
public final class PreviewTranscode {

    /** ffmpeg's private playlist in the output directory. */
    public static final String PLAYLIST = "ffmpeg.m3u8";
    /** The watermark text file in the output directory, removed when ffmpeg has exited. */
    public static final String WATERMARK_FILE = "watermark.txt";
    /** How long one read of a growing input waits for new data; ffmpeg ends after about twice this. */
    public static final Duration GROWTH_IDLE_TIMEOUT = Duration.ofSeconds(5);
    /** How long the watermark stays in one corner. */
    public static final int CORNER_SECONDS = 5;

    static final Pattern SEGMENT_NAME = Pattern.compile("seg-\\d{5,}\\.ts");
    private static final String SEGMENT_PATTERN = "seg-%05d.ts";
    /** The ffmpeg concat list of a recording kept in several parts. */
    public static final String PARTS_FILE = "parts.ffconcat";
    private static final Set<String> OWN_FILES = Set.of(PLAYLIST, PLAYLIST + ".tmp", WATERMARK_FILE, PARTS_FILE);
    static final int MAX_WATERMARK_CHARS = 200;

    /** A segment ffmpeg has finished, under its final name. */
    public record Segment(String name, double durationSeconds) {
    }

    /** Where the watermark is, in the order it visits the corners. */
    enum Corner { TOP_LEFT, TOP_RIGHT, BOTTOM_RIGHT, BOTTOM_LEFT }

    private record Parsed(FileTime modified, long size, Object fileKey, List<Segment> segments, boolean ended) {
    }

    private final FfmpegProcess process;
    private final Path outputDir;
    private volatile Parsed parsed;

    private PreviewTranscode(FfmpegProcess process, Path outputDir) {
        this.process = process;
        this.outputDir = outputDir;
    }

    /**
     * Starts the transcode and returns at once (after a ffprobe of the input, ~30 ms).
     *
     * <p>{@code outputDir} is created if needed; segments and playlists of an earlier run in it are
     * deleted first, so nothing stale is ever listed.
     *
     * @param watermarkText e.g. "alice · #12 · 2026-11-22"; control characters become spaces, and only
     *     the first {@value #MAX_WATERMARK_CHARS} characters are used
     * @param font a font file (see {@link WatermarkFont#resolve})
     * @throws IllegalArgumentException for a missing input, a blank text or an output path with {@code %}
     * @throws FfmpegException if the input cannot be probed, has no video, or ffmpeg cannot start
     * @throws UncheckedIOException if {@code outputDir} cannot be prepared
     */
    public static PreviewTranscode start(FfmpegTools tools, PreviewProfile profile, Path input, boolean inputStillGrowing,
            Path outputDir, String watermarkText, Path font) {
        return start(tools, profile, List.of(input), inputStillGrowing, outputDir, watermarkText, font);
    }

    /**
     * As {@link #start(FfmpegTools, PreviewProfile, Path, boolean, Path, String, Path)} for a recording kept in
     * several parts (after a restart, recording continues in a new file): a finished recording is previewed whole,
     * its parts one after the other (ffmpeg's concat demuxer); one still recording shows its last part, which grows.
     */
    public static PreviewTranscode start(FfmpegTools tools, PreviewProfile profile, List<Path> parts,
            boolean lastStillGrowing, Path outputDir, String watermarkText, Path font) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no recording file to preview");
        }
        boolean whole = parts.size() > 1 && !lastStillGrowing;
        Path source = parts.get(whole ? 0 : parts.size() - 1).toAbsolutePath();
        Path directory = outputDir.toAbsolutePath().normalize();
        String text = watermarkText(watermarkText);
        if (directory.toString().contains("%")) {
            throw new IllegalArgumentException("ffmpeg would read % in the output path as a pattern: " + directory);
        }
        for (Path part : whole ? parts : List.of(source)) {
            if (!Files.isRegularFile(part)) {
                throw new IllegalArgumentException("no recording file at " + part.toAbsolutePath());
            }
        }
        Set<String> streams = streamTypes(tools, source);
        boolean hasVideo = streams.contains("video");
        if (!hasVideo && !(lastStillGrowing && streams.isEmpty())) {
            throw new FfmpegException("the recording " + source + " has no video to preview (streams: " + streams + ")");
        }
        // A growing file may not have shown its streams yet: expect both, as its FLV header does.
        boolean hasAudio = streams.contains("audio") || streams.isEmpty();
        Path textFile = directory.resolve(WATERMARK_FILE);
        List<String> input;
        try {
            prepare(directory);
            Files.writeString(textFile, text, StandardCharsets.UTF_8);
            input = whole ? concatInput(parts, directory.resolve(PARTS_FILE)) : fileInput(source, lastStillGrowing);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the preview directory " + directory + ": " + e.getMessage(), e);
        }
        FfmpegProcess process = FfmpegProcess.start(tools, arguments(profile, input, hasAudio, directory, textFile, font));
        process.exit().whenComplete((code, error) -> {
            try {
                Files.deleteIfExists(textFile);
            } catch (IOException e) {
                // Left for the next start() or the directory's expiry.
            }
        });
        return new PreviewTranscode(process, directory);
    }

    /** {@code raw} as drawn: control characters as spaces, at most {@value #MAX_WATERMARK_CHARS} characters, not blank. */
    static String watermarkText(String raw) {
        String text = raw.replaceAll("\\p{Cntrl}", " ").strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the watermark text is blank");
        }
        if (text.codePointCount(0, text.length()) > MAX_WATERMARK_CHARS) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_WATERMARK_CHARS));
        }
        return text;
    }

    /** One file as ffmpeg's input; a growing one is followed until it stops growing. */
    static List<String> fileInput(Path file, boolean stillGrowing) {
        List<String> input = new ArrayList<>();
        if (stillGrowing) {
            input.addAll(List.of("-follow", "1", "-rw_timeout", Long.toString(GROWTH_IDLE_TIMEOUT.toNanos() / 1_000)));
        }
        input.addAll(List.of("-i", "file:" + file));
        return input;
    }

    /** The parts one after the other, through a concat list written to {@code list}. */
    static List<String> concatInput(List<Path> parts, Path list) throws IOException {
        StringBuilder text = new StringBuilder("ffconcat version 1.0\n");
        for (Path part : parts) {
            // concat(3): a quoted path, in which ' is written '\''
            text.append("file '").append(("file:" + part.toAbsolutePath()).replace("'", "'\\''")).append("'\n");
        }
        Files.writeString(list, text, StandardCharsets.UTF_8);
        return List.of("-f", "concat", "-safe", "0", "-i", "file:" + list);
    }

    /** The ffmpeg arguments (after the wrapper's own) for one transcode of {@code input} (its input options and -i). */
    static List<String> arguments(PreviewProfile profile, List<String> input, boolean inputHasAudio, Path outputDir,
            Path textFile, Path font) {
        List<String> arguments = new ArrayList<>(List.of("-y"));
        arguments.addAll(input);
        if (inputHasAudio) {
            arguments.addAll(List.of("-map", "0:v:0", "-map", "0:a:0"));
        } else {
            arguments.addAll(List.of("-f", "lavfi", "-i", profile.silenceSource(),
                    "-map", "0:v:0", "-map", "1:a:0", "-shortest"));
        }
        List<String> filters = new ArrayList<>(profile.frameFilters());
        filters.add(watermarkFilter(profile, font, textFile));
        arguments.addAll(List.of("-vf", FilterGraph.chain(filters)));
        arguments.addAll(profile.encoderArguments());
        arguments.addAll(hlsOutput(profile, outputDir));
        return arguments;
    }

    /** ffmpeg's HLS muxer writing {@code seg-NNNNN.ts} and its private playlist into {@code outputDir}. */
    static List<String> hlsOutput(PreviewProfile profile, Path outputDir) {
        return List.of(
                "-f", "hls",
                "-hls_time", Integer.toString(profile.segmentSeconds()),
                "-hls_list_size", "0",
                "-hls_playlist_type", "event",
                "-hls_flags", "temp_file+independent_segments",
                "-hls_segment_type", "mpegts",
                "-start_number", "1",
                "-hls_segment_filename", outputDir.resolve(SEGMENT_PATTERN).toString(),
                outputDir.resolve(PLAYLIST).toString());
    }

    static String watermarkFilter(PreviewProfile profile, Path font, Path textFile) {
        int fontSize = Math.round(profile.height() * 0.04f);
        int margin = fontSize;
        // Corner index k = floor(t / CORNER_SECONDS) mod 4, in Corner's order.
        String k = "mod(floor(t/" + CORNER_SECONDS + "),4)";
        return FilterGraph.drawtext(font, textFile, List.of(
                "fontsize=" + fontSize,
                "fontcolor=" + FilterGraph.value("white@0.7"),
                "box=1",
                "boxcolor=" + FilterGraph.value("black@0.4"),
                "boxborderw=" + Math.round(fontSize * 0.3f),
                "shadowcolor=" + FilterGraph.value("black@0.6"),
                "shadowx=2",
                "shadowy=2",
                "x=" + FilterGraph.value("if(between(" + k + ",1,2),w-tw-" + margin + "," + margin + ")"),
                "y=" + FilterGraph.value("if(gte(" + k + ",2),h-th-" + margin + "," + margin + ")")));
    }

    /** The corner the watermark is in at {@code seconds} into the preview. */
    static Corner cornerAt(double seconds) {
        return Corner.values()[(int) (Math.floor(seconds / CORNER_SECONDS) % 4)];
    }

    static Set<String> streamTypes(FfmpegTools tools, Path input) {
        return MediaTracks.of(tools, input).tracks().stream().map(MediaTracks.Track::kind)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Removes what an earlier transcode left in {@code directory}: its segments, partial files and playlists. */
    static void prepare(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String base = name.endsWith(".tmp") ? name.substring(0, name.length() - 4) : name;
                if (OWN_FILES.contains(name) || SEGMENT_NAME.matcher(base).matches()) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /**
     * The segments ffmpeg has finished, in order: listed in its playlist and present under their
     * final name. Never lists a partial ({@code .tmp}) file. Cheap to call often: the playlist is
     * parsed again only when it has been replaced.
     */
    public List<Segment> completedSegments() {
        return read().segments();
    }

    /** True once ffmpeg has exited 0 and its playlist ends with {@code #EXT-X-ENDLIST}. */
    public boolean finished() {
        return process.exitedCleanly() && read().ended();
    }

    /**
     * Why the transcode failed, with ffmpeg's last stderr lines: empty while it runs, when it
     * finished, and when it ended because {@link #stop()} was called.
     */
    public Optional<String> failure() {
        return process.failure(() -> read().ended(), "ffmpeg exited without ending its playlist");
    }

    /** Stops ffmpeg (see {@link FfmpegProcess#stop()}); segments already complete stay. */
    public void stop() {
        process.stop();
    }

    public CompletableFuture<Integer> exit() {
        return process.exit();
    }

    public Path outputDir() {
        return outputDir;
    }

    /** The ffmpeg command line, for logs. */
    public List<String> command() {
        return process.command();
    }

    /** The segments a finished transcode left in {@code outputDir}, as its playlist there lists them. */
    public static List<Segment> readSegments(Path outputDir) {
        Path playlist = outputDir.resolve(PLAYLIST);
        try {
            BasicFileAttributes attributes = Files.readAttributes(playlist, BasicFileAttributes.class);
            return parse(outputDir, Files.readAllLines(playlist, StandardCharsets.UTF_8), attributes).segments();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + playlist + ": " + e.getMessage(), e);
        }
    }

    private Parsed read() {
        Path playlist = outputDir.resolve(PLAYLIST);
        BasicFileAttributes attributes;
        List<String> lines;
        try {
            attributes = Files.readAttributes(playlist, BasicFileAttributes.class);
            Parsed last = parsed;
            if (last != null && last.modified().equals(attributes.lastModifiedTime()) && last.size() == attributes.size()
                    && Objects.equals(last.fileKey(), attributes.fileKey())) {
                return last;
            }
            lines = Files.readAllLines(playlist, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Parsed(null, -1, null, List.of(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + playlist + ": " + e.getMessage(), e);
        }
        Parsed fresh = parse(outputDir, lines, attributes);
        parsed = fresh;
        return fresh;
    }

    private static Parsed parse(Path outputDir, List<String> lines, BasicFileAttributes attributes) {
        List<Segment> segments = new ArrayList<>();
        boolean ended = false;
        double duration = Double.NaN;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#EXTINF:")) {
                int comma = line.indexOf(',');
                duration = Double.parseDouble(line.substring("#EXTINF:".length(), comma < 0 ? line.length() : comma));
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                if (!Double.isNaN(duration) && SEGMENT_NAME.matcher(line).matches()
                        && Files.isRegularFile(outputDir.resolve(line))) {
                    segments.add(new Segment(line, duration));
                }
                duration = Double.NaN;
            }
        }
        return new Parsed(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(), List.copyOf(segments), ended);
    }
}
