package dev.streamvcr.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * The real peers' programs (Debian bookworm packages) and the loopback ports tests give them.
 *
 * <p>Call {@link #ensureInstalled()} before starting any peer, typically from {@code @BeforeAll}.
 */
public final class PeerTools {

    public static final Path NGINX = Path.of("/usr/sbin/nginx");
    public static final Path RTMP_MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
    public static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    public static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
    public static final Path RTMPDUMP = Path.of("/usr/bin/rtmpdump");

    private static final List<Path> REQUIRED = List.of(NGINX, RTMP_MODULE, FFMPEG, FFPROBE, RTMPDUMP);
    private static final List<String> PACKAGES = List.of("nginx", "libnginx-mod-rtmp", "ffmpeg", "rtmpdump");
    /** Shared by every JVM on the machine, so concurrent test runs install once, not in a race. */
    private static final Path INSTALL_LOCK =
            Path.of(System.getProperty("java.io.tmpdir"), "streamvcr-peer-install.lock");
    private static final Duration APT_UPDATE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration APT_INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private static volatile boolean verified;

    private PeerTools() {
    }

    /**
     * Makes sure nginx with the RTMP module, ffmpeg, ffprobe and rtmpdump are installed, installing
     * the missing Debian packages when running as root (≈ 50 s on a fresh machine, once).
     *
     * <p>When not root and something is missing: throws {@link IllegalStateException} if the
     * environment has {@code CI=true}, so CI cannot pass by skipping; otherwise aborts the calling
     * test as skipped. Safe to call from any number of threads and JVMs at once.
     */
    public static void ensureInstalled() {
        if (verified) {
            return;
        }
        synchronized (PeerTools.class) {
            if (verified) {
                return;
            }
            List<Path> missing = missing();
            if (!missing.isEmpty()) {
                if (!isRoot()) {
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

    /**
     * A TCP port on 127.0.0.1 that was free a moment ago. Another process may take it before the
     * caller binds it; callers that start a server retry with a new port when binding fails.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static List<Path> missing() {
        return REQUIRED.stream().filter(path -> !Files.exists(path)).toList();
    }

    private static void refuseWithoutRoot(List<Path> missing) {
        String message = "Real-peer tests need " + missing + ". Install them as root with: "
                + "apt-get update && apt-get install -y --no-install-recommends " + String.join(" ", PACKAGES);
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.assumeTrue(false, message);
    }

    private static void installUnderLock() {
        try (FileChannel channel = FileChannel.open(INSTALL_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (missing().isEmpty()) {
                return; // another JVM installed them while we waited for the lock
            }
            apt(APT_UPDATE_TIMEOUT, List.of("update", "-q"));
            // The lock timeout covers an apt run we do not control (unattended upgrades, another tool).
            apt(APT_INSTALL_TIMEOUT, concat(List.of("install", "-y", "-q", "--no-install-recommends",
                    "-o", "DPkg::Lock::Timeout=300"), PACKAGES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + INSTALL_LOCK, e);
        }
    }

    private static void apt(Duration timeout, List<String> arguments) {
        // env(1) rather than ProcessBuilder.environment(): ToolRun keeps one spawning path for all tools.
        List<String> command = concat(List.of("/usr/bin/env", "DEBIAN_FRONTEND=noninteractive", "apt-get"), arguments);
        ToolRun run = ToolRun.execute(timeout, command);
        if (!run.succeeded()) {
            throw new IllegalStateException("installing the real-peer tools failed: " + String.join(" ", command)
                    + " exited with " + run.exitCode() + "\n" + tail(run.stdout()) + "\n" + run.stderr());
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
