package dev.streamvcr.peer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.core.ConditionTimeoutException;

/**
 * ffmpeg as a one-player RTMP server ({@code -f flv -listen 1}): it waits for one player on
 * 127.0.0.1, then sends it a {@link TestCard} in real time, timestamps starting at 0. A server
 * unlike nginx-rtmp: it sends its media on message stream 0, for one.
 *
 * <p>Use: {@code try (FfmpegRtmpServer server = FfmpegRtmpServer.start(TestCard.DEFAULT)) { … }}.
 * The caller must have called {@link PeerTools#ensureInstalled()}. Guaranteed: when {@link #start}
 * returns, the port listens; after {@link #close()} no ffmpeg of this instance runs.
 */
public final class FfmpegRtmpServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Ports come from {@link PeerTools#freePort()}, which another process may take first. */
    private static final int BIND_ATTEMPTS = 3;
    /** State of a listening socket in {@code /proc/net/tcp}. */
    private static final String TCP_LISTEN = "0A";

    private final PeerProcess process;
    private final int port;

    private FfmpegRtmpServer(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Debian's ffmpeg listening on a free loopback port; returns once it listens. */
    public static FfmpegRtmpServer start(TestCard testCard) throws IOException {
        return start(FfmpegBuild.DEBIAN, testCard.ffmpegArguments(true));
    }

    /**
     * Starts {@code build}'s ffmpeg listening on a free loopback port; returns once it listens.
     *
     * @param sourceArguments real-time inputs ({@code -re}), maps and encoders; the FLV output follows
     */
    public static FfmpegRtmpServer start(FfmpegBuild build, List<String> sourceArguments)
            throws IOException {
        String lastError = "";
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int port = PeerTools.freePort();
            List<String> arguments = new ArrayList<>(List.of("-hide_banner", "-loglevel", "error", "-nostdin"));
            arguments.addAll(sourceArguments);
            arguments.addAll(List.of("-f", "flv", "-listen", "1", "rtmp://127.0.0.1:" + port + "/live/x"));
            PeerProcess process = PeerProcess.start(build.ffmpeg(arguments));
            if (awaitListening(process, port)) {
                return new FfmpegRtmpServer(process, port);
            }
            process.close();
            lastError = process.stderrTail();
            if (!lastError.contains("Address already in use")) {
                break;
            }
        }
        throw new IllegalStateException("ffmpeg did not listen for RTMP players; it said:\n" + lastError);
    }

    /** {@code rtmp://127.0.0.1:<port>/live/x}; ffmpeg serves any app and stream name. */
    public String rtmpUrl() {
        return "rtmp://127.0.0.1:" + port + "/live/x";
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** ffmpeg's errors; attach them to failure messages. */
    public String stderrTail() {
        return process.stderrTail();
    }

    /** Stops ffmpeg (SIGINT, then SIGKILL after 5 s). Idempotent. */
    @Override
    public void close() {
        process.stop(PeerProcess.Signal.INT, STOP_GRACE);
    }

    /**
     * Waits until the port listens, read from the kernel's socket table: connecting to find out
     * would make the probe ffmpeg's one and only player.
     */
    private static boolean awaitListening(PeerProcess process, int port) {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        try {
            await().atMost(STARTUP_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || listening(local));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("ffmpeg did not listen on " + port + " within " + STARTUP_TIMEOUT
                    + ":\n" + process.stderrTail(), e);
        }
        return process.isAlive(); // listening, unless it exited instead (e.g. the port was taken)
    }

    private static boolean listening(String localAddress) {
        try {
            // columns: sl local_address rem_address st …
            return Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                    .map(line -> line.trim().split("\\s+"))
                    .anyMatch(columns -> columns.length > 3 && columns[1].equals(localAddress)
                            && columns[3].equals(TCP_LISTEN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/net/tcp", e);
        }
    }
}
