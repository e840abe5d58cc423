package dev.streamvcr.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * What this node's recording sessions do, as Prometheus meters at {@code /q/metrics}. Sessions report events, never
 * single chunks: bytes are added from the progress figures the session reads once a second anyway.
 */
@Startup
@ApplicationScoped
public class RecordingMeters {

    /** Buckets of the start lag: a healthy start is well under a second; a stream that came late, much more. */
    private static final Duration[] START_LAG_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Counter started;
    private final Counter completed;
    private final Counter failed;
    private final Counter bytes;
    private final Counter reconnects;
    private final Counter gaps;
    private final Timer startLag;

    @Inject
    RecordingMeters(MeterRegistry registry, SessionRegistry sessions, FfmpegSlots slots) {
        Gauge.builder("streamvcr.recordings.active", sessions, SessionRegistry::count)
                .description("Recording sessions running on this node: waiting for their stream, recording or "
                        + "reconnecting").register(registry);
        started = Counter.builder("streamvcr.recordings.started")
                .description("Recordings whose first media was written on this node").register(registry);
        completed = Counter.builder("streamvcr.recordings.completed")
                .description("Recordings this node ended COMPLETED").register(registry);
        failed = Counter.builder("streamvcr.recordings.failed")
                .description("Recordings this node ended FAILED").register(registry);
        bytes = Counter.builder("streamvcr.recorded.bytes").baseUnit("bytes")
                .description("Media bytes written into recording parts on this node").register(registry);
        reconnects = Counter.builder("streamvcr.recording.reconnects")
                .description("Connection attempts after a recording's stream dropped").register(registry);
        gaps = Counter.builder("streamvcr.recording.gaps")
                .description("Stretches of a stream that could not be recorded (drops, missed segments)")
                .register(registry);
        startLag = Timer.builder("streamvcr.recording.start.lag")
                .description("From the booked start to the first media byte written").serviceLevelObjectives(
                        START_LAG_BUCKETS).register(registry);
        Gauge.builder("streamvcr.ffmpeg.jobs.running", slots, FfmpegSlots::busy)
                .description("ffmpeg runs made for viewers (previews, MP4, posters, plots) running now")
                .register(registry);
        // Nothing waits for a slot (a request finding none is answered 429), so refusals stand for a queue.
        slots.whenRefused(Counter.builder("streamvcr.ffmpeg.jobs.refused")
                .description("ffmpeg runs refused (429 Retry-After) because every slot was busy")
                .register(registry)::increment);
    }

    /** A recording's first media byte is written, {@code lag} after its booked start (0 when it came before). */
    void started(Duration lag) {
        started.increment();
        startLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    void completed() {
        completed.increment();
    }

    void failed() {
        failed.increment();
    }

    /** More bytes were written since the last call (a second's worth, or the rest at the end). */
    void wrote(long more) {
        if (more > 0) {
            bytes.increment(more);
        }
    }

    void reconnecting() {
        reconnects.increment();
    }

    void gap() {
        gaps.increment();
    }
}
