package dev.streamvcr.preview.media;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegProcessTest {

    /** An ffmpeg run that lasts until stopped: a real-time test pattern encoded to nowhere. */
    private static final List<String> ENDLESS = List.of("-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
            "-f", "null", "-");

    @AfterEach
    void noneLeftRunning() {
        FfmpegProcess.stopAll();
    }

    @Test
    void failureCarriesTheStderrTail() {
        FfmpegException failure = assertThrows(FfmpegException.class,
                () -> FfmpegProcess.run(MediaFixtures.tools(), List.of("-no_such_option", "x"), Duration.ofSeconds(30)));

        assertTrue(failure.getMessage().contains("ffmpeg exited with"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Unrecognized option 'no_such_option'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-nostdin"), "the command is in the message: " + failure.getMessage());
    }

    @Test
    void stderrTailKeepsOnlyTheLastLines() throws Exception {
        // At debug level ffmpeg logs every option it reads and more: ~90 lines for this short run.
        List<String> arguments = List.of("-loglevel", "debug", "-f", "lavfi", "-i", "nullsrc=d=0.1", "-f", "null", "-");
        FfmpegProcess process = FfmpegProcess.start(MediaFixtures.tools(), arguments);
        assertEquals(0, process.exit().get(30, TimeUnit.SECONDS));

        String[] tail = process.stderrTail().split("\n");
        assertEquals(FfmpegProcess.STDERR_TAIL_LINES, tail.length);
        assertFalse(process.stderrTail().contains("Splitting the commandline"), "the first lines were dropped");
    }

    @Test
    void stopEndsALongRun() throws Exception {
        FfmpegProcess process = FfmpegProcess.start(MediaFixtures.tools(), ENDLESS);
        // encoding: past its start-up, so SIGTERM meets ffmpeg's own handler
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> process.stderrTail().contains("Output #0"));
        assertTrue(ProcessHandle.of(process.pid()).isPresent());
        assertTrue(FfmpegProcess.live().contains(process));

        int code = process.stop().get(FfmpegProcess.STOP_GRACE.toSeconds() + 5, TimeUnit.SECONDS);

        assertEquals(255, code, "ffmpeg's exit code after SIGTERM");
        assertTrue(process.stopRequested());
        assertTrue(ProcessHandle.of(process.pid()).map(h -> !h.isAlive()).orElse(true));
        assertFalse(FfmpegProcess.live().contains(process));
        process.stop(); // again, after the end: harmless
    }

    @Test
    void stopAllEndsEveryLiveProcess() {
        FfmpegProcess first = FfmpegProcess.start(MediaFixtures.tools(), ENDLESS);
        FfmpegProcess second = FfmpegProcess.start(MediaFixtures.tools(), ENDLESS);

        FfmpegProcess.stopAll();

        assertTrue(first.exit().isDone());
        assertTrue(second.exit().isDone());
        assertTrue(FfmpegProcess.live().isEmpty());
    }

    @Test
    void killOrphansEndsOnlyWhatThisInstanceStartedAndLeftBehind(@TempDir Path temp) throws Exception {
        Path previews = Files.createDirectories(temp.resolve("previews"));
        Path runs = temp.resolve("runs");
        FfmpegProcess.recordRunsIn(runs);
        Path otherInstance = temp.resolve("other-runs");
        // Started by this instance through the wrapper, then forgotten as if the JVM had died.
        FfmpegProcess ours = FfmpegProcess.start(MediaFixtures.tools(), List.of("-re", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=30", "-f", "mpegts", "-y", previews.resolve("1/out.ts").toString()));
        Files.createDirectories(previews.resolve("1"));
        // Another instance's (or user's) ffmpeg writing into the same shared previews directory.
        Process stranger = startUnregistered(previews.resolve("2/2/out.ts"));
        FfmpegProcess.recordRunsIn(otherInstance);
        FfmpegProcess current = FfmpegProcess.start(MediaFixtures.tools(), ENDLESS);
        try {
            await("the ffmpeg runs writing").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(previews.resolve("1/out.ts")) && Files.exists(previews.resolve("2/2/out.ts"))
                            && current.stderrTail().contains("Output #0"));
            FfmpegProcess.forgetForTest(ours);

            List<Long> killed = FfmpegProcess.killOrphans(runs);

            assertEquals(List.of(ours.pid()), killed);
            assertTrue(ProcessHandle.of(ours.pid()).map(h -> h.onExit().thenApply(x -> true))
                    .map(f -> f.completeOnTimeout(false, FfmpegProcess.STOP_GRACE.toSeconds() + 2, TimeUnit.SECONDS).join())
                    .orElse(true));
            assertTrue(stranger.isAlive(), "an ffmpeg this instance did not start is left alone, wherever it writes");
            assertFalse(current.exit().isDone(), "this run's own live processes are left alone");
            assertEquals(List.of(), FfmpegProcess.killOrphans(runs), "each orphan is handled once");
        } finally {
            stranger.destroyForcibly();
            ours.stop();
            current.stop();
            FfmpegProcess.recordRunsIn(null);
        }
    }

    @Test
    void ffmpegAndFfprobeReadNoNetworkAddressAFileNames(@TempDir Path temp) throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            Path playlist = temp.resolve("recording.flv");
            Files.writeString(playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://127.0.0.1:"
                    + server.getLocalPort() + "/seg.ts\n#EXT-X-ENDLIST\n");
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        // timeout or closed
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            assertThrows(FfmpegException.class, () -> FfmpegProcess.probe(MediaFixtures.tools(),
                    List.of("-v", "error", "-show_entries", "stream=codec_type", "file:" + playlist), Duration.ofSeconds(30)));
            assertThrows(FfmpegException.class, () -> FfmpegProcess.run(MediaFixtures.tools(),
                    List.of("-i", "file:" + playlist, "-f", "null", "-"), Duration.ofSeconds(30)));
            // a connection ffmpeg might still make would come at once: give it a moment not to come
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> connections.get() == 0);
            assertEquals(0, connections.get(), "no connection was made");
            FfmpegProcess run = FfmpegProcess.start(MediaFixtures.tools(), List.of("-f", "lavfi", "-i", "nullsrc=d=0.1",
                    "-i", "file:" + playlist, "-f", "null", "-"));
            List<String> command = run.command();
            for (int i = command.indexOf("-i"); i >= 0; i = command.subList(i + 1, command.size()).indexOf("-i") < 0 ? -1
                    : i + 1 + command.subList(i + 1, command.size()).indexOf("-i")) {
                assertEquals(List.of("-protocol_whitelist", "file"), command.subList(i - 2, i), "before every input");
            }
            run.exit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsUnderCpuTimeAndMemoryLimits() throws Exception {
        FfmpegProcess process = FfmpegProcess.start(MediaFixtures.tools(), ENDLESS);
        // encoding: past its start-up, so SIGTERM meets ffmpeg's own handler
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> process.stderrTail().contains("Output #0"));
        List<String> limits = Files.readAllLines(Path.of("/proc/" + process.pid() + "/limits"));
        String cpu = limits.stream().filter(l -> l.startsWith("Max cpu time")).findFirst().orElseThrow();
        String memory = limits.stream().filter(l -> l.startsWith("Max address space")).findFirst().orElseThrow();
        ProcessLimits expected = FfmpegProcess.limits();
        assertTrue(cpu.matches("Max cpu time\\s+" + expected.cpuTime().toSeconds() + "\\s.*"), cpu);
        assertTrue(memory.matches("Max address space\\s+" + expected.addressSpaceBytes() + "\\s.*"), memory);
        process.stop();
    }

    private static Process startUnregistered(Path output) throws Exception {
        Files.createDirectories(output.getParent());
        FfmpegTools tools = MediaFixtures.tools();
        ProcessBuilder builder = new ProcessBuilder(tools.ffmpeg().toString(), "-nostdin", "-re", "-f", "lavfi",
                "-i", "testsrc2=size=320x240:rate=30", "-f", "mpegts", "-y", output.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(tools.environment());
        return builder.start();
    }
}
