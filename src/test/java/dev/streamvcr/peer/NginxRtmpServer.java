package dev.streamvcr.peer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A private nginx with the RTMP module on 127.0.0.1, run as a foreground child of the test JVM
 * from its own temporary prefix directory (config, pid, logs, temp files).
 *
 * <p>Use: {@code try (NginxRtmpServer nginx = new NginxRtmpServer().start()) { … nginx.rtmpUrl("cam") … }}.
 * The caller must have called {@link PeerTools#ensureInstalled()}. Guaranteed: when {@link #start()}
 * returns, the RTMP port (and the HTTP port, if configured) accept connections; when it throws, or
 * after {@link #close()}, no nginx process of this instance runs and its prefix is deleted.
 */
public final class NginxRtmpServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Ports come from {@link PeerTools#freePort()}, which another process may take first. */
    private static final int BIND_ATTEMPTS = 3;
    private static final int ERROR_LOG_TAIL_LINES = 40;

    private final NginxRtmpConfig config;
    private Path prefix;
    private PeerProcess process;
    private int rtmpPort = -1;
    private int httpPort = -1;

    public NginxRtmpServer() {
        this(NginxRtmpConfig.defaults());
    }

    public NginxRtmpServer(NginxRtmpConfig config) {
        this.config = config;
    }

    /** Starts nginx; call once. Returns this for try-with-resources. */
    public NginxRtmpServer start() throws IOException {
        if (prefix != null) {
            throw new IllegalStateException("already started");
        }
        prefix = Files.createTempDirectory("streamvcr-nginx-");
        try {
            for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
                if (launch()) {
                    return this;
                }
                String log = errorLogTail();
                process.close();
                if (!log.contains("Address already in use")) {
                    throw new IllegalStateException("nginx exited during startup:\n" + log);
                }
            }
            throw new IllegalStateException("nginx found no free port in " + BIND_ATTEMPTS + " attempts");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code rtmp://127.0.0.1:<port>/live/<streamName>}, for publishers and players alike. */
    public String rtmpUrl(String streamName) {
        return "rtmp://127.0.0.1:" + requireStarted(rtmpPort) + "/live/" + streamName;
    }

    public int rtmpPort() {
        return requireStarted(rtmpPort);
    }

    /** The HTTP port; throws if this server was configured without HTTP. */
    public int httpPort() {
        if (!config.http()) {
            throw new IllegalStateException("this nginx runs without HTTP");
        }
        return requireStarted(httpPort);
    }

    /** {@code http://127.0.0.1:<httpPort><path>}; {@code path} starts with a slash, e.g. {@code /stat}. */
    public String httpUrl(String path) {
        return "http://127.0.0.1:" + httpPort() + path;
    }

    /** The directory holding this server's config, logs and whatever extra config blocks put there. */
    public Path prefix() {
        if (prefix == null) {
            throw new IllegalStateException("not started");
        }
        return prefix;
    }

    /** The last lines of nginx's error log (level info: every RTMP connect/publish/play) and its stderr. */
    public String errorLogTail() {
        StringBuilder tail = new StringBuilder();
        Path log = prefix == null ? null : prefix.resolve("error.log");
        if (log != null && Files.exists(log)) {
            try {
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - ERROR_LOG_TAIL_LINES), lines.size())
                        .forEach(line -> tail.append(line).append('\n'));
            } catch (IOException e) {
                tail.append("(error log unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        if (process != null && !process.stderrTail().isBlank()) {
            tail.append("stderr: ").append(process.stderrTail());
        }
        return tail.toString();
    }

    /**
     * Stops nginx (SIGTERM, nginx's fast shutdown, which does not wait for RTMP clients; SIGKILL to
     * the whole tree after 5 s) and deletes the prefix. Idempotent.
     */
    @Override
    public void close() {
        if (process != null) {
            process.stop(PeerProcess.Signal.TERM, STOP_GRACE);
        }
        if (prefix != null) {
            deleteRecursively(prefix);
        }
    }

    /** Starts nginx on fresh ports; true once it listens, false if it exited first. */
    private boolean launch() throws IOException {
        rtmpPort = PeerTools.freePort();
        httpPort = config.http() ? PeerTools.freePort() : -1;
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config.render(prefix, rtmpPort, httpPort));
        process = PeerProcess.start(List.of(PeerTools.NGINX.toString(),
                "-c", conf.toString(), "-p", prefix + "/", "-e", prefix.resolve("error.log").toString()));
        try {
            await().atMost(STARTUP_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || accepts(rtmpPort) && (httpPort < 0 || accepts(httpPort)));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("nginx did not listen within " + STARTUP_TIMEOUT + ":\n"
                    + errorLogTail(), e);
        }
        return process.isAlive();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int requireStarted(int port) {
        if (port < 0 || process == null || !process.isAlive()) {
            throw new IllegalStateException("nginx is not running");
        }
        return port;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp directory is not worth failing a test over.
        }
    }
}
