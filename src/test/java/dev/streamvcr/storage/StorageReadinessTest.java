package dev.streamvcr.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageReadinessTest {

    @TempDir
    Path dir;

    @Test
    void writableStorageAboveTheFloorIsReadyAndLeavesNoProbeFile() throws Exception {
        HealthCheckResponse response = new StorageReadiness(new RecordingStore(dir, 0)).call();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus(), String.valueOf(response.getData()));
        assertEquals("storage", response.getName());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the probe file was left behind");
        }
    }

    @Test
    void storageThatIsNotADirectoryIsNotReadyAndSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        HealthCheckResponse response = new StorageReadiness(new RecordingStore(file, dir, 0)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        String error = (String) response.getData().orElseThrow().get("error");
        assertTrue(error.startsWith(file + " is not writable: "), error);
    }

    @Test
    void storageBelowTheFloorIsNotReadyAndNamesTheSetting() {
        HealthCheckResponse response = new StorageReadiness(new RecordingStore(dir, Long.MAX_VALUE)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(Long.MAX_VALUE, data.get("minFreeBytes"));
        String error = (String) data.get("error");
        assertTrue(error.matches(java.util.regex.Pattern.quote(dir.toString()) + " has .* free, less than "
                + "STREAMVCR_STORAGE_MIN_FREE \\(.* GiB\\)"), error);
    }
}
