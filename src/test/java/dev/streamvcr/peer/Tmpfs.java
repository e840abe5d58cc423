package dev.streamvcr.peer;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted over a directory, for tests of a full disk; closing unmounts it. Mounting needs root: without
 * it the test is skipped on a developer's machine and fails in CI ({@code CI=true}), where nothing may be skipped.
 */
public final class Tmpfs implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Path directory;

    private Tmpfs(Path directory) {
        this.directory = directory;
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. {@code 1m}) over {@code directory}. */
    public static Tmpfs mount(Path directory, String size) {
        ToolRun mount = ToolRun.execute(TIMEOUT, "mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
                directory.toString());
        if (!mount.succeeded()) {
            String message = "mounting a tmpfs needs root: " + mount.stderr();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        return new Tmpfs(directory);
    }

    /** Unmounts whatever is mounted over {@code directory}, lazily if it is still busy. */
    public static void unmount(Path directory) {
        if (!ToolRun.execute(TIMEOUT, "umount", directory.toString()).succeeded()) {
            ToolRun.execute(TIMEOUT, "umount", "-l", directory.toString()).requireSuccess();
        }
    }

    @Override
    public void close() {
        unmount(directory);
    }
}
