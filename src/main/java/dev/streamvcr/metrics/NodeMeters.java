package dev.streamvcr.metrics;

import dev.streamvcr.storage.RecordingStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Meters of the node itself at {@code /q/metrics}: how late a Vert.x timer fires (a blocked or overloaded event loop,
 * which delays every recording on it) and the free space of each storage volume.
 */
@ApplicationScoped
public class NodeMeters {

    /** How often the event loop is sampled. */
    static final Duration LAG_SAMPLE = Duration.ofMillis(500);
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @Inject
    RecordingStore store;

    private long lagTimer = -1;

    void onStart(@Observes StartupEvent event) {
        Timer lag = Timer.builder("streamvcr.event.loop.lag")
                .description("How much later than due a periodic Vert.x timer fired").serviceLevelObjectives(
                        LAG_BUCKETS).register(registry);
        long period = LAG_SAMPLE.toNanos();
        long[] due = {System.nanoTime() + period};
        lagTimer = vertx.setPeriodic(LAG_SAMPLE.toMillis(), id -> {
            long now = System.nanoTime();
            lag.record(Duration.ofNanos(Math.max(0, now - due[0])));
            due[0] = now + period;
        });
        for (RecordingStore.Volume volume : store.volumes()) {
            Path path = volume.path();
            Gauge.builder("streamvcr.storage.free", path, NodeMeters::usableBytes).baseUnit("bytes")
                    .description("Usable free space of a storage volume")
                    .tag("volume", path.equals(store.root()) ? "recordings" : "data")
                    .register(registry);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (lagTimer >= 0) {
            vertx.cancelTimer(lagTimer);
        }
    }

    /** NaN (no sample) when the volume cannot be read. */
    private static double usableBytes(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
