package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Prints what the preview's media side costs on this machine. Run alone, on an otherwise idle
 * machine (it measures CPU through the JVM's reaped children):
 * {@code ./mvnw -B test -Dtest=PreviewMediaBenchmark} (kept out of the normal test run by its name)
 */
class PreviewMediaBenchmark {

    private static final PreviewProfile PROFILE = PreviewProfile.DEFAULT_720P;
    private static final int SOURCE_SECONDS = 60;
    /** USER_HZ: the unit of the CPU times in /proc/self/stat on Linux. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    @Test
    void introAndSixtySecondTranscode() throws Exception {
        FfmpegTools tools = MediaFixtures.tools();
        Path work = Files.createTempDirectory(MediaFixtures.work(), "benchmark-");
        Path font = WatermarkFont.resolve(work);
        Path source = MediaFixtures.sourceFlv(SOURCE_SECONDS, true);

        long introStart = System.nanoTime();
        Path intro = IntroSegment.ensure(tools, PROFILE, work.resolve("cache"), font);
        double introFirstMs = (System.nanoTime() - introStart) / 1e6;
        long cachedStart = System.nanoTime();
        IntroSegment.ensure(tools, PROFILE, work.resolve("cache"), font);
        double introCachedMs = (System.nanoTime() - cachedStart) / 1e6;
        double introDuration = IntroSegment.durationSeconds(tools, intro);

        double childCpuBefore = reapedChildrenCpuSeconds();
        long start = System.nanoTime();
        PreviewTranscode transcode = PreviewTranscode.start(tools, PROFILE, source, false, work.resolve("preview"),
                "alice · #12 · 2026-11-22", font);
        double startedMs = (System.nanoTime() - start) / 1e6;
        while (transcode.completedSegments().isEmpty() && !transcode.exit().isDone()) {
            Thread.sleep(10); // benchmark pacing: a look every 10 ms times the first segment
        }
        double firstSegmentMs = (System.nanoTime() - start) / 1e6;
        int code = transcode.exit().get(10, TimeUnit.MINUTES);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = reapedChildrenCpuSeconds() - childCpuBefore;

        assertEquals(0, code, transcode.failure().orElse(""));
        double content = transcode.completedSegments().stream().mapToDouble(Segment::durationSeconds).sum();
        assertTrue(Math.abs(content - SOURCE_SECONDS) < 0.5, "content " + content);
        System.out.printf("""
                preview media benchmark (%d cores, profile %s %s)
                  intro: first encode %.0f ms, cached lookup %.2f ms, duration %.3f s
                  transcode of a %d s 720p30 FLV: start() %.0f ms, first segment listed %.0f ms, done in %.1f s
                  speed %.1f x realtime, %.2f CPU-s per content-second (%.1f CPU-s, ffprobe included)
                """, Runtime.getRuntime().availableProcessors(), PROFILE.id(), PROFILE, introFirstMs, introCachedMs,
                introDuration, SOURCE_SECONDS, startedMs, firstSegmentMs, wallSeconds, content / wallSeconds,
                cpuSeconds / content, cpuSeconds);
        System.out.println("  intro command: " + IntroSegment.arguments(PROFILE, font, Path.of("<text file>"),
                Path.of("<output>")));
        System.out.println("  transcode command: " + transcode.command());
    }

    /** User + system CPU of this JVM's children that have exited and been waited for (cutime + cstime). */
    private static double reapedChildrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / CLOCK_TICKS_PER_SECOND;
    }
}
