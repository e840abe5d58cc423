package dev.streamvcr.peer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An ffmpeg that publishes a {@link TestCard} (synthetic H.264/AAC) to an RTMP URL in real time,
 * like a camera or OBS would.
 *
 * <p>The caller must have called {@link PeerTools#ensureInstalled()} and must {@link #close()} it
 * (try-with-resources). It may be stopped and started again any number of times, e.g. to test a
 * publisher that drops and comes back; each start is a new RTMP publish of the same URL.
 */
public final class FfmpegPublisher implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Each probe connects as a player; if nothing is published yet, it waits this long for data. */
    private static final Duration PROBE_READ_TIMEOUT = Duration.ofSeconds(3);

    private final String url;
    private final TestCard testCard;
    private PeerProcess process;

    public FfmpegPublisher(String url) {
        this(url, TestCard.DEFAULT);
    }

    public FfmpegPublisher(String url, TestCard testCard) {
        this.url = url;
        this.testCard = testCard;
    }

    /** Launches ffmpeg; returns at once (see {@link #awaitPublishing}). Throws if it is already running. */
    public FfmpegPublisher start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("already publishing to " + url);
        }
        process = PeerProcess.start(command());
        return this;
    }

    /**
     * Returns once a player can actually receive this stream: an ffprobe, connected to the URL as an
     * ordinary RTMP player, has seen both the H.264 and the AAC stream. That proves what tests need
     * (publish accepted, codec headers relayed, media flowing) and needs no HTTP or stat page.
     * nginx-rtmp holds a player that arrives before the publisher until the stream starts, so the
     * first probe usually succeeds. Its video starts at a keyframe (nginx-rtmp's {@code wait_key}
     * defaults to on), so a long GOP makes this wait longer.
     *
     * <p>Throws {@link IllegalStateException} with ffmpeg's and ffprobe's errors if ffmpeg exits or
     * the stream is not playable within {@code timeout}.
     */
    public void awaitPublishing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String[] lastProbe = {"(no probe ran)"};
        try {
            // in this thread: a probe that runs past the deadline finishes rather than being interrupted
            await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> playable(deadline, lastProbe));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(url + " not playable within " + timeout + "; last ffprobe: "
                    + lastProbe[0] + "\nffmpeg said:\n" + stderrTail(), e);
        }
    }

    /** One ffprobe as a player: whether it saw both codecs; if not, what it saw goes to {@code lastProbe}. */
    private boolean playable(long deadline, String[] lastProbe) {
        if (!isRunning()) {
            throw new IllegalStateException("ffmpeg stopped before " + url + " was playable; ffmpeg said:\n"
                    + stderrTail());
        }
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        ToolRun probe = ToolRun.execute(left.plusSeconds(2), List.of(PeerTools.FFPROBE.toString(),
                "-v", "error", "-rw_timeout", String.valueOf(PROBE_READ_TIMEOUT.toNanos() / 1000),
                // Without this ffprobe spends 1-3 s estimating the frame rate after it has both codecs.
                "-fpsprobesize", "0",
                "-show_entries", "stream=codec_name", "-of", "csv=p=0", url));
        List<String> codecs = probe.stdout().lines().map(String::strip).toList();
        if (probe.succeeded() && codecs.contains("h264") && codecs.contains("aac")) {
            return true;
        }
        lastProbe[0] = "exit " + probe.exitCode() + ", streams " + codecs + ", " + probe.stderr().strip();
        return false;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Ends the publish the way a user's Ctrl-C would: one SIGINT, so ffmpeg flushes and sends
     * FCUnpublish/deleteStream; after 5 s without exiting it is killed. A no-op when not running.
     * (Never {@code timeout -s INT}: it signals ffmpeg twice, which aborts instead of finishing.)
     */
    public void stop() {
        if (process != null) {
            process.signal(PeerProcess.Signal.CONT); // a frozen ffmpeg must run to take its SIGINT
            process.stop(PeerProcess.Signal.INT, STOP_GRACE);
        }
    }

    /** What ffmpeg wrote to stderr (errors only) in its latest run; attach it to failure messages. */
    /**
     * Freezes ffmpeg (SIGSTOP): its connection stays open and the server keeps the stream published, but no more
     * media comes, a publisher that stalls. {@link #resume()} lets it go on.
     */
    public void freeze() {
        if (process != null) {
            process.signal(PeerProcess.Signal.STOP);
        }
    }

    /** Lets a frozen ffmpeg go on (SIGCONT). */
    public void resume() {
        if (process != null) {
            process.signal(PeerProcess.Signal.CONT);
        }
    }

    public String stderrTail() {
        return process == null ? "" : process.stderrTail();
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(PeerTools.FFMPEG.toString(),
                "-hide_banner", "-loglevel", "error", "-nostdin"));
        command.addAll(testCard.ffmpegArguments(true));
        command.addAll(List.of("-f", "flv", url));
        return command;
    }
}
