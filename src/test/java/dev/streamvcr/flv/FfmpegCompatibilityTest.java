package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real H.264 and AAC from ffmpeg, replayed as a live stream through {@link FlvRecorder} and
 * {@link FlvWriter}; ffmpeg must decode the recording without a single error. ffmpeg is installed
 * by the real-peer harness when missing.
 */
class FfmpegCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final long ARRIVAL_BASE = 5_000_000;

    @TempDir
    Path dir;
    private final OnContext context = new OnContext();

    @AfterEach
    void closeVertx() throws Exception {
        context.close();
    }

    @Test
    void ffmpegDecodesRecordingWithoutErrors() throws Exception {
        PeerTools.ensureInstalled();
        Path source = dir.resolve("source.flv");
        ToolRun encode = ToolRun.execute(TIMEOUT, List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6",
                "-c:v", "libx264", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", source.toString()));
        assertEquals(0, encode.exitCode(), "ffmpeg could not make the source: " + encode.stderr());

        // Replay as live: each tag arrives at its own timestamp. Keyframes are 1 s apart, so
        // a start at 2.3 s uses the 2 s keyframe; the end at 5 s leaves 3 s.
        List<FlvTag> tags = new ArrayList<>();
        FlvReader.readFile(source, tags::add);
        Path recording = dir.resolve("recording.flv");
        FlvWriter writer = context.call(() -> FlvWriter.create(context.vertx(), recording, true, true,
                KeyframeIndex.capacityFor(3)));
        FlvRecorder recorder = new FlvRecorder(writer, ARRIVAL_BASE + 2_300);
        recorder.stopAt(ARRIVAL_BASE + 5_000);
        context.run(() -> {
            for (FlvTag tag : tags) {
                recorder.accept(tag.type().id, tag.timestamp(), tag.data(), ARRIVAL_BASE + tag.timestamp());
            }
        });
        context.call(writer::close);

        assertEquals("", MediaProbe.decodeErrors(recording));
        ToolRun probe = ToolRun.execute(TIMEOUT, List.of("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name",
                "-of", "default=noprint_wrappers=1", recording.toString()));
        assertEquals("", probe.stderr().strip());
        assertTrue(probe.stdout().contains("codec_name=h264"), probe.stdout());
        assertTrue(probe.stdout().contains("codec_name=aac"), probe.stdout());
        double duration = Double.parseDouble(probe.stdout().lines()
                .filter(line -> line.startsWith("duration=")).findFirst().orElseThrow().substring(9));
        assertEquals(3.0, duration, 0.1);
        assertTrue(Files.size(recording) < Files.size(source));
    }
}
