package dev.streamvcr.peer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A reference recorder: rtmpdump playing a live RTMP stream into an FLV file, to compare the app's
 * recordings against. Its FLV keeps the stream's absolute timestamps (see
 * {@link MediaInfo#packetSpanSeconds()}).
 *
 * <p>Use: {@code try (RtmpDump recording = RtmpDump.record(url, file)) { … }}; closing stops it and
 * leaves a complete file. The caller must have called {@link PeerTools#ensureInstalled()}.
 */
public final class RtmpDump implements AutoCloseable {

    /** rtmpdump's exit code when a signal ended a live recording; the file is complete. */
    public static final int EXIT_STOPPED_BY_SIGNAL = 2;

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Path output;
    private final PeerProcess process;

    private RtmpDump(Path output, PeerProcess process) {
        this.output = output;
        this.process = process;
    }

    /**
     * Starts recording {@code url} live ({@code -v}) into {@code out}. Returns at once;
     * rtmpdump waits for a stream that is not yet published (see {@link #awaitBytes}).
     */
    public static RtmpDump record(String url, Path out) throws IOException {
        return new RtmpDump(out, PeerProcess.start(List.of(PeerTools.RTMPDUMP.toString(),
                "-r", url, "-v", "-o", out.toString())));
    }

    /**
     * Waits until the file holds at least {@code bytes} bytes, i.e. media is arriving. Throws
     * {@link IllegalStateException} with rtmpdump's output if it exits or the time runs out first.
     */
    public void awaitBytes(long bytes, Duration timeout) {
        try {
            await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
                if (size() >= bytes) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("rtmpdump exited with " + process.exitCode() + " after "
                            + size() + " bytes:\n" + stderrTail());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("rtmpdump wrote " + size() + " of " + bytes + " bytes within "
                    + timeout + ":\n" + stderrTail(), e);
        }
    }

    /**
     * Stops recording with one SIGINT (rtmpdump's {@code -B} cannot end a live stream); killed after
     * 5 s. Returns the exit code: {@link #EXIT_STOPPED_BY_SIGNAL} when this stopped it, otherwise the
     * code it had already ended with on its own. Idempotent.
     */
    public int stop() {
        return process.stop(PeerProcess.Signal.INT, STOP_GRACE);
    }

    /** The rtmpdump process's ID, to read its CPU time and memory while it runs. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public Path output() {
        return output;
    }

    /** rtmpdump's progress and errors (it logs to stderr); attach it to failure messages. */
    public String stderrTail() {
        return process.stderrTail();
    }

    @Override
    public void close() {
        stop();
    }

    private long size() {
        try {
            return Files.exists(output) ? Files.size(output) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
