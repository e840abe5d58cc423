package dev.streamvcr.recording;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.preview.media.StreamCopyJoin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Prints what making the MP4 of a 10-minute 720p recording costs: a recording in two FLV parts of 5 minutes
 * (H.264 2.5 Mbit/s, AAC, as an RTMP camera sends) joined by the app's {@link StreamCopyJoin} with the ffmpeg the app
 * finds. Wall time and ffmpeg's CPU time. Run alone on an idle machine:
 * {@code ./mvnw -B test -Dtest=Mp4RemuxBenchmark [-Dbenchmark.minutes=10]}. Asserts nothing.
 */
class Mp4RemuxBenchmark {

    @Test
    void remuxTenMinutesOf720p() throws Exception {
        PeerTools.ensureInstalled();
        int minutes = Integer.getInteger("benchmark.minutes", 10);
        Path dir = Files.createTempDirectory("mp4-benchmark");
        try {
            Path one = dir.resolve("part-0001.flv");
            Path two = dir.resolve("part-0002.flv");
            long madeAt = System.nanoTime();
            for (Path part : List.of(one, two)) {
                ToolRun.execute(Duration.ofMinutes(30), PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin", "-v",
                        "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i",
                        "sine=frequency=440:sample_rate=44100", "-t", String.valueOf(minutes * 30), "-c:v", "libx264",
                        "-preset", "ultrafast", "-g", "60", "-b:v", "2500k", "-maxrate", "2500k", "-bufsize", "5000k",
                        "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", part.toString()).requireSuccess();
            }
            System.out.printf("made the %d-minute recording (%d MB in two parts) in %.0f s%n", minutes,
                    (Files.size(one) + Files.size(two)) / 1_000_000, (System.nanoTime() - madeAt) / 1e9);
            FfmpegTools tools = FfmpegTools.locate(Optional.empty());
            Path mp4 = dir.resolve("recording.mp4");
            long start = System.nanoTime();
            StreamCopyJoin join = StreamCopyJoin.start(tools, List.of(one, two), StreamCopyJoin.Container.MP4, "h264",
                    mp4);
            Duration cpu = Duration.ZERO;
            while (!join.done().isDone()) {
                cpu = ffmpegCpu(dir).orElse(cpu);
                TimeUnit.MILLISECONDS.sleep(20);
            }
            join.done().get();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("MEASURED MP4 remux of %d min 720p (%d MB): %.2f s wall, ffmpeg CPU >= %.2f s (%s)%n",
                    minutes, Files.size(mp4) / 1_000_000, seconds, cpu.toMillis() / 1000.0, tools);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** CPU time so far of the ffmpeg writing into {@code dir} (sampled; the last sample before it exits). */
    private static Optional<Duration> ffmpegCpu(Path dir) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dir.toString())).orElse(false))
                .findFirst().flatMap(p -> p.info().totalCpuDuration());
    }
}
