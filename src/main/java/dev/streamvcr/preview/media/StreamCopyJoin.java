package dev.streamvcr.preview.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Joins the parts of a recording into one file by stream copy (no re-encoding): ffmpeg's concat demuxer puts each
 * part right after the end of the one before, so the file has one timeline and the time between parts is not in it.
 * The output is written under a temporary name beside {@code output} and moved into place only when ffmpeg succeeded,
 * so {@code output} is either absent or complete. An MP4 gets its index in front ({@code +faststart}) so players
 * start and seek before they have the whole file.
 */
public final class StreamCopyJoin {

    /** The containers a join writes, with ffmpeg's muxer name. */
    public enum Container {
        FLV("flv"), MPEGTS("mpegts"), MP4("mp4");

        final String muxer;

        Container(String muxer) {
            this.muxer = muxer;
        }
    }

    private final FfmpegProcess process;
    private final Path partial;
    private final long inputBytes;
    private final CompletableFuture<Path> done = new CompletableFuture<>();

    private StreamCopyJoin(FfmpegProcess process, Path partial, long inputBytes) {
        this.process = process;
        this.partial = partial;
        this.inputBytes = inputBytes;
    }

    /**
     * Starts the join and returns at once.
     *
     * @param videoCodec the parts' video codec as ffprobe names it, or null: HEVC is tagged {@code hvc1} in an MP4,
     *     the tag Safari plays
     * @throws FfmpegException if ffmpeg cannot start
     */
    public static StreamCopyJoin start(FfmpegTools tools, List<Path> parts, Container container, String videoCodec,
            Path output) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts to join");
        }
        Path target = output.toAbsolutePath().normalize();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Path list = target.resolveSibling("." + target.getFileName() + "." + unique + ".ffconcat");
        Path partial = target.resolveSibling("." + target.getFileName() + "." + unique + ".partial");
        long bytes = 0;
        try {
            StringBuilder text = new StringBuilder("ffconcat version 1.0\n");
            for (Path part : parts) {
                bytes += Files.size(part);
                // concat(3): a quoted path, in which ' is written '\''
                text.append("file '").append(("file:" + part.toAbsolutePath()).replace("'", "'\\''")).append("'\n");
            }
            Files.writeString(list, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare joining " + parts + ": " + e.getMessage(), e);
        }
        List<String> arguments = new ArrayList<>(List.of("-v", "error", "-y", "-f", "concat", "-safe", "0",
                "-i", "file:" + list, "-map", "0:v?", "-map", "0:a?", "-c", "copy"));
        if (container == Container.MP4) {
            if ("hevc".equals(videoCodec)) {
                arguments.addAll(List.of("-tag:v", "hvc1"));
            }
            arguments.addAll(List.of("-movflags", "+faststart"));
        }
        arguments.addAll(List.of("-f", container.muxer, "file:" + partial));
        StreamCopyJoin join = new StreamCopyJoin(FfmpegProcess.start(tools, arguments), partial, bytes);
        join.process.exit().whenComplete((code, failure) -> {
            try {
                Files.deleteIfExists(list);
                if (failure == null && code == 0 && !join.process.stopRequested()) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    join.done.complete(target);
                } else {
                    Files.deleteIfExists(partial);
                    join.done.completeExceptionally(failure != null ? failure
                            : join.process.stopRequested() ? new FfmpegException("stopped")
                            : join.process.failure("exited with " + code));
                }
            } catch (IOException | RuntimeException e) {
                join.done.completeExceptionally(e);
            }
        });
        return join;
    }

    /** Completes with the output file once it is in place; fails with ffmpeg's reason otherwise. */
    public CompletableFuture<Path> done() {
        return done;
    }

    /**
     * How far the join is, 0 to 1: bytes written against the bytes of the parts (a stream copy writes about as many
     * as it reads). Stays below 1 until the file is in place.
     */
    public double progress() {
        if (done.isDone() && !done.isCompletedExceptionally()) {
            return 1;
        }
        try {
            long written = Files.exists(partial) ? Files.size(partial) : 0;
            return inputBytes == 0 ? 0 : Math.min(0.99, written / (double) inputBytes);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Ends the join; the temporary file is removed and {@link #done()} fails. Safe to call at any time. */
    public void stop() {
        process.stop();
    }

    /** The reason the join failed, once it has. */
    public Optional<String> failure() {
        if (!done.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            done.join();
            return Optional.empty();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.ofNullable(cause.getMessage());
        }
    }
}
