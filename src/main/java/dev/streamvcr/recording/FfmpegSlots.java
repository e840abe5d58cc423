package dev.streamvcr.recording;

import dev.streamvcr.config.StreamVcrConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;

/**
 * The node's budget of ffmpeg runs made for viewers: preview transcodes, MP4 remuxes, poster frames and bitrate
 * plots all take a slot, so together they never use more than {@code STREAMVCR_PREVIEW_MAX_TRANSCODES} at once.
 * A request that finds none free is answered "try later" (429 with Retry-After), never queued. Recording sessions
 * never take a slot: they run no ffmpeg.
 */
@ApplicationScoped
public class FfmpegSlots {

    /** What a viewer who found every slot busy is told to wait, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 15;

    @Inject
    StreamVcrConfig config;

    private Semaphore slots;
    private int size;
    private volatile Runnable onRefusal = () -> { };

    @PostConstruct
    void init() {
        size = Math.max(1, config.preview().maxTranscodes().orElse(Runtime.getRuntime().availableProcessors()));
        slots = new Semaphore(size);
    }

    /** Takes a slot if one is free; a caller that got one must {@link #release()} it exactly once. */
    public boolean tryAcquire() {
        boolean taken = slots.tryAcquire();
        if (!taken) {
            onRefusal.run();
        }
        return taken;
    }

    /** Slots taken now. */
    public int busy() {
        return size - slots.availablePermits();
    }

    /** Runs {@code action} at every refusal (for a meter); replaces the one before. */
    void whenRefused(Runnable action) {
        onRefusal = action;
    }

    public void release() {
        slots.release();
    }
}
