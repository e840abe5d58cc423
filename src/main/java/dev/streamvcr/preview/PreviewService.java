package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.preview.media.FfmpegProcess;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.preview.media.IntroSegment;
import dev.streamvcr.preview.media.PreviewProfile;
import dev.streamvcr.preview.media.PreviewTranscode;
import dev.streamvcr.preview.media.ProcessLimits;
import dev.streamvcr.preview.media.WatermarkFont;
import dev.streamvcr.recording.FfmpegSlots;
import dev.streamvcr.recording.RecordingDeleted;
import dev.streamvcr.recording.RecordingService;
import dev.streamvcr.web.NotFound;
import dev.streamvcr.web.TooManyRequests;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Watermarked previews made on the fly: one transcode per (viewer, recording), started by the viewer's first
 * playlist request, into {@code previews/{userId}/{recordingId}/}. A limiter bounds concurrent transcodes and
 * answers "try later" instead of queueing; idle transcodes stop, finished previews expire.
 */
@ApplicationScoped
public class PreviewService {

    private static final Logger LOG = Logger.getLogger(PreviewService.class);
    private static final Pattern SEGMENT = Pattern.compile("seg-\\d{5}\\.ts");
    private static final String INTRO = "intro.ts";
    /** Marks a preview whose transcode finished; without it a directory is a leftover and is removed. */
    private static final String DONE = "done";

    @Inject
    StreamVcrConfig config;

    @Inject
    PreviewSigner signer;

    @Inject
    RecordingService recordings;

    @Inject
    FfmpegSlots slots;

    @Inject
    NodeIdentity node;

    @Inject
    AbPreviews ab;

    @Inject
    PreviewOwner owner;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    private final Map<Key, Job> jobs = new ConcurrentHashMap<>();
    private Path root;
    private volatile Media media;

    private record Key(long userId, long recordingId) {
    }

    /** The tools every transcode shares, set up on first use (ffmpeg lookup, font, the intro segment). */
    private record Media(FfmpegTools tools, Path font, Path intro, double introSeconds) {
    }

    /** A running or finished transcode and when its viewer last asked for it. */
    private static final class Job {
        final PreviewTranscode transcode;
        volatile long lastRequest = System.nanoTime();

        Job(PreviewTranscode transcode) {
            this.transcode = transcode;
        }
    }

    /** A grant for the viewer: the playlist to open and the signed cookie that opens it. */
    public record Grant(String playlistUrl, String cookiePath, String cookie, Instant expiresAt) {
    }

    /** The playlist text and whether this request started (or reopened) the preview, which is audited. */
    public record Playlist(String text, boolean started) {
    }

    void onStart(@Observes StartupEvent event) {
        root = Path.of(config.storage().dir().orElse(config.dataDir())).toAbsolutePath().normalize().resolve("previews");
        FfmpegProcess.limit(new ProcessLimits(config.preview().ffmpegCpuTime(), config.preview().ffmpegMemory()));
        // Each instance records its own runs, so a restart ends what it left behind and nothing of another's.
        Path runs = Path.of(config.dataDir()).toAbsolutePath().resolve("ffmpeg-runs")
                .resolve(node.id().replaceAll("[^A-Za-z0-9._-]", "_"));
        FfmpegProcess.killOrphans(runs);
        FfmpegProcess.recordRunsIn(runs);
        removeUnfinished();
        io.micrometer.core.instrument.Gauge.builder("streamvcr.preview.transcodes.running", this,
                PreviewService::transcodesRunning)
                .description("Per-viewer preview transcodes running on this node").register(meters);
        ab.start(root);
        // Find ffmpeg and encode the intro now, so the first viewer's playlist comes back at once.
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                media();
            } catch (RuntimeException e) {
                LOG.warnf("Previews are not available yet: %s", e.getMessage());
            }
        });
    }

    /** Per-viewer transcodes running now (finished ones are kept until they expire). */
    int transcodesRunning() {
        return (int) jobs.values().stream().filter(job -> !job.transcode.finished()).count();
    }

    void onStop(@Observes ShutdownEvent event) {
        jobs.values().forEach(job -> job.transcode.stop());
        ab.stop();
        FfmpegProcess.stopAll();
    }

    /** A deleted recording's previews go with it, every viewer's, running or finished. */
    void onRecordingDeleted(@Observes RecordingDeleted event) {
        jobs.forEach((key, job) -> {
            if (key.recordingId() == event.recordingId()) {
                job.transcode.stop();
            }
        });
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> users = Files.list(root)) {
            users.map(user -> user.resolve(Long.toString(event.recordingId()))).filter(Files::isDirectory)
                    .forEach(PreviewService::deleteTree);
        } catch (IOException e) {
            LOG.warnf(e, "Cannot remove the previews of deleted recording %d", event.recordingId());
        }
    }

    /** Checks the viewer may see the recording and signs a grant scoped to their own preview directory. */
    public Grant grant(Viewer viewer, long recordingId) {
        recordings.get(viewer, recordingId);
        String prefix = PreviewGrant.prefix(viewer.id(), recordingId);
        Instant expires = Instant.now().plus(config.preview().grantTtl());
        String cookie = signer.sign(new PreviewGrant(viewer.id(), prefix, expires, viewer.tokenId()));
        return new Grant(prefix + "index.m3u8", prefix, cookie, expires);
    }

    /** Checks a request under a preview path; the caller answers 403 when it is refused. */
    public PreviewSigner.Check check(String cookie, String path, Viewer viewer) {
        if (viewer == null) {
            return new PreviewSigner.Check(false, "not logged in");
        }
        return signer.check(cookie, path, viewer.id(), viewer.tokenId(), Instant.now());
    }

    /**
     * The playlist of the viewer's preview, starting its transcode if none runs or finished. Comes back at once:
     * at first with the intro alone. Throws {@link TooManyRequests} when every transcode slot is busy.
     */
    public Playlist playlist(Viewer viewer, long recordingId) {
        Media m = media();
        int target = PreviewProfile.DEFAULT_720P.segmentSeconds() + 1;
        PreviewPlaylist.Entry intro = new PreviewPlaylist.Entry(INTRO, m.introSeconds());
        if (config.preview().mode() == StreamVcrConfig.PreviewMode.AB) {
            AbPreviews.Listing listing = ab.playlist(viewer, recordingId, m.tools(), m.font());
            return new Playlist(PreviewPlaylist.build(target, intro, listing.segments(), listing.finished()),
                    listing.started());
        }
        Key key = new Key(viewer.id(), recordingId);
        Path dir = directory(key);
        boolean started = false;
        Job job = jobs.get(key);
        List<PreviewPlaylist.Entry> segments;
        boolean finished;
        if (job == null && Files.exists(dir.resolve(DONE)) && newerThanSource(dir, viewer, recordingId)) {
            segments = PreviewTranscode.readSegments(dir).stream()
                    .map(s -> new PreviewPlaylist.Entry(s.name(), s.durationSeconds())).toList();
            finished = true;
        } else if (job == null && owner.ofAnotherLiveNode(dir)) {
            // Another node makes it (the viewer's last request went there): its files, as far as they go.
            segments = PreviewTranscode.readSegments(dir).stream()
                    .map(s -> new PreviewPlaylist.Entry(s.name(), s.durationSeconds())).toList();
            finished = false;
        } else {
            if (job == null) {
                job = start(viewer, recordingId, key, dir, m);
                started = true;
            }
            job.lastRequest = System.nanoTime();
            segments = job.transcode.completedSegments().stream()
                    .map(s -> new PreviewPlaylist.Entry(s.name(), s.durationSeconds())).toList();
            finished = job.transcode.finished();
        }
        return new Playlist(PreviewPlaylist.build(target, intro, segments, finished), started);
    }

    /** Whether a finished preview was made after its recording last changed (else it is made again). */
    private boolean newerThanSource(Path dir, Viewer viewer, long recordingId) {
        try {
            Path source = recordings.previewSource(viewer, recordingId).lastPart();
            return Files.getLastModifiedTime(dir.resolve(DONE)).compareTo(Files.getLastModifiedTime(source)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Which ffmpeg previews are made with, in words for the page; or why there is none. */
    public String ffmpegOrigin() {
        try {
            return "Made with " + media().tools().origin() + ".";
        } catch (RuntimeException e) {
            return "Previews are not available on this server right now; an administrator can see why in the log.";
        }
    }

    /** A file of the viewer's preview: the intro or a finished segment; {@link NotFound} otherwise. */
    public Path file(Viewer viewer, long recordingId, String name) {
        if (INTRO.equals(name)) {
            return media().intro();
        }
        if (config.preview().mode() == StreamVcrConfig.PreviewMode.AB) {
            Media m = media();
            return ab.file(viewer, recordingId, name, m.tools(), m.font());
        }
        Key key = new Key(viewer.id(), recordingId);
        Job job = jobs.get(key);
        if (job != null) {
            job.lastRequest = System.nanoTime();
        }
        Path file = directory(key).resolve(name);
        if (!SEGMENT.matcher(name).matches() || !Files.isRegularFile(file)) {
            throw new NotFound("No such preview segment.");
        }
        return file;
    }

    private synchronized Job start(Viewer viewer, long recordingId, Key key, Path dir, Media m) {
        Job running = jobs.get(key);
        if (running != null) {
            return running;
        }
        RecordingService.PreviewSource source = recordings.previewSource(viewer, recordingId);
        int perUser = config.preview().maxTranscodesPerUser();
        if (jobs.keySet().stream().filter(k -> k.userId() == viewer.id()).count() >= perUser) {
            throw new TooManyRequests("You are already watching " + perUser + " preview" + (perUser == 1 ? "" : "s")
                    + " being made; close one, or try again in a minute.", FfmpegSlots.RETRY_AFTER_SECONDS);
        }
        if (!slots.tryAcquire()) {
            throw new TooManyRequests("Every preview slot is busy; try again in a few seconds.",
                    FfmpegSlots.RETRY_AFTER_SECONDS);
        }
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
            owner.claim(dir);
            String watermark = viewer.username() + " · #" + viewer.id() + " · " + LocalDate.now(ZoneOffset.UTC);
            PreviewTranscode transcode = PreviewTranscode.start(m.tools(), PreviewProfile.DEFAULT_720P, source.parts(),
                    source.stillRecording(), dir, watermark, m.font());
            Job job = new Job(transcode);
            jobs.put(key, job);
            transcode.exit().whenComplete((code, failure) -> {
                slots.release();
                // Marked done (or deleted) before the job goes: a request that finds no job must find the marker, or
                // it would start the transcode again over the finished files.
                if (transcode.finished()) {
                    touch(dir.resolve(DONE));
                } else {
                    LOG.warnf("Preview of recording %d for user %d ended without finishing: %s", recordingId,
                            key.userId(), transcode.failure().orElse("stopped"));
                    deleteTree(dir);
                }
                jobs.remove(key, job);
            });
            LOG.infof("Preview of recording %d for %s started", recordingId, viewer.username());
            return job;
        } catch (IOException | RuntimeException e) {
            slots.release();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /** Stops transcodes nobody asked for lately and deletes finished previews past their retention. */
    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        ab.sweep();
        long idleNanos = config.preview().idleStop().toNanos();
        jobs.forEach((key, job) -> {
            if (!job.transcode.finished() && System.nanoTime() - job.lastRequest > idleNanos) {
                LOG.infof("Stopping the idle preview of recording %d for user %d", key.recordingId(), key.userId());
                job.transcode.stop();
            } else if (!job.transcode.finished()) {
                owner.renew(directory(key));
            }
        });
        Instant expired = Instant.now().minus(config.preview().retention());
        forEachPreview(dir -> {
            Path done = dir.resolve(DONE);
            if (owner.ofAnotherLiveNode(dir)) {
                return;
            }
            if (!Files.exists(done) && owner.ofADeadNode(dir)) {
                LOG.infof("Removing the unfinished preview %s of a node that stopped", dir);
                deleteTree(dir);
                return;
            }
            try {
                // A/B previews keep only name segments here, with no marker: they go when they are that old.
                Path marker = Files.exists(done) ? done : dir;
                if (Files.getLastModifiedTime(marker).toInstant().isBefore(expired)) {
                    deleteTree(dir);
                }
            } catch (IOException e) {
                LOG.warnf(e, "Cannot check the age of %s", dir);
            }
        });
    }

    /** Removes what a transcode of this node (or of a node that died) left unfinished; never another live node's. */
    void removeUnfinished() {
        forEachPreview(dir -> {
            if (!Files.exists(dir.resolve(DONE)) && owner.removableAtStart(dir)) {
                deleteTree(dir);
            }
        });
    }

    private void forEachPreview(java.util.function.Consumer<Path> action) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> users = Files.list(root)) {
            // user directories only: previews/shared holds A/B variants, previews/_intro the intro
            for (Path user : users.filter(Files::isDirectory).filter(u -> u.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try (Stream<Path> previews = Files.list(user)) {
                    previews.filter(Files::isDirectory)
                            .filter(dir -> !jobs.containsKey(keyOf(dir)))
                            .forEach(action);
                }
            }
        } catch (IOException e) {
            LOG.warnf(e, "Cannot list the previews under %s", root);
        }
    }

    private static Key keyOf(Path dir) {
        try {
            return new Key(Long.parseLong(dir.getParent().getFileName().toString()),
                    Long.parseLong(dir.getFileName().toString()));
        } catch (NumberFormatException e) {
            return new Key(-1, -1);
        }
    }

    private Path directory(Key key) {
        return root.resolve(Long.toString(key.userId())).resolve(Long.toString(key.recordingId()));
    }

    /** ffmpeg and ffprobe, found (and the intro made) on first use. */
    FfmpegTools tools() {
        return media().tools();
    }

    private Media media() {
        Media m = media;
        if (m == null) {
            synchronized (this) {
                if (media == null) {
                    FfmpegTools tools = FfmpegTools.locate(config.ffmpeg());
                    LOG.infof("Previews, MP4s and pictures use %s", tools);
                    Path font = WatermarkFont.resolve(Path.of(config.dataDir()));
                    Path intro = IntroSegment.ensure(tools, PreviewProfile.DEFAULT_720P, root.resolve("_intro"), font);
                    media = new Media(tools, font, intro,
                            IntroSegment.durationSeconds(tools, intro));
                }
                m = media;
            }
        }
        return m;
    }

    static void touch(Path file) {
        try {
            Files.writeString(file, Instant.now().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf(e, "Cannot delete %s", dir);
        }
    }
}
