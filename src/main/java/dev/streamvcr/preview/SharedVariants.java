package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.preview.media.KeyFrames;
import dev.streamvcr.preview.media.PreviewProfile;
import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import dev.streamvcr.preview.media.VariantTranscode;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import dev.streamvcr.recording.RecordingService;
import dev.streamvcr.web.TooManyRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The two shared variants of each recording's A/B preview: one {@link VariantTranscode} per recording, started by the
 * first viewer into {@code previews/shared/{recordingId}/}, running while anyone watches, reused by every later viewer
 * until the recording changes, deleted after the retention. Every finished segment's key frames go to
 * {@link PreviewEvidence} in the background.
 */
@ApplicationScoped
public class SharedVariants {

    private static final Logger LOG = Logger.getLogger(SharedVariants.class);
    private static final String DONE = "done";
    /** How many segments' key frames are recorded, so a restart does not read them all again. */
    private static final String RECORDED = "key-frames-recorded";
    private static final int RETRY_AFTER_SECONDS = 15;

    @Inject
    StreamVcrConfig config;

    @Inject
    PreviewOwner owner;

    @Inject
    CodeKeys keys;

    @Inject
    PreviewEvidence evidence;

    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final Map<Long, Integer> recorded = new ConcurrentHashMap<>();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "preview-key-frames");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Semaphore slots;
    private volatile Path root;

    /** What viewers can have of a recording's variants now. */
    public record Now(Path directory, List<Segment> segments, boolean finished, boolean started) {
    }

    private static final class Job {
        final VariantTranscode transcode;
        final long startedBy;
        volatile long lastRequest = System.nanoTime();

        Job(VariantTranscode transcode, long startedBy) {
            this.transcode = transcode;
            this.startedBy = startedBy;
        }
    }

    void start(Path previews) {
        root = previews.resolve("shared");
        int max = config.preview().maxTranscodes().orElse(Runtime.getRuntime().availableProcessors());
        slots = new Semaphore(Math.max(1, max));
        forEachIdle(dir -> {
            if (!Files.exists(dir.resolve(DONE)) && owner.removableAtStart(dir)) {
                PreviewService.deleteTree(dir);
            }
        });
    }

    void stop() {
        jobs.values().forEach(job -> job.transcode.stop());
        recorder.shutdownNow();
    }

    /**
     * The recording's variants for a viewer's playlist: finished ones from storage when they are newer than the
     * recording, else the running encode, started now if none runs.
     *
     * @throws TooManyRequests when a new encode would exceed the node's or the viewer's share of slots
     */
    public Now open(Viewer viewer, RecordingService.PreviewSource source, FfmpegTools tools) {
        long recordingId = source.recordingId();
        Path dir = directory(recordingId);
        Job job = jobs.get(recordingId);
        boolean started = false;
        if (job == null && Files.exists(dir.resolve(DONE)) && newerThan(dir.resolve(DONE), source.lastPart())) {
            Now now = new Now(dir, VariantTranscode.readSegments(dir), true, false);
            recordKeyFrames(recordingId, dir, now.segments());
            return now;
        }
        if (job == null && owner.ofAnotherLiveNode(dir)) {
            // Another node encodes them (the viewer's last request went there): its files, as far as they go.
            return new Now(dir, VariantTranscode.readSegments(dir), false, false);
        }
        if (job == null) {
            job = begin(viewer, source, tools, dir);
            started = true;
        }
        job.lastRequest = System.nanoTime();
        List<Segment> segments = job.transcode.completedSegments();
        recordKeyFrames(recordingId, dir, segments);
        return new Now(dir, segments, job.transcode.finished(), started);
    }

    /** The variants as they are, without starting anything (for a viewer's segment request). */
    public Now current(long recordingId) {
        Path dir = directory(recordingId);
        Job job = jobs.get(recordingId);
        if (job != null) {
            job.lastRequest = System.nanoTime();
            return new Now(dir, job.transcode.completedSegments(), job.transcode.finished(), false);
        }
        boolean done = Files.exists(dir.resolve(DONE));
        boolean elsewhere = !done && owner.ofAnotherLiveNode(dir);
        return new Now(dir, done || elsewhere ? VariantTranscode.readSegments(dir) : List.of(), done, false);
    }

    private synchronized Job begin(Viewer viewer, RecordingService.PreviewSource source, FfmpegTools tools, Path dir) {
        long recordingId = source.recordingId();
        Job running = jobs.get(recordingId);
        if (running != null) {
            return running;
        }
        int perUser = config.preview().maxTranscodesPerUser();
        if (jobs.values().stream().filter(j -> j.startedBy == viewer.id()).count() >= perUser) {
            throw new TooManyRequests("You are already watching " + perUser + " preview" + (perUser == 1 ? "" : "s")
                    + " being made; close one, or try again in a minute.", RETRY_AFTER_SECONDS);
        }
        if (!slots.tryAcquire()) {
            throw new TooManyRequests("Every preview slot is busy; try again in a few seconds.", RETRY_AFTER_SECONDS);
        }
        try {
            PreviewService.deleteTree(dir);
            Files.createDirectories(dir);
            owner.claim(dir);
            recorded.remove(recordingId);
            VariantTranscode transcode = VariantTranscode.start(tools, PreviewProfile.DEFAULT_720P, source.parts(),
                    source.stillRecording(), dir, keys.mark(), recordingId);
            Job job = new Job(transcode, viewer.id());
            jobs.put(recordingId, job);
            transcode.exit().whenComplete((code, failure) -> {
                slots.release();
                // Marked done (or deleted) before the job goes: a viewer who finds no job must find the marker, or
                // they would start the encode again over the finished files.
                if (transcode.finished()) {
                    PreviewService.touch(dir.resolve(DONE));
                    jobs.remove(recordingId, job);
                    recordKeyFrames(recordingId, dir, transcode.completedSegments());
                } else {
                    LOG.warnf("The shared preview of recording %d ended without finishing: %s", recordingId,
                            transcode.failure().orElse("stopped"));
                    recorded.remove(recordingId);
                    PreviewService.deleteTree(dir);
                    jobs.remove(recordingId, job);
                }
            });
            LOG.infof("Shared preview variants of recording %d started for %s", recordingId, viewer.username());
            return job;
        } catch (IOException | RuntimeException e) {
            slots.release();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /** Records, in the background, the key frames of the segments not recorded yet. */
    private void recordKeyFrames(long recordingId, Path dir, List<Segment> segments) {
        int done = recorded.computeIfAbsent(recordingId, id -> readRecorded(dir));
        if (done >= segments.size()) {
            return;
        }
        recorded.put(recordingId, segments.size());
        recorder.execute(() -> {
            try {
                for (int k = done; k < segments.size(); k++) {
                    for (Variant variant : Variant.values()) {
                        Path file = VariantTranscode.file(dir, variant, segments.get(k).name());
                        evidence.keyFrames(recordingId, k, variant, null, KeyFrames.ofSegment(file));
                    }
                }
                Files.writeString(dir.resolve(RECORDED), Integer.toString(segments.size()));
            } catch (IOException | RuntimeException e) {
                // Its files were deleted (the encode stopped) or the database is away: the next look tries again.
                recorded.remove(recordingId);
                LOG.debugf("Key frames of recording %d not recorded yet: %s", recordingId, e.getMessage());
            }
        });
    }

    private static int readRecorded(Path dir) {
        try {
            return Integer.parseInt(Files.readString(dir.resolve(RECORDED)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Stops encodes nobody asked for lately and deletes finished variants past their retention. */
    void sweep() {
        long idleNanos = config.preview().idleStop().toNanos();
        jobs.forEach((recordingId, job) -> {
            if (!job.transcode.finished() && System.nanoTime() - job.lastRequest > idleNanos) {
                LOG.infof("Stopping the idle shared preview of recording %d", recordingId);
                job.transcode.stop();
            } else if (!job.transcode.finished()) {
                owner.renew(directory(recordingId));
            }
        });
        Instant expired = Instant.now().minus(config.preview().retention());
        forEachIdle(dir -> {
            if (!Files.exists(dir.resolve(DONE)) && owner.ofADeadNode(dir)) {
                LOG.infof("Removing the unfinished shared preview %s of a node that stopped", dir);
                PreviewService.deleteTree(dir);
                return;
            }
            try {
                Path done = dir.resolve(DONE);
                if (Files.exists(done) && Files.getLastModifiedTime(done).toInstant().isBefore(expired)) {
                    PreviewService.deleteTree(dir);
                }
            } catch (IOException e) {
                LOG.warnf(e, "Cannot check the age of %s", dir);
            }
        });
    }

    private void forEachIdle(java.util.function.Consumer<Path> action) {
        if (root == null || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .filter(dir -> !jobs.containsKey(Long.parseLong(dir.getFileName().toString())))
                    .forEach(action);
        } catch (IOException e) {
            LOG.warnf(e, "Cannot list the shared previews under %s", root);
        }
    }

    private Path directory(long recordingId) {
        return root.resolve(Long.toString(recordingId));
    }

    private static boolean newerThan(Path marker, Path source) {
        try {
            return Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(source)) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
