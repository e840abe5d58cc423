package dev.streamvcr.recording;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.preview.media.FfmpegException;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.preview.media.MediaTracks;
import dev.streamvcr.preview.media.StreamCopyJoin;
import dev.streamvcr.web.Conflict;
import dev.streamvcr.web.TooManyRequests;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Files made from a finished recording's parts on first request and kept beside them (deleted with the recording):
 * the whole recording as one file in its parts' own container ({@code recording.flv}, {@code recording.ts}) and an
 * MP4 ({@code recording.mp4}). Both are stream copies on one timeline (see {@link StreamCopyJoin}). A part that cannot
 * be read is left out and reported; the rest is still joined. One join per file runs at a time on this node, in a slot
 * of {@link FfmpegSlots}; a request waits a little for it, then hears how far it is.
 */
@ApplicationScoped
public class RecordingExports {

    private static final Logger LOG = Logger.getLogger(RecordingExports.class);
    /** How long a request waits for a join before it is answered with its progress instead. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** What MP4 carries, by ffmpeg's codec names (ISO/IEC 14496-12/-14/-15 and the registered sample entries). */
    private static final List<String> MP4_VIDEO = List.of("h264", "hevc", "av1", "vp9", "mpeg4");
    private static final List<String> MP4_AUDIO = List.of("aac", "mp3", "opus", "flac", "ac3", "eac3", "alac");
    private static final Map<String, String> CODEC_NAMES = Map.of("nellymoser", "Nellymoser", "speex", "Speex",
            "flv1", "Sorenson H.263", "vp6f", "On2 VP6", "vp6a", "On2 VP6 with alpha", "adpcm_swf", "Flash ADPCM",
            "pcm_alaw", "G.711 A-law", "pcm_mulaw", "G.711 µ-law", "mp1", "MPEG-1 Layer I");

    /** Which file: the whole recording in its parts' container, or the MP4. */
    public enum Kind {
        WHOLE, MP4
    }

    /** One part as a join reads it. */
    public record PartSource(long partId, int number, Path file, long durationMs) {
    }

    /**
     * A finished or running recording's parts, in order, and where its files go.
     *
     * @param extension the parts' own: flv, ts or mp4
     */
    public record Source(long recordingId, List<PartSource> parts, boolean active, String extension, Path directory) {
    }

    /** A part that could not be read, with the reason, for the recording's gaps. */
    public record DamagedPart(long partId, int number, long durationMs, String reason) {
    }

    /** What a request finds: the file when it is ready, else how far it is (0 to 1). */
    public record Export(Path file, double progress) {
        public boolean ready() {
            return file != null;
        }
    }

    private record Key(long recordingId, String fileName) {
    }

    @Inject
    StreamVcrConfig config;

    @Inject
    FfmpegSlots slots;

    private final Map<Key, StreamCopyJoin> joins = new ConcurrentHashMap<>();
    private volatile Duration wait = WAIT;

    /** For tests that need to see a join in progress: how long requests wait for one. */
    void waitFor(Duration wait) {
        this.wait = wait;
    }

    void onStop(@Observes ShutdownEvent event) {
        joins.values().forEach(StreamCopyJoin::stop);
    }

    /**
     * The file of {@code kind}, starting its join when it is not there (or older than a part); waits up to
     * {@link #WAIT} for a join. Blocking.
     *
     * @param damaged told of each part left out because it cannot be read
     * @throws Conflict when there is nothing to make yet or the recording cannot become that file (in words a
     *     person can act on)
     * @throws TooManyRequests when every ffmpeg slot of this node is busy
     * @throws ExportUnavailable when this node has no working ffmpeg, or ffmpeg failed
     */
    public Export request(Source source, Kind kind, Consumer<DamagedPart> damaged) {
        if (source.parts().isEmpty()) {
            throw new Conflict("Nothing has been recorded yet.");
        }
        if (kind == Kind.WHOLE && source.parts().size() == 1) {
            return new Export(source.parts().get(0).file(), 1);
        }
        if (source.active()) {
            throw new Conflict(kind == Kind.MP4
                    ? "The MP4 is made once the recording has ended; until then its parts can be downloaded as they are."
                    : "This recording is still going on in " + source.parts().size() + " parts; the whole file is made "
                            + "when it ends. Until then each part can be downloaded on its own (?part=N).");
        }
        String extension = kind == Kind.MP4 ? "mp4" : source.extension();
        Path target = source.directory().resolve("recording." + extension);
        Key key = new Key(source.recordingId(), target.getFileName().toString());
        StreamCopyJoin join = joins.get(key);
        if (join == null) {
            if (upToDate(target, source)) {
                return new Export(target, 1);
            }
            join = start(source, extension, target, key, damaged);
        }
        return await(key, join);
    }

    private synchronized StreamCopyJoin start(Source source, String extension, Path target, Key key,
            Consumer<DamagedPart> damaged) {
        StreamCopyJoin running = joins.get(key);
        if (running != null) {
            return running;
        }
        FfmpegTools tools;
        try {
            tools = FfmpegTools.locate(config.ffmpeg());
        } catch (FfmpegException e) {
            throw new ExportUnavailable("There is no working ffmpeg on this server to join the recording's files.", e);
        }
        List<Path> readable = new ArrayList<>();
        MediaTracks tracks = null;
        for (PartSource part : source.parts()) {
            try {
                MediaTracks read = MediaTracks.of(tools, part.file());
                if (read.tracks().isEmpty()) {
                    throw new FfmpegException("no audio or video in it");
                }
                readable.add(part.file());
                tracks = tracks == null ? read : tracks;
            } catch (MediaTracks.Crash e) {
                throw new ExportUnavailable("This server's ffmpeg (" + tools.origin() + ") cannot read this "
                        + "recording's files; set STREAMVCR_FFMPEG to a working ffmpeg.", e);
            } catch (FfmpegException e) {
                LOG.warnf("Recording %d: part %d (%s) cannot be read and is left out: %s", source.recordingId(),
                        part.number(), part.file(), e.getMessage());
                damaged.accept(new DamagedPart(part.partId(), part.number(), part.durationMs(), firstLine(e)));
            }
        }
        if (readable.isEmpty()) {
            throw new Conflict("None of this recording's files can be read, so there is no whole file to make.");
        }
        String videoCodec = tracks.first("video").map(MediaTracks.Track::codec).orElse(null);
        if ("mp4".equals(extension)) {
            requireMp4(tracks);
        }
        if (!slots.tryAcquire()) {
            throw new TooManyRequests("This server is busy making other files; try again in a few seconds.",
                    FfmpegSlots.RETRY_AFTER_SECONDS);
        }
        StreamCopyJoin join;
        try {
            StreamCopyJoin.Container container = switch (extension) {
                case "flv" -> StreamCopyJoin.Container.FLV;
                case "ts" -> StreamCopyJoin.Container.MPEGTS;
                default -> StreamCopyJoin.Container.MP4;
            };
            join = StreamCopyJoin.start(tools, readable, container, videoCodec, target);
        } catch (RuntimeException e) {
            slots.release();
            throw new ExportUnavailable("The recording's files could not be joined.", e);
        }
        joins.put(key, join);
        LOG.infof("Recording %d: making %s from %d part(s)", source.recordingId(), target, readable.size());
        join.done().whenComplete((file, failure) -> {
            slots.release();
            if (failure != null) {
                LOG.warnf("Recording %d: %s could not be made: %s", source.recordingId(), target, failure.getMessage());
            }
        });
        return join;
    }

    private Export await(Key key, StreamCopyJoin join) {
        try {
            Path file = join.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            joins.remove(key, join);
            return new Export(file, 1);
        } catch (TimeoutException e) {
            return new Export(null, join.progress());
        } catch (ExecutionException e) {
            joins.remove(key, join);
            throw new ExportUnavailable("The recording's files could not be joined into one.", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Export(null, join.progress());
        }
    }

    /** Stops and forgets the joins of a recording being deleted. */
    void forget(long recordingId) {
        joins.entrySet().removeIf(entry -> {
            if (entry.getKey().recordingId() != recordingId) {
                return false;
            }
            entry.getValue().stop();
            return true;
        });
    }

    /** How far the file of {@code kind} is while it is being made on this node; empty when no join runs. */
    public java.util.Optional<Double> progress(Source source, Kind kind) {
        String extension = kind == Kind.MP4 ? "mp4" : source.extension();
        StreamCopyJoin join = joins.get(new Key(source.recordingId(), "recording." + extension));
        return join == null ? java.util.Optional.empty() : java.util.Optional.of(join.progress());
    }

    /** Whether the file of {@code kind} is there and newer than every part. */
    public boolean ready(Source source, Kind kind) {
        if (kind == Kind.WHOLE && source.parts().size() == 1) {
            return true;
        }
        String extension = kind == Kind.MP4 ? "mp4" : source.extension();
        return !source.active() && upToDate(source.directory().resolve("recording." + extension), source);
    }

    private static void requireMp4(MediaTracks tracks) {
        if (!tracks.hasVideo()) {
            throw new Conflict("This recording has no video, so there is no MP4 of it; download it as it is.");
        }
        for (MediaTracks.Track track : tracks.tracks()) {
            List<String> carried = track.kind().equals("video") ? MP4_VIDEO : track.kind().equals("audio") ? MP4_AUDIO
                    : null;
            if (carried != null && !carried.contains(track.codec())) {
                throw new Conflict("MP4 cannot carry the " + track.kind() + " codec of this recording ("
                        + CODEC_NAMES.getOrDefault(track.codec(), track.codec()) + "), and making one would mean "
                        + "re-encoding it. Download the recording as it is instead.");
            }
        }
    }

    private static boolean upToDate(Path target, Source source) {
        try {
            if (!Files.isRegularFile(target)) {
                return false;
            }
            FileTime made = Files.getLastModifiedTime(target);
            for (PartSource part : source.parts()) {
                if (Files.exists(part.file()) && Files.getLastModifiedTime(part.file()).compareTo(made) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstLine(FfmpegException e) {
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        String tail = message.contains("last stderr lines:\n") ? message.substring(message.indexOf("last stderr lines:\n")
                + "last stderr lines:\n".length()).strip() : message;
        String line = tail.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(tail);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
