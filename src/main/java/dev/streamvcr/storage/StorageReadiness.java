package dev.streamvcr.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while every storage directory takes a file (one is created and deleted) and the recording storage has
 * at least {@code STREAMVCR_STORAGE_MIN_FREE} free: a node that cannot write would take work it can only fail.
 */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    static final String NAME = "storage";
    private static final String PROBE = ".streamvcr-ready-";

    private final RecordingStore store;

    @Inject
    StorageReadiness(RecordingStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("recordings", store.root()
                .toString());
        List<String> problems = new ArrayList<>();
        Set<Path> dirs = new LinkedHashSet<>(List.of(store.root(), store.dataDir()));
        for (Path dir : dirs) {
            writable(dir).ifPresent(problems::add);
        }
        try {
            long free = Files.getFileStore(store.root()).getUsableSpace();
            response.withData("freeBytes", free).withData("minFreeBytes", store.minFree());
            if (free < store.minFree()) {
                problems.add(String.format("%s has %s free, less than STREAMVCR_STORAGE_MIN_FREE (%s)", store.root(),
                        RecordingStore.bytes(free), RecordingStore.bytes(store.minFree())));
            }
        } catch (IOException e) {
            problems.add("cannot read the free space of " + store.root() + ": " + e);
        }
        if (!problems.isEmpty()) {
            response.withData("error", String.join("; ", problems));
        }
        return response.status(problems.isEmpty()).build();
    }

    /** Empty when a file can be created in {@code dir} (made if missing) and deleted again; else what failed. */
    private static java.util.Optional<String> writable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, PROBE, ".tmp");
            Files.delete(probe);
            return java.util.Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return java.util.Optional.of(dir + " is not writable: " + e);
        }
    }
}
