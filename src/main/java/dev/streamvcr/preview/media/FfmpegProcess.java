package dev.streamvcr.preview.media;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The one wrapper every ffmpeg and ffprobe run goes through.
 *
 * <p>Guaranteed: the program is started directly with its arguments as a list (no shell, so no
 * quoting of user data); ffmpeg gets {@code -nostdin -hide_banner -nostats} so it never waits for
 * a terminal and its stderr holds only log lines; the last {@value #STDERR_TAIL_LINES} stderr lines
 * are kept and attached to every failure; ffmpeg's stdout is discarded (write outputs to files),
 * ffprobe's is captured for {@link #stdout()}; every process is in a static registry until it has
 * exited, so {@link #stopAll()} can end them on shutdown. Every run reads files only
 * ({@code -protocol_whitelist file} before each input: no network, whatever a file names) and runs
 * under {@link #limits()} (through {@code sh -c 'ulimit …; exec "$@"'}, the arguments still a list).
 *
 * <p>The caller must, on application start, call {@link #killOrphans(Path)} with this instance's
 * own run directory and then {@link #recordRunsIn(Path)} with it, and on shutdown call
 * {@link #stopAll()}: a JVM that ends does not end its child processes.
 */
public final class FfmpegProcess {

    /** Stderr lines kept for error messages: enough for ffmpeg's reason and the context before it. */
    public static final int STDERR_TAIL_LINES = 50;
    /** How long {@link #stop()} lets ffmpeg finish after SIGTERM before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private static final int MAX_LINE_CHARS = 1_000;
    private static final int MAX_STDOUT_BYTES = 16 * 1024 * 1024;
    private static final Set<FfmpegProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final String SHELL = "/bin/sh";
    /** Only files: no network protocol, whatever an input (a playlist, a concat list) names. */
    private static final List<String> FILES_ONLY = List.of("-protocol_whitelist", "file");
    private static volatile ProcessLimits limits = ProcessLimits.DEFAULT;
    private static volatile Path runs;

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
        command.addAll(FILES_ONLY);
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
        for (String argument : tools.dialect(arguments)) {
            if (argument.equals("-i")) {
                command.addAll(FILES_ONLY);
            }
            command.add(argument);
        }
        return command;
    }

    /** The limits every run from now on gets; {@link ProcessLimits#DEFAULT} until set. */
    public static void limit(ProcessLimits newLimits) {
        limits = newLimits;
    }

    public static ProcessLimits limits() {
        return limits;
    }

    /**
     * From now on, each run is recorded in {@code directory} (a file named by its PID, holding its start time)
     * until it ends, so that {@link #killOrphans(Path)} after a crash finds this instance's runs and no one else's.
     * Null stops recording.
     */
    public static void recordRunsIn(Path directory) {
        if (directory != null) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new FfmpegException("cannot record ffmpeg runs in " + directory + ": " + e.getMessage(), e);
            }
        }
        runs = directory;
    }

    /** {@code command} run by a shell that first sets the limits, then becomes the program (same PID). */
    private static List<String> limited(List<String> command) {
        if (!Files.isExecutable(Path.of(SHELL))) {
            return command;
        }
        ProcessLimits l = limits;
        List<String> wrapped = new ArrayList<>(List.of(SHELL, "-c",
                "ulimit -t \"$1\" && ulimit -v \"$2\" && shift 2 && exec \"$@\"", "ffmpeg-limits",
                Long.toString(l.cpuTime().toSeconds()), Long.toString(l.addressSpaceBytes() / 1024)));
        wrapped.addAll(command);
        return wrapped;
    }

    private static FfmpegProcess launch(List<String> command, Map<String, String> environment, boolean captureStdout) {
        ProcessBuilder builder = new ProcessBuilder(limited(command))
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
        started.record();
        started.watch();
        return started;
    }

    /** Writes this run's record: its PID as the name, its start time (which a reused PID will not have) inside. */
    private void record() {
        Path directory = runs;
        if (directory == null) {
            return;
        }
        Path file = directory.resolve(Long.toString(process.pid()));
        try {
            Files.writeString(file, process.toHandle().info().startInstant().map(Object::toString).orElse(""));
        } catch (IOException e) {
            keepStderrLine("(could not record the run in " + directory + ": " + e.getMessage() + ")");
            return;
        }
        exit.whenComplete((code, failure) -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next start finds no process of that PID and start time, and removes it
            }
        });
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

    /** Whether ffmpeg has exited 0. */
    boolean exitedCleanly() {
        CompletableFuture<Integer> exit = exit();
        return exit.isDone() && !exit.isCompletedExceptionally() && exit.join() == 0;
    }

    /**
     * Why a run that writes playlists failed, with the last stderr lines: empty while it runs, after {@link #stop()},
     * and when it exited 0 with its output {@code ended}.
     *
     * @param ended    whether what it wrote is whole (its playlists end with {@code #EXT-X-ENDLIST}), asked on exit 0
     * @param unended  what to say when it exited 0 without that
     */
    Optional<String> failure(BooleanSupplier ended, String unended) {
        CompletableFuture<Integer> exit = exit();
        if (!exit.isDone() || stopRequested) {
            return Optional.empty();
        }
        if (exit.isCompletedExceptionally()) {
            return Optional.of("ffmpeg could not be watched\n" + stderrTail());
        }
        int code = exit.join();
        if (code != 0) {
            return Optional.of("ffmpeg exited with " + code + "\n" + stderrTail());
        }
        return ended.getAsBoolean() ? Optional.empty() : Optional.of(unended + "\n" + stderrTail());
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
     * Ends the runs recorded in {@code directory} (see {@link #recordRunsIn}) that are still running but that
     * this JVM does not know: those a previous run of this instance left behind when it died. A record is
     * trusted only while a process of its PID with its start time runs an ffmpeg or ffprobe, so neither
     * another instance's runs (which it records elsewhere) nor a process that reused the PID is touched. They
     * get SIGTERM, then SIGKILL after {@link #STOP_GRACE}. Returns the PIDs ended; every record is removed.
     */
    public static List<Long> killOrphans(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        Set<Long> ours = live().stream().map(FfmpegProcess::pid).collect(Collectors.toSet());
        List<ProcessHandle> orphans = new ArrayList<>();
        try (java.util.stream.Stream<Path> records = Files.list(directory)) {
            for (Path record : records.toList()) {
                long pid;
                try {
                    pid = Long.parseLong(record.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ours.contains(pid)) {
                    continue;
                }
                String started = Files.readString(record).strip();
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(handle -> handle.info().startInstant().map(Object::toString).orElse("").equals(started))
                        .filter(handle -> isFfmpeg(handle.info()))
                        .ifPresent(orphans::add);
                Files.deleteIfExists(record);
            }
        } catch (IOException e) {
            throw new FfmpegException("cannot read the ffmpeg runs recorded in " + directory + ": " + e.getMessage(), e);
        }
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

    private static boolean isFfmpeg(ProcessHandle.Info info) {
        return info.command().map(c -> Path.of(c).getFileName().toString())
                .filter(name -> name.contains("ffmpeg") || name.contains("ffprobe")).isPresent();
    }

    /** Drops {@code process} from the registry without ending it, as a JVM that died would (tests). */
    static void forgetForTest(FfmpegProcess process) {
        LIVE.remove(process);
    }

    @Override
    public String toString() {
        return programName() + "[" + pid() + "]";
    }
}
