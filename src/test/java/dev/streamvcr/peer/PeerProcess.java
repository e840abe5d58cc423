package dev.streamvcr.peer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the test JVM: its stderr is drained into a bounded tail, it can be sent a
 * POSIX signal, and stopping it also stops every process it started (nginx's worker, for one).
 *
 * <p>Guarantees: {@link #stop} and {@link #close} leave no process of this tree running and may be
 * called any number of times. Every live instance is also killed by a JVM shutdown hook, the last
 * resort when a test is interrupted; a JVM killed with SIGKILL cannot clean up, nothing can.
 */
final class PeerProcess implements AutoCloseable {

    /** Signals sent through {@code kill}; Java 17 itself can only send TERM and KILL. */
    enum Signal { INT, QUIT, TERM, STOP, CONT }

    private static final int STDERR_TAIL_BYTES = 16 * 1024;
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Set<PeerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(PeerProcess::killTree), "peer-process-reaper"));
    }

    private final List<String> command;
    private final Process process;
    private final TailBuffer stderr = new TailBuffer(STDERR_TAIL_BYTES);
    private final ByteArrayOutputStream stdout;
    private final Thread stderrPump;
    private final Thread stdoutPump;

    private PeerProcess(List<String> command, boolean captureStdout) throws IOException {
        this.command = List.copyOf(command);
        ProcessBuilder builder = new ProcessBuilder(this.command)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        if (!captureStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        this.process = builder.start();
        LIVE.add(this);
        process.onExit().thenRun(() -> LIVE.remove(this));
        process.getOutputStream().close(); // no child reads its stdin; EOF rather than a pipe left open
        this.stderrPump = pump(process.getErrorStream(), stderr::write, "stderr");
        if (captureStdout) {
            this.stdout = new ByteArrayOutputStream();
            this.stdoutPump = pump(process.getInputStream(), this::appendStdout, "stdout");
        } else {
            this.stdout = null;
            this.stdoutPump = null;
        }
    }

    /** Starts {@code command} (no shell) with stdout discarded. The caller must stop or close it. */
    static PeerProcess start(List<String> command) throws IOException {
        return new PeerProcess(command, false);
    }

    /** Starts {@code command} keeping its whole stdout for {@link #stdout()}. The caller must close it. */
    static PeerProcess startCapturingStdout(List<String> command) throws IOException {
        return new PeerProcess(command, true);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> command() {
        return command;
    }

    /** Exit code; only valid once the process has exited. */
    int exitCode() {
        return process.exitValue();
    }

    /** Waits up to {@code timeout}; true once the process has exited and its output is fully read. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        stderrPump.join(KILL_WAIT.toMillis());
        if (stdoutPump != null) {
            stdoutPump.join(KILL_WAIT.toMillis());
        }
        return true;
    }

    /** Sends {@code signal} to this process only (not its children). A no-op once it has exited. */
    void signal(Signal signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            // The shell's builtin kill: present on every Debian, unlike procps' /bin/kill.
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal.name() + " " + pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIG" + signal + " to " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code first} once, waits up to {@code grace} for a clean exit, then kills the whole tree.
     * Returns the exit code (the process has exited when this returns).
     */
    int stop(Signal first, Duration grace) {
        // Children are listed before signalling: once the parent is gone they are orphans, no longer
        // our descendants, and only this snapshot still finds them.
        List<ProcessHandle> tree = treeSnapshot();
        try {
            signal(first);
            if (!awaitExit(grace)) {
                killTree();
            }
            tree.forEach(PeerProcess::killAndWait);
            awaitExit(KILL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Stops with SIGTERM and a 5 s grace period. */
    @Override
    public void close() {
        stop(Signal.TERM, KILL_WAIT);
    }

    /** The last 16 KiB the process wrote to stderr, carriage returns shown as line breaks. */
    String stderrTail() {
        return stderr.toString().replace('\r', '\n');
    }

    /** Everything written to stdout; complete once {@link #awaitExit} returned true. */
    String stdout() {
        if (stdout == null) {
            throw new IllegalStateException("stdout of " + command.get(0) + " is not captured");
        }
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    private void appendStdout(byte[] bytes, int length) {
        synchronized (stdout) {
            stdout.write(bytes, 0, length);
        }
    }

    private List<ProcessHandle> treeSnapshot() {
        return process.toHandle().descendants().toList();
    }

    private void killTree() {
        List<ProcessHandle> tree = treeSnapshot();
        killAndWait(process.toHandle());
        tree.forEach(PeerProcess::killAndWait);
    }

    private static void killAndWait(ProcessHandle handle) {
        handle.destroyForcibly();
        try {
            handle.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Still running after SIGKILL (uninterruptible I/O); nothing more a test can do.
        }
    }

    private Thread pump(InputStream in, Sink sink, String stream) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    sink.accept(buffer, n);
                }
            } catch (IOException e) {
                // The pipe closes when the process dies; whatever was read is kept.
            }
        }, "peer-" + stream + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @FunctionalInterface
    private interface Sink {
        void accept(byte[] bytes, int length);
    }

    /** Keeps the last {@code capacity} bytes written, so a chatty process cannot fill the heap. */
    private static final class TailBuffer {
        private final byte[] ring;
        private long written;

        TailBuffer(int capacity) {
            ring = new byte[capacity];
        }

        synchronized void write(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                ring[(int) (written++ % ring.length)] = bytes[i];
            }
        }

        @Override
        public synchronized String toString() {
            int size = (int) Math.min(written, ring.length);
            byte[] ordered = new byte[size];
            int start = (int) ((written - size) % ring.length);
            for (int i = 0; i < size; i++) {
                ordered[i] = ring[(start + i) % ring.length];
            }
            return new String(ordered, StandardCharsets.UTF_8);
        }
    }
}
