package dev.streamvcr.preview.media;

import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One ffmpeg that makes the two shared variants of a recording's preview, A and B, into {@code A/} and {@code B/} of
 * its output directory: the same decoded frames, split, marked {@code +P} and {@code −P} ({@link MarkPattern}) and
 * encoded twice with identical settings ({@link PreviewProfile}, a key frame forced at every segment boundary), so
 * segment {@code seg-NNNNN.ts} of A and of B start and end at the same frames and last the same. Any sequence that
 * takes each segment from either variant plays as one stream.
 *
 * <p>The mark pattern is a file ({@value #MARK_FILE}) that a thread of this object keeps
 * {@value #MARK_AHEAD} segments ahead of the encode; ffmpeg follows it, and ends with its main input. A recording
 * still being written is followed as {@link PreviewTranscode} does.
 */
public final class VariantTranscode {

    public static final String MARK_FILE = "mark.yuv";
    /** Segments of pattern written ahead of the encode (ten minutes at 2 s). */
    static final int MARK_AHEAD = 300;
    private static final long MARK_POLL_MILLIS = 500;

    /** Which of the two; its directory is its name. */
    public enum Variant {
        A, B;

        /** The bit a code uses for it: +1 for A, −1 for B. */
        public int sign() {
            return this == A ? 1 : -1;
        }

        public static Variant of(int sign) {
            return sign > 0 ? A : B;
        }
    }

    private final FfmpegProcess process;
    private final Path outputDir;
    private final PlaylistWatch a;
    private final PlaylistWatch b;

    private VariantTranscode(FfmpegProcess process, Path outputDir) {
        this.process = process;
        this.outputDir = outputDir;
        this.a = new PlaylistWatch(outputDir.resolve(Variant.A.name()));
        this.b = new PlaylistWatch(outputDir.resolve(Variant.B.name()));
    }

    /**
     * Starts the two encodes and returns at once, as {@link PreviewTranscode#start(FfmpegTools, PreviewProfile, List,
     * boolean, Path, String, Path)} does (a finished recording whole, one still recording by its growing last part).
     * What an earlier run left in {@code outputDir} is removed first.
     *
     * @param markKey the key of the recording's mark patterns (at least 16 bytes); a trace needs the same
     * @throws IllegalArgumentException for missing parts or an output path with {@code %}
     * @throws FfmpegException if the input cannot be probed, has no video, or ffmpeg cannot start
     */
    public static VariantTranscode start(FfmpegTools tools, PreviewProfile profile, List<Path> parts,
            boolean lastStillGrowing, Path outputDir, byte[] markKey, long recordingId) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no recording file to preview");
        }
        boolean whole = parts.size() > 1 && !lastStillGrowing;
        Path source = parts.get(whole ? 0 : parts.size() - 1).toAbsolutePath();
        Path directory = outputDir.toAbsolutePath().normalize();
        if (directory.toString().contains("%")) {
            throw new IllegalArgumentException("ffmpeg would read % in the output path as a pattern: " + directory);
        }
        for (Path part : whole ? parts : List.of(source)) {
            if (!Files.isRegularFile(part)) {
                throw new IllegalArgumentException("no recording file at " + part.toAbsolutePath());
            }
        }
        Set<String> streams = PreviewTranscode.streamTypes(tools, source);
        if (!streams.contains("video") && !(lastStillGrowing && streams.isEmpty())) {
            throw new FfmpegException("the recording " + source + " has no video to preview (streams: " + streams + ")");
        }
        boolean hasAudio = streams.contains("audio") || streams.isEmpty();
        Path mark = directory.resolve(MARK_FILE);
        List<String> input;
        try {
            for (Variant variant : Variant.values()) {
                PreviewTranscode.prepare(directory.resolve(variant.name()));
            }
            Files.deleteIfExists(mark);
            MarkPattern.append(mark, markKey, recordingId, 0, MARK_AHEAD);
            input = whole ? PreviewTranscode.concatInput(parts, directory.resolve(PreviewTranscode.PARTS_FILE))
                    : PreviewTranscode.fileInput(source, lastStillGrowing);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the preview directory " + directory + ": " + e.getMessage(), e);
        }
        FfmpegProcess process = FfmpegProcess.start(tools, arguments(profile, input, hasAudio, mark, directory));
        VariantTranscode transcode = new VariantTranscode(process, directory);
        transcode.keepMarkAhead(mark, markKey, recordingId);
        return transcode;
    }

    /** The ffmpeg arguments for {@code input} (its options and -i), marked by the pattern file {@code mark}. */
    static List<String> arguments(PreviewProfile profile, List<String> input, boolean inputHasAudio, Path mark,
            Path outputDir) {
        List<String> arguments = new ArrayList<>(List.of("-y"));
        arguments.addAll(input);
        arguments.addAll(MarkPattern.input(mark, profile.segmentSeconds(), true));
        String audio = "0:a:0";
        if (!inputHasAudio) {
            arguments.addAll(List.of("-f", "lavfi", "-i", profile.silenceSource()));
            audio = "2:a:0";
        }
        List<String> frames = new ArrayList<>(profile.frameFilters());
        frames.add("format=" + profile.pixelFormat());
        String blend = "blend=all_mode=grainmerge:shortest=1";
        arguments.addAll(List.of("-filter_complex",
                "[0:v:0]" + FilterGraph.chain(frames) + ",split[m1][m2];"
                        + "[1:v]split[p1][p2];"
                        + "[p1]" + MarkPattern.scaleUp(profile) + "[pa];"
                        + "[p2]" + MarkPattern.negate() + "," + MarkPattern.scaleUp(profile) + "[pb];"
                        + "[m1][pa]" + blend + "[va];"
                        + "[m2][pb]" + blend + "[vb]"));
        for (Variant variant : Variant.values()) {
            arguments.addAll(List.of("-map", variant == Variant.A ? "[va]" : "[vb]", "-map", audio));
            if (!inputHasAudio) {
                arguments.add("-shortest");
            }
            arguments.addAll(profile.encoderArguments());
            arguments.addAll(PreviewTranscode.hlsOutput(profile, outputDir.resolve(variant.name())));
        }
        return arguments;
    }

    private void keepMarkAhead(Path mark, byte[] key, long recordingId) {
        Thread writer = new Thread(() -> {
            int written = MARK_AHEAD;
            try {
                while (!process.exit().isDone()) {
                    int needed = completedSegments().size() + MARK_AHEAD;
                    if (needed > written) {
                        MarkPattern.append(mark, key, recordingId, written, needed);
                        written = needed;
                    }
                    Thread.sleep(MARK_POLL_MILLIS);
                }
            } catch (IOException | UncheckedIOException e) {
                // ffmpeg then runs out of pattern and ends the variants early, which failure() reports.
                process.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mark-" + process.pid());
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * The segments both variants have finished, in order: listed in both playlists under the same name and with the
     * same duration. Cheap to call often.
     */
    public List<Segment> completedSegments() {
        return common(a.segments(), b.segments());
    }

    /** The segments a finished run left in {@code outputDir}, as both variants' playlists list them. */
    public static List<Segment> readSegments(Path outputDir) {
        return common(PreviewTranscode.readSegments(outputDir.resolve(Variant.A.name())),
                PreviewTranscode.readSegments(outputDir.resolve(Variant.B.name())));
    }

    private static List<Segment> common(List<Segment> ofA, List<Segment> ofB) {
        int n = Math.min(ofA.size(), ofB.size());
        int same = 0;
        while (same < n && ofA.get(same).equals(ofB.get(same))) {
            same++;
        }
        return ofA.subList(0, same);
    }

    /** A finished segment's file in one variant. */
    public Path segment(Variant variant, String name) {
        return file(outputDir, variant, name);
    }

    /** A segment's file in one variant under {@code outputDir} (the caller checks the name is a listed one). */
    public static Path file(Path outputDir, Variant variant, String name) {
        return outputDir.resolve(variant.name()).resolve(name);
    }

    /** True once ffmpeg has exited 0 and both playlists end with {@code #EXT-X-ENDLIST}. */
    public boolean finished() {
        return process.exitedCleanly() && a.ended() && b.ended();
    }

    /** Why the encodes failed, with ffmpeg's last stderr lines; empty while running, when finished or stopped. */
    public Optional<String> failure() {
        return process.failure(() -> a.ended() && b.ended(), "ffmpeg exited without ending its playlists");
    }

    /** Stops ffmpeg; segments already complete stay. */
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
}
