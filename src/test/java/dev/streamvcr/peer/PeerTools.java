package dev.streamvcr.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

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

    private static final DebianPackages PACKAGES = new DebianPackages("Real-peer tests",
            List.of(NGINX, RTMP_MODULE, FFMPEG, FFPROBE, RTMPDUMP),
            List.of("nginx", "libnginx-mod-rtmp", "ffmpeg", "rtmpdump"));

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
        PACKAGES.ensureInstalled();
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
}
