package dev.streamvcr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes, each with a data directory of its own, sharing one storage directory for their generated keys. */
class SharedSecretFileTest {

    @Test
    void nodesStartingTogetherAllGetTheKeyOfTheOneThatWroteIt(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("storage/keys/secret.key");
        int nodes = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        List<Future<String>> keys = new ArrayList<>();
        try {
            for (int n = 0; n < nodes; n++) {
                Path own = dir.resolve("node-" + n + "/secret.key");
                keys.add(pool.submit(() -> {
                    go.await();
                    return SecretFile.readOrCreateShared(shared, own, 32);
                }));
            }
            go.countDown();
            Set<String> seen = new HashSet<>();
            for (Future<String> key : keys) {
                seen.add(key.get());
            }
            assertEquals(1, seen.size(), "one key for every node: " + seen);
            String key = seen.iterator().next();
            assertEquals(64, key.length());
            assertEquals(key, Files.readString(shared));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(shared));
        try (Stream<Path> files = Files.list(shared.getParent())) {
            assertEquals(List.of(shared), files.toList(), "no temporary file is left behind");
        }
        for (int n = 0; n < nodes; n++) {
            assertFalse(Files.exists(dir.resolve("node-" + n + "/secret.key")), "no node keeps a copy of its own");
        }
    }

    @Test
    void aSingleNodesExistingKeyBecomesTheSharedOne(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("storage/keys/secret.key");
        Path first = dir.resolve("node-a/secret.key");
        String existing = "ab".repeat(32);
        Files.createDirectories(first.getParent());
        Files.writeString(first, existing + "\n");

        assertEquals(existing, SecretFile.readOrCreateShared(shared, first, 32), "what it sealed still opens");
        assertEquals(existing, Files.readString(shared));
        assertEquals(existing + "\n", Files.readString(first), "the node's own file is left as it was");
        assertEquals(existing, SecretFile.readOrCreateShared(shared, dir.resolve("node-b/secret.key"), 32),
                "a second node joining reads the same key");
        assertEquals(existing, SecretFile.readOrCreateShared(shared, first, 32), "and so does the first again");
    }

    @Test
    void aNodeWithAKeyOfItsOwnThatDiffersRefusesToStart(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("storage/keys/secret.key");
        String clusters = SecretFile.readOrCreateShared(shared, dir.resolve("node-a/secret.key"), 32);
        Path other = dir.resolve("node-b/secret.key");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "cd".repeat(32));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SecretFile.readOrCreateShared(shared, other, 32));
        assertTrue(refused.getMessage().contains("every node needs the same key"), refused.getMessage());
        assertTrue(refused.getMessage().contains(other.toString()) && refused.getMessage().contains(shared.toString()),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(clusters), "the message never shows a key");
        assertEquals(clusters, Files.readString(shared), "the shared key is not replaced");
    }
}
