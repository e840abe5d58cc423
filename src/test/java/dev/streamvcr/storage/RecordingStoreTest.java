package dev.streamvcr.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingStoreTest {

    @TempDir
    Path root;

    @Test
    void partPathsAreBuiltFromIdsAndTheBookedMonth() throws Exception {
        RecordingStore store = new RecordingStore(root, 0);
        store.requireFreeSpace();
        String path = store.partPath(42, Instant.parse("2026-03-31T23:30:00Z"), 3);
        assertEquals("recordings/2026/03/42/part-0003.flv", path);
        Path file = store.prepare(path);
        assertTrue(Files.isDirectory(file.getParent()));
        assertEquals(root.resolve(path), file);
    }

    @Test
    void pathsLeavingTheRootAreRefused() {
        RecordingStore store = new RecordingStore(root, 0);
        assertThrows(IllegalArgumentException.class, () -> store.resolve("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.resolve("recordings/../../x"));
        assertThrows(IllegalArgumentException.class, () -> store.resolve(""));
    }

    @Test
    void belowTheFreeSpaceFloorARecordingDoesNotStart() {
        RecordingStore store = new RecordingStore(root, Long.MAX_VALUE);
        RecordingStore.InsufficientSpace refused = assertThrows(RecordingStore.InsufficientSpace.class,
                store::requireFreeSpace);
        assertTrue(refused.getMessage().startsWith("Not enough free space on the recording storage"), refused.getMessage());
        assertTrue(refused.getMessage().contains("STREAMVCR_STORAGE_MIN_FREE"), refused.getMessage());
    }

    @Test
    void aFullDiskIsToldApartFromOtherWriteFailures() {
        java.io.IOException enospc = new java.io.IOException("No space left on device");
        assertTrue(RecordingStore.isFull(new io.vertx.core.file.FileSystemException(enospc)), "ENOSPC as a cause");
        assertTrue(RecordingStore.isFull(new java.io.IOException("Disk quota exceeded")), "EDQUOT");
        org.junit.jupiter.api.Assertions.assertFalse(RecordingStore.isFull(new java.io.IOException("Input/output error")));
        org.junit.jupiter.api.Assertions.assertFalse(RecordingStore.isFull(new IllegalStateException()), "no message");
    }
}
