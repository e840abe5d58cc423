package dev.streamvcr.preview.media;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The one wrapper every ffmpeg and ffprobe run goes through.
 *
 * <p>Guaranteed: the program is started directly with its arguments as a list (no shell, so no
 * quoting of user data); ffmpeg gets {@code -nostdin -hide_banner -nostats} so it never waits for
 * a terminal and its stderr holds only log lines; the last {@value #STDERR_TAIL_LINES} stderr lines
 * are kept and attached to every failure; ffmpeg's stdout is discarded (write outputs to files),
 * ffprobe's is captured for {@link #stdout()}; every process is in a static registry until it has
 * exited, so {@link #stopAll()} can end them on shutdown.
 *
 * <p>The caller must, on application start, call {@link #killOrphans(Path)} for every directory
 * its long runs write into, and on shutdown call {@link #stopAll()}: a JVM that ends does not end
 * its child processes.
 */
public final class FfmpegProcess {

    /** Stderr lines kept for error messages: enough for ffmpeg's reason and the context before it. */
    public static final int STDERR_TAIL_LINES = 50;
    /** How long {@link #stop()} lets ffmpeg finish after SIGTERM before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private static final int MAX_LINE_CHARS = 1_000;
    private static final int MAX_STDOUT_BYTES = 16 * 1024 * 1024;
    private static final Set<FfmpegProcess> LIVE = ConcurrentHashMap.newKeySet();

    private final List<String> command;
    private final Process process;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final ByteArrayOutputStream stdout;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile boolean stopRequested;

    private FfmpegProcess(List<String> command, Process process, boolean captureStdout) {
        this.command = command;
        this.process = process;
        this.stdout = captureStdout ? new ByteArrayOutputStream() : null;
    }

    /**
     * Starts {@code ffmpeg -nostdin -hide_banner -nostats <arguments>}. Returns at once; the run
     * ends when {@link #exit()} completes.
     *
     * @throws FfmpegException if the program cannot be started
     */
    public static FfmpegProcess start(FfmpegTools tools, List<String> arguments) {
        return launch(ffmpegCommand(tools, arguments), tools.environment(), false);
    }

    /** As {@link #start}, but capturing stdout for {@link #stdout()} (for ffmpeg's informational options). */
    static FfmpegProcess startCapturing(FfmpegTools tools, List<String> arguments) {
        return launch(ffmpegCommand(tools, arguments), tools.environment(), true);
    }

    /** Starts {@code ffprobe <arguments>}, capturing its stdout for {@link #stdout()}; the tools must have one. */
    public static FfmpegProcess startProbe(FfmpegTools tools, List<String> arguments) {
        if (tools.ffprobe() == null) {
            throw new FfmpegException("there is no ffprobe beside " + tools.ffmpeg());
        }
        List<String> command = new ArrayList<>(List.of(tools.ffprobe().toString(), "-hide_banner"));
        command.addAll(arguments);
        return launch(command, tools.environment(), true);
    }

    /**
     * Runs ffmpeg to completion.
     *
     * @throws FfmpegException if it exits non-zero or takes longer than {@code timeout} (then it is
     *     stopped); the message holds the stderr tail
     */
    public static void run(FfmpegTools tools, List<String> arguments, Duration timeout) {
        start(tools, arguments).awaitSuccess(timeout);
    }

    /**
     * Runs ffprobe to completion and returns its stdout.
     *
     * @throws FfmpegException as {@link #run}
     */
    public static String probe(FfmpegTools tools, List<String> arguments, Duration timeout) {
        FfmpegProcess probe = startProbe(tools, arguments);
        probe.awaitSuccess(timeout);
        return probe.stdout();
    }

    private static List<String> ffmpegCommand(FfmpegTools tools, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-nostats"));
        command.addAll(tools.dialect(arguments));
        return command;
    }

    private static FfmpegProcess launch(List<String> command, Map<String, String> environment, boolean captureStdout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(captureStdout ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new FfmpegException("could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
        FfmpegProcess started = new FfmpegProcess(List.copyOf(command), process, captureStdout);
        LIVE.add(started);
        started.watch();
        return started;
    }

    /** One daemon thread per process drains stderr (and stdout), then completes {@link #exit()}. */
    private void watch() {
        Thread thread = new Thread(() -> {
            Thread stdoutReader = stdout == null ? null : startStdoutReader();
            readStderr();
            try {
                if (stdoutReader != null) {
                    stdoutReader.join();
                }
                int code = process.waitFor();
                LIVE.remove(this);
                exit.complete(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LIVE.remove(this);
                exit.completeExceptionally(e);
            }
        }, "ffmpeg-" + process.pid());
        thread.setDaemon(true);
        thread.start();
    }

    private Thread startStdoutReader() {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (stdout) {
                        if (stdout.size() + n <= MAX_STDOUT_BYTES) {
                            stdout.write(buffer, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                keepStderrLine("(reading stdout failed: " + e.getMessage() + ")");
            }
        }, "ffprobe-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                keepStderrLine(line);
            }
        } catch (IOException e) {
            keepStderrLine("(reading stderr failed: " + e.getMessage() + ")");
        }
    }

    private void keepStderrLine(String line) {
        String kept = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_TAIL_LINES) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(kept);
        }
    }

    /** Completes with the exit code once the process has exited and its output has been read. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    public long pid() {
        return process.pid();
    }

    /** The program and every argument, as started. */
    public List<String> command() {
        return command;
    }

    /** The last stderr lines so far, joined by newlines. */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /** Everything ffprobe wrote to stdout (empty for ffmpeg's own runs); complete once {@link #exit()} is. */
    public String stdout() {
        if (stdout == null) {
            return "";
        }
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether {@link #stop()} was called: an exit after it is not a failure of ffmpeg's own. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Asks the process to end (SIGTERM: ffmpeg finishes its outputs and exits with 255) and kills it
     * if it is still running {@link #STOP_GRACE} later. Returns at once; safe to call any number of
     * times and after the process has ended.
     */
    public CompletableFuture<Integer> stop() {
        stopRequested = true;
        if (process.isAlive()) {
            process.destroy();
            CompletableFuture.delayedExecutor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            });
        }
        return exit;
    }

    /**
     * Waits for a successful exit.
     *
     * @throws FfmpegException on a non-zero exit or after {@code timeout} (the process is then stopped)
     */
    public void awaitSuccess(Duration timeout) {
        int code = await(timeout);
        if (code != 0) {
            throw failure("exited with " + code);
        }
    }

    /**
     * Waits for the exit code.
     *
     * @throws FfmpegException after {@code timeout} (the process is then stopped)
     */
    public int await(Duration timeout) {
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop();
            throw failure("did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new FfmpegException("interrupted while waiting for " + programName(), e);
        } catch (ExecutionException e) {
            throw new FfmpegException("could not watch " + programName(), e.getCause());
        }
    }

    /** An exception naming the program, its arguments, {@code what} happened and the stderr tail. */
    public FfmpegException failure(String what) {
        return new FfmpegException(programName() + " " + what + "\ncommand: " + String.join(" ", command)
                + "\nlast stderr lines:\n" + stderrTail());
    }

    private String programName() {
        return Path.of(command.get(0)).getFileName().toString();
    }

    /** The processes started by this JVM that have not exited yet. */
    public static List<FfmpegProcess> live() {
        return List.copyOf(LIVE);
    }

    /**
     * Stops every live process ({@link #stop()}) and waits until all have exited, at most
     * {@link #STOP_GRACE} plus one second.
     */
    public static void stopAll() {
        List<CompletableFuture<Integer>> exits = live().stream().map(FfmpegProcess::stop).toList();
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(STOP_GRACE.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Killed processes exit within milliseconds; a straggler is reported by live().
        }
    }

    /**
     * Ends ffmpeg processes that a previous run of the application left behind: any process whose
     * executable name contains "ffmpeg" and one of whose arguments contains {@code previewsRoot}
     * (as an absolute directory) that this JVM did not start. They get SIGTERM, then SIGKILL after
     * {@link #STOP_GRACE}. Returns the PIDs found.
     *
     * <p>Only processes of the same user can be seen and signalled; that is the user that started them.
     */
    public static List<Long> killOrphans(Path previewsRoot) {
        String root = previewsRoot.toAbsolutePath().normalize() + "/";
        Set<Long> ours = live().stream().map(FfmpegProcess::pid).collect(Collectors.toSet());
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(handle -> handle.pid() != self && !ours.contains(handle.pid()))
                .filter(handle -> isFfmpegWritingUnder(handle.info(), root))
                .toList();
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (ProcessHandle orphan : orphans) {
            orphan.destroy();
            exits.add(orphan.onExit());
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            orphans.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        return orphans.stream().map(ProcessHandle::pid).toList();
    }

    private static boolean isFfmpegWritingUnder(ProcessHandle.Info info, String root) {
        Optional<String> executable = info.command();
        if (executable.isEmpty() || !Path.of(executable.get()).getFileName().toString().contains("ffmpeg")) {
            return false;
        }
        return info.arguments().map(arguments -> {
            for (String argument : arguments) {
                if (argument.contains(root)) {
                    return true;
                }
            }
            return false;
        }).orElse(false);
    }

    @Override
    public String toString() {
        return programName() + "[" + pid() + "]";
    }
}
