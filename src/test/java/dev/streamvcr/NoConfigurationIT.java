package dev.streamvcr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;

/**
 * The packaged application started the way the README says, in an empty directory with no StreamVCR or Quarkus
 * settings (only a free HTTP port, so the test cannot clash with anything): it must start its own PostgreSQL,
 * create the admin with a generated password printed once, keep its data across a restart, and leave no
 * process behind when stopped.
 */
class NoConfigurationIT {

    private static final Pattern PASSWORD = Pattern.compile("generated password: (\\S+)");

    @Test
    void startsWithNothingConfiguredAndKeepsItsDataAcrossRestarts() throws Exception {
        Path runner = Path.of(System.getProperty("app.runner", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(runner), "packaged app at " + runner);
        Path workDir = Files.createTempDirectory("streamvcr-noconfig");
        int port = freePort();

        try {
            startTwice(runner, workDir, port);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void startTwice(Path runner, Path workDir, int port) throws Exception {
        String password;
        try (RunningApp app = RunningApp.start(runner, workDir, port)) {
            Matcher m = PASSWORD.matcher(app.log());
            assertTrue(m.find(), "the first start prints the admin password:\n" + app.log());
            password = m.group(1);
            assertTrue(app.log().contains("open http://localhost:" + port + "/"), "prints the URL to open");
            assertEquals(201, tokenStatus(port, "admin", password), "admin can log in");
            assertEquals(401, tokenStatus(port, "admin", password + "x"));
            assertTrue(Files.isDirectory(workDir.resolve("data/postgres")), "database under data/");
        }
        try (RunningApp again = RunningApp.start(runner, workDir, port)) {
            assertFalse(PASSWORD.matcher(again.log()).find(), "the password is printed only once");
            assertEquals(201, tokenStatus(port, "admin", password), "same admin after a restart");
        }
    }

    private static int tokenStatus(int port, String username, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The app as a child process; closing it stops it like a service manager would and checks nothing is left. */
    private record RunningApp(Process process, Path logFile) implements AutoCloseable {

        static RunningApp start(Path runner, Path workDir, int port) throws Exception {
            Path log = Files.createTempFile(workDir, "app", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", runner.toString()))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("STREAMVCR_"));
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            RunningApp app = new RunningApp(builder.start(), log);
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

        String log() throws IOException {
            return Files.readString(logFile);
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
}
