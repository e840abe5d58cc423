package dev.streamvcr.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian packages that a tier of tests runs, known by the files they install; {@link #ensureInstalled()}
 * installs the missing ones with apt-get.
 */
public final class DebianPackages {

    /** Shared by every JVM and every package set on the machine: apt-get runs one at a time, never in a race. */
    private static final Path INSTALL_LOCK =
            Path.of(System.getProperty("java.io.tmpdir"), "streamvcr-peer-install.lock");
    private static final Duration APT_UPDATE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration APT_INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private final String neededBy;
    private final List<Path> required;
    private final List<String> packages;
    private volatile boolean verified;

    /**
     * @param neededBy who needs them, for messages ("Real-peer tests")
     * @param required files that are there once {@code packages} are installed
     */
    public DebianPackages(String neededBy, List<Path> required, List<String> packages) {
        this.neededBy = neededBy;
        this.required = List.copyOf(required);
        this.packages = List.copyOf(packages);
    }

    /**
     * Makes sure every required file is there, installing the packages when one is missing and
     * running as root.
     *
     * <p>When not root and something is missing: throws {@link IllegalStateException} if the
     * environment has {@code CI=true}, so CI cannot pass by skipping; otherwise aborts the calling
     * test as skipped. Safe to call from any number of threads and JVMs at once.
     */
    public void ensureInstalled() {
        if (verified) {
            return;
        }
        synchronized (this) {
            if (verified) {
                return;
            }
            List<Path> missing = missing();
            if (!missing.isEmpty()) {
                if (!PeerTools.isRoot()) {
                    refuseWithoutRoot(missing);
                }
                installUnderLock();
                List<Path> stillMissing = missing();
                if (!stillMissing.isEmpty()) {
                    throw new IllegalStateException("apt-get install finished but these are still missing: "
                            + stillMissing);
                }
            }
            verified = true;
        }
    }

    private List<Path> missing() {
        return required.stream().filter(path -> !Files.exists(path)).toList();
    }

    private void refuseWithoutRoot(List<Path> missing) {
        String message = neededBy + " need " + missing + ". Install them as root with: "
                + "apt-get update && apt-get install -y --no-install-recommends " + String.join(" ", packages);
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.assumeTrue(false, message);
    }

    private void installUnderLock() {
        try (FileChannel channel = FileChannel.open(INSTALL_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (missing().isEmpty()) {
                return; // another JVM installed them while we waited for the lock
            }
            apt(APT_UPDATE_TIMEOUT, List.of("update", "-q"));
            // The lock timeout covers an apt run we do not control (unattended upgrades, another tool).
            apt(APT_INSTALL_TIMEOUT, concat(List.of("install", "-y", "-q", "--no-install-recommends",
                    "-o", "DPkg::Lock::Timeout=300"), packages));
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + INSTALL_LOCK, e);
        }
    }

    private void apt(Duration timeout, List<String> arguments) {
        // env(1) rather than ProcessBuilder.environment(): ToolRun keeps one spawning path for all tools.
        List<String> command = concat(List.of("/usr/bin/env", "DEBIAN_FRONTEND=noninteractive", "apt-get"), arguments);
        ToolRun run = ToolRun.execute(timeout, command);
        if (!run.succeeded()) {
            throw new IllegalStateException("installing " + String.join(" ", packages) + " failed: "
                    + String.join(" ", command) + " exited with " + run.exitCode() + "\n" + tail(run.stdout()) + "\n" + run.stderr());
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
