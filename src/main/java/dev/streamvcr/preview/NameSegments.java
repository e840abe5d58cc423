package dev.streamvcr.preview;

import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.preview.media.KeyFrames;
import dev.streamvcr.preview.media.NameSegment;
import dev.streamvcr.preview.media.PreviewProfile;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Viewers' name segments, made ahead of need by a pool of one worker per core into
 * {@code previews/{userId}/{recordingId}/name-NNNNN.ts}; each one's key frame goes to {@link PreviewEvidence}. The
 * pool bounds what names cost the node: when it falls behind, viewers' playlists grow more slowly, nothing more.
 */
@ApplicationScoped
public class NameSegments {

    private static final Logger LOG = Logger.getLogger(NameSegments.class);

    @Inject
    PreviewEvidence evidence;

    private final Map<Path, CompletableFuture<Path>> making = new ConcurrentHashMap<>();
    private final AtomicInteger made = new AtomicInteger();
    private final ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread thread = new Thread(r, "preview-names");
        thread.setDaemon(true);
        return thread;
    });

    /** One name segment: whose, of which recording, which segment, from which variant file, with what text. */
    public record Order(long userId, long recordingId, int segment, Variant variant, Path variantFile, String text) {
    }

    void stop() {
        workers.shutdownNow();
    }

    /** Where the name segment of {@code order} is (or will be). */
    static Path file(Path previews, long userId, long recordingId, int segment) {
        return previews.resolve(Long.toString(userId)).resolve(Long.toString(recordingId))
                .resolve(String.format("name-%05d.ts", segment));
    }

    /** Whether making it failed, in which case the viewer gets the plain variant segment there. */
    boolean failed(Path output) {
        CompletableFuture<Path> future = making.get(output);
        return future != null && future.isCompletedExceptionally();
    }

    /** Orders it unless it is made or being made. */
    void order(Path output, Order order, FfmpegTools tools, Path font) {
        if (Files.isRegularFile(output)) {
            return;
        }
        making.computeIfAbsent(output, o -> CompletableFuture.supplyAsync(() -> {
            NameSegment.make(tools, PreviewProfile.DEFAULT_720P, order.variantFile(), output, order.text(), font);
            evidence.keyFrames(order.recordingId(), order.segment(), order.variant(), order.userId(),
                    KeyFrames.ofSegment(output));
            made.incrementAndGet();
            return output;
        }, workers).whenComplete((path, failure) -> {
            if (failure != null) {
                LOG.warnf("The name segment %d of recording %d for user %d could not be made: %s", order.segment(),
                        order.recordingId(), order.userId(), failure.getMessage());
            } else {
                making.remove(output);
            }
        }));
    }

    /** Waits for an ordered name segment a viewer asked for before it was listed (they guessed nothing: a race). */
    Path await(Path output, Duration timeout) {
        CompletableFuture<Path> future = making.get(output);
        if (future == null) {
            return Files.isRegularFile(output) ? output : null;
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Name segments made since start (for the benchmark's figures). */
    public int made() {
        return made.get();
    }
}
