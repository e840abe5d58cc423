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

    @PostConstruct
    void init() {
        slots = new Semaphore(Math.max(1, config.preview().maxTranscodes().orElse(Runtime.getRuntime().availableProcessors())));
    }

    /** Takes a slot if one is free; a caller that got one must {@link #release()} it exactly once. */
    public boolean tryAcquire() {
        return slots.tryAcquire();
    }

    public void release() {
        slots.release();
    }
}
