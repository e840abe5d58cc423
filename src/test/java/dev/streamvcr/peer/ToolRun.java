package dev.streamvcr.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * A finished run of a short-lived tool (ffprobe, apt-get, a decode check): its exit code and output.
 *
 * @param stdout the whole of stdout
 * @param stderr the last 16 KiB of stderr
 */
public record ToolRun(List<String> command, int exitCode, String stdout, String stderr) {

    /**
     * Runs {@code command} (no shell) to completion. Guaranteed: the process is gone when this
     * returns or throws. Throws {@link IllegalStateException} if it takes longer than {@code timeout}.
     */
    public static ToolRun execute(Duration timeout, List<String> command) {
        try (PeerProcess process = PeerProcess.startCapturingStdout(command)) {
            if (!process.awaitExit(timeout)) {
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeout
                        + ": " + String.join(" ", command) + "\n" + process.stderrTail());
            }
            return new ToolRun(command, process.exitCode(), process.stdout(), process.stderrTail());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    public static ToolRun execute(Duration timeout, String... command) {
        return execute(timeout, List.of(command));
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this run if it exited 0, else throws with the command and its stderr. */
    public ToolRun requireSuccess() {
        if (!succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode
                    + ":\n" + stderr);
        }
        return this;
    }
}
