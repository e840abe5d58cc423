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
import java.util.stream.Stream;
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
    void killOrphansEndsOnlyFfmpegWritingUnderTheRoot(@TempDir Path temp) throws Exception {
        Path previews = Files.createDirectories(temp.resolve("previews"));
        Path elsewhere = Files.createDirectories(temp.resolve("previews-other"));
        // Started outside the wrapper, as a previous run of the application would have left them.
        Process orphan = startUnregistered(previews.resolve("1/2/out.ts"));
        Process stranger = startUnregistered(elsewhere.resolve("out.ts"));
        Files.createDirectories(previews.resolve("3/4"));
        FfmpegProcess ours = FfmpegProcess.start(MediaFixtures.tools(),
                List.of("-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "mpegts", "-y",
                        previews.resolve("3/4/out.ts").toString()));
        try {
            await("all three ffmpeg writing").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Stream.of(previews.resolve("1/2/out.ts"), previews.resolve("3/4/out.ts"),
                            elsewhere.resolve("out.ts")).allMatch(Files::exists));

            List<Long> killed = FfmpegProcess.killOrphans(previews);

            assertEquals(List.of(orphan.pid()), killed);
            assertTrue(orphan.waitFor(FfmpegProcess.STOP_GRACE.toSeconds() + 2, TimeUnit.SECONDS));
            assertTrue(stranger.isAlive(), "an ffmpeg writing elsewhere is left alone");
            assertFalse(ours.exit().isDone(), "this run's own processes are left alone");
        } finally {
            stranger.destroyForcibly();
            orphan.destroyForcibly();
            ours.stop();
        }
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
