package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.preview.media.FfmpegException;
import dev.streamvcr.preview.media.FfmpegProcess;
import dev.streamvcr.preview.media.FfmpegTools;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A recording's poster: one JPEG frame, {@value #WIDTH} px wide, kept beside its parts as {@code poster.jpg} (deleted
 * with them). Made on request by ffmpeg in a slot of {@link FfmpegSlots}: from about {@value #TAIL_SECONDS} s before
 * the end of the newest part while the recording runs (made again when older than {@link #REFRESH}), from 10 % into the
 * recording once it has ended. A request that finds every slot busy, or the poster already being made, gets the last
 * poster or a placeholder at once: it never waits, and recording sessions take no slot, so a poster never slows one.
 * A recording without video gets a placeholder that says so.
 */
@ApplicationScoped
public class RecordingPosters {

    private static final Logger LOG = Logger.getLogger(RecordingPosters.class);
    static final int WIDTH = 320;
    static final int TAIL_SECONDS = 2;
    /** A running recording's poster older than this is made again. */
    static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String FILE = "poster.jpg";
    /** Left where the poster would be when the recording has no video, so ffmpeg is not asked again. */
    static final String NO_VIDEO = "poster.none";

    /** The answer: the image's bytes and media type, an ETag, and how long a browser may keep it. */
    public record Picture(byte[] bytes, String mediaType, String etag, int maxAgeSeconds) {

        /** The image for a request, or 304 when the request's {@code If-None-Match} names it. */
        public Response answer(HttpHeaders headers) {
            String cacheControl = "private, max-age=" + maxAgeSeconds;
            if (etag.equals(headers.getHeaderString("If-None-Match"))) {
                return Response.notModified().header("ETag", etag)
                        .header("Cache-Control", cacheControl).build();
            }
            return Response.ok(bytes, mediaType).header("ETag", etag)
                    .header("Cache-Control", cacheControl).build();
        }
    }

    /** What a placeholder says. */
    enum Placeholder {
        NOTHING_YET("No picture yet"), NO_VIDEO("Sound only"), UNAVAILABLE("No picture");

        final String text;

        Placeholder(String text) {
            this.text = text;
        }

        /** A 16:9 grey card with its words, as an SVG (the same origin's images are allowed by the CSP). */
        Picture picture(int maxAgeSeconds) {
            String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 180\" width=\"320\" height=\"180\">"
                    + "<rect width=\"320\" height=\"180\" fill=\"#5b6676\"/>"
                    + "<text x=\"160\" y=\"98\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"22\" "
                    + "fill=\"#ffffff\">" + text + "</text></svg>";
            return new Picture(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml", "\"placeholder-"
                    + name().toLowerCase(Locale.ROOT) + "\"", maxAgeSeconds);
        }
    }

    @Inject
    RecordingService recordings;

    @Inject
    FfmpegSlots slots;

    @Inject
    StreamVcrConfig config;

    private final Set<Long> making = ConcurrentHashMap.newKeySet();

    /**
     * The poster of recording {@code id}, made first when it is missing or out of date and a slot is free. Blocking
     * (at most {@link #TIMEOUT}); never throws for a media problem, only {@link dev.streamvcr.web.NotFound} for a
     * recording the viewer may not see.
     */
    public Picture poster(Viewer viewer, long id) {
        RecordingExports.Source source = recordings.exportSource(viewer, id);
        int maxAge = source.active() ? (int) REFRESH.toSeconds() : 3600;
        if (source.parts().isEmpty()) {
            return Placeholder.NOTHING_YET.picture(5);
        }
        Path poster = source.directory().resolve(FILE);
        Path noVideo = source.directory().resolve(NO_VIDEO);
        if (current(noVideo, source)) {
            return Placeholder.NO_VIDEO.picture(maxAge);
        }
        if (current(poster, source)) {
            return read(poster, maxAge);
        }
        if (!making.add(source.recordingId())) {
            return previous(poster, 5);
        }
        try {
            if (!slots.tryAcquire()) {
                return previous(poster, 5);
            }
            try {
                return make(source, poster, noVideo, maxAge);
            } finally {
                slots.release();
            }
        } finally {
            making.remove(source.recordingId());
        }
    }

    private Picture make(RecordingExports.Source source, Path poster, Path noVideo, int maxAge) {
        FfmpegTools tools;
        try {
            tools = FfmpegTools.locate(config.ffmpeg());
        } catch (FfmpegException e) {
            LOG.warnf("Recording %d: no poster, there is no working ffmpeg: %s", source.recordingId(), e.getMessage());
            return previous(poster, 60);
        }
        Position at = position(source);
        Path partial = poster.resolveSibling("poster.making.jpg");
        try {
            frame(tools, at.file(), at.seconds(), partial);
            if (!nonEmpty(partial) && at.seconds() > 0) {
                frame(tools, at.file(), 0, partial); // a seek past what a growing file holds yet gives no frame
            }
            if (!nonEmpty(partial)) {
                LOG.warnf("Recording %d: ffmpeg gave no frame from %s", source.recordingId(), at.file());
                return previous(poster, 5);
            }
            Files.move(partial, poster, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(noVideo);
            return read(poster, maxAge);
        } catch (FfmpegException e) {
            if (String.valueOf(e.getMessage()).contains("matches no streams")) {
                touch(noVideo);
                return Placeholder.NO_VIDEO.picture(maxAge);
            }
            LOG.warnf("Recording %d: no poster from %s: %s", source.recordingId(), at.file(), e.getMessage());
            return previous(poster, 5);
        } catch (IOException e) {
            LOG.warnf(e, "Recording %d: cannot keep its poster in %s", source.recordingId(), poster);
            return previous(poster, 5);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next run overwrites it
            }
        }
    }

    /** One frame at {@code seconds} into {@code file}, scaled to {@link #WIDTH} px wide, as a JPEG. */
    private static void frame(FfmpegTools tools, Path file, double seconds, Path target) {
        FfmpegProcess.run(tools, List.of("-v", "error", "-ss", String.format(Locale.ROOT, "%.3f", seconds),
                "-i", "file:" + file.toAbsolutePath(), "-map", "0:v:0", "-an", "-frames:v", "1",
                "-vf", "scale=" + WIDTH + ":-2", "-q:v", "5", "-f", "image2", "-update", "1", "-y",
                "file:" + target.toAbsolutePath()), TIMEOUT);
    }

    /** Which part, and where in it: near the end of the newest while recording, else 10 % into the whole. */
    record Position(Path file, double seconds) {
    }

    static Position position(RecordingExports.Source source) {
        List<RecordingExports.PartSource> parts = source.parts();
        if (source.active()) {
            RecordingExports.PartSource last = parts.get(parts.size() - 1);
            return new Position(last.file(), Math.max(0, last.durationMs() / 1000.0 - TAIL_SECONDS));
        }
        long total = parts.stream().mapToLong(RecordingExports.PartSource::durationMs).sum();
        long left = total / 10;
        for (RecordingExports.PartSource part : parts) {
            if (left < part.durationMs()) {
                return new Position(part.file(), left / 1000.0);
            }
            left -= part.durationMs();
        }
        return new Position(parts.get(0).file(), 0);
    }

    /**
     * Whether {@code file} may be served as it is: while recording, when younger than {@link #REFRESH}; once ended,
     * when newer than every part (so the running recording's last poster is replaced once).
     */
    private static boolean current(Path file, RecordingExports.Source source) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            Instant made = Files.getLastModifiedTime(file).toInstant();
            if (source.active()) {
                return made.isAfter(Instant.now().minus(REFRESH));
            }
            for (RecordingExports.PartSource part : source.parts()) {
                if (Files.getLastModifiedTime(part.file()).toInstant().isAfter(made)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Picture previous(Path poster, int maxAge) {
        return Files.isRegularFile(poster) ? read(poster, maxAge) : Placeholder.UNAVAILABLE.picture(maxAge);
    }

    private static Picture read(Path poster, int maxAge) {
        try {
            byte[] bytes = Files.readAllBytes(poster);
            long modified = Files.getLastModifiedTime(poster).toMillis();
            return new Picture(bytes, "image/jpeg", "\"" + Long.toHexString(bytes.length) + "-"
                    + Long.toHexString(modified) + "\"", maxAge);
        } catch (IOException e) {
            return Placeholder.UNAVAILABLE.picture(5);
        }
    }

    private static boolean nonEmpty(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void touch(Path file) {
        try {
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            LOG.warnf("Cannot note in %s that the recording has no video: %s", file, e.getMessage());
        }
    }
}
