package dev.streamvcr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged application as a child process, started the way the README says ({@code java -jar
 * quarkus-run.jar}) in a directory of the test's own, with no StreamVCR or Quarkus settings but those given. Closing
 * it stops it like a service manager would (SIGTERM) and checks that nothing it started is left behind.
 */
public record PackagedApp(Process process, Path logFile) implements AutoCloseable {

    /** The jar the build made (failsafe passes its path). */
    public static Path runner() {
        return Path.of(System.getProperty("app.runner", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    /** Starts the app in {@code workDir} on {@code port} with {@code settings} and waits until it is ready. */
    public static PackagedApp start(Path workDir, int port, Map<String, String> settings) throws Exception {
        Path log = Files.createTempFile(workDir, "app", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", runner().toString()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("STREAMVCR_"));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(settings);
        PackagedApp app = new PackagedApp(builder.start(), log);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .failFast("the app exited", () -> !app.process.isAlive())
                    .until(() -> app.log().contains("StreamVCR is ready"));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            app.close();
            throw new AssertionError("the app did not start:\n" + app.log(), e);
        }
        return app;
    }

    public String log() throws IOException {
        return Files.readString(logFile);
    }

    /**
     * SIGKILL for the app and every process it started, as a crash of its machine would end them: nothing is handed
     * back. Returns when it happened.
     */
    public java.time.Instant kill() throws Exception {
        List<ProcessHandle> children = process.descendants().toList();
        java.time.Instant at = java.time.Instant.now();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        assertTrue(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the killed app is gone");
        await().atMost(Duration.ofSeconds(20)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        return at;
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the app did not stop within 60 s of SIGTERM");
        }
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                List<ProcessHandle> left = children.stream().filter(ProcessHandle::isAlive).toList();
                assertTrue(left.isEmpty(), "processes left behind: " + left.stream()
                        .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList());
            });
        } finally {
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
