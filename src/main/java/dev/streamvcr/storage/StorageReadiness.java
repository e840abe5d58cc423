package dev.streamvcr.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the storage can take recordings ({@link RecordingStore#problems()}): a node that cannot write
 * would take work it can only fail.
 */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    static final String NAME = "storage";

    private final RecordingStore store;

    @Inject
    StorageReadiness(RecordingStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("recordings", store.root()
                .toString()).withData("minFreeBytes", store.minFree());
        try {
            response.withData("freeBytes", Files.getFileStore(store.root()).getUsableSpace());
        } catch (IOException e) {
            // the problems below say so
        }
        List<String> problems = store.problems();
        if (!problems.isEmpty()) {
            response.withData("error", String.join("; ", problems));
        }
        return response.status(problems.isEmpty()).build();
    }
}
