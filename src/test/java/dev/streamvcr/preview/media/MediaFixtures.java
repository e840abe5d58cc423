package dev.streamvcr.preview.media;

import dev.streamvcr.peer.ToolRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the media tests share: the embedded ffmpeg (so they run without a system ffmpeg), synthetic
 * source recordings made with it, and ffprobe/ffmpeg read-backs of what the code under test wrote.
 */
final class MediaFixtures {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    /**
     * Shared by the test classes of one JVM; sources are made once and reused. Deleted at exit unless
     * {@code -Dstreamvcr.keepMediaTestFiles=true} (to look at what the tests made).
     */
    private static final Path WORK;
    private static final Map<String, Path> SOURCES = new HashMap<>();
    private static FfmpegTools tools;

    static {
        try {
            WORK = Files.createTempDirectory("streamvcr-media-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Boolean.getBoolean("streamvcr.keepMediaTestFiles")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(WORK)));
        }
    }

    private MediaFixtures() {
    }

    /**
     * The embedded ffmpeg. Its libavdevice needs libpulse0 (and libasound2, libxcb1, libxcb-shm0),
     * which a minimal Debian lacks; as root, installs them once when they are missing.
     */
    static synchronized FfmpegTools tools() {
        if (tools == null) {
            try {
                tools = FfmpegTools.locate(Optional.empty());
            } catch (FfmpegException e) {
                if (!e.getMessage().contains("error while loading shared libraries")
                        || new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
                    throw e;
                }
                ToolRun.execute(Duration.ofMinutes(10), "/usr/bin/env", "DEBIAN_FRONTEND=noninteractive", "apt-get",
                        "install", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300",
                        "libpulse0", "libasound2", "libxcb1", "libxcb-shm0").requireSuccess();
                tools = FfmpegTools.locate(Optional.empty());
            }
        }
        return tools;
    }

    static Path work() {
        return WORK;
    }

    private static VariantTranscode variants;

    /** The A/B variants of the 8 s source (key {@link VariantTranscodeTest#KEY}, recording 42), made once per JVM. */
    static synchronized VariantTranscode variants() {
        if (variants == null) {
            VariantTranscode made = VariantTranscode.start(tools(), PreviewProfile.DEFAULT_720P, List.of(sourceFlv(8, true)),
                    false, WORK.resolve("variants-8s"), VariantTranscodeTest.KEY, VariantTranscodeTest.RECORDING);
            try {
                made.exit().get(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (Exception e) {
                made.stop();
                throw new AssertionError("the variants were not made: " + made.failure().orElse(e.toString()), e);
            }
            variants = made;
        }
        return variants;
    }

    /**
     * A synthetic recording: {@code seconds} of testsrc2 at 1280×720, 30 fps (H.264, a key frame every
     * 2 s) and, if {@code audio}, a 440 Hz sine at 44.1 kHz (AAC), muxed as FLV like a recording.
     */
    static synchronized Path sourceFlv(int seconds, boolean audio) {
        String name = "source-" + seconds + "s" + (audio ? "" : "-silent") + ".flv";
        return SOURCES.computeIfAbsent(name, n -> {
            Path file = WORK.resolve(n);
            List<String> arguments = new ArrayList<>(List.of("-y",
                    "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30"));
            if (audio) {
                arguments.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"));
            }
            arguments.addAll(List.of("-t", Integer.toString(seconds),
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p", "-b:v", "4M"));
            if (audio) {
                arguments.addAll(List.of("-c:a", "aac", "-b:a", "128k"));
            }
            arguments.addAll(List.of("-f", "flv", file.toString()));
            FfmpegProcess.run(tools(), arguments, TIMEOUT);
            return file;
        });
    }

    /** ffprobe's {@code -show_streams} fields of every stream, keyed by codec type (video, audio). */
    static Map<String, Map<String, String>> streams(Path media) {
        String flat = FfmpegProcess.probe(tools(), List.of("-v", "error", "-show_streams", "-of", "flat",
                media.toString()), TIMEOUT);
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (String line : flat.split("\n")) {
            // streams.stream.0.codec_name="h264"
            if (!line.startsWith("streams.stream.")) {
                continue;
            }
            String rest = line.substring("streams.stream.".length());
            int dot = rest.indexOf('.');
            int equals = rest.indexOf('=');
            if (dot < 0 || equals < dot) {
                continue;
            }
            int index = Integer.parseInt(rest.substring(0, dot));
            String value = rest.substring(equals + 1);
            if (value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            byIndex.computeIfAbsent(index, i -> new HashMap<>()).put(rest.substring(dot + 1, equals), value);
        }
        Map<String, Map<String, String>> byType = new HashMap<>();
        byIndex.values().forEach(stream -> byType.putIfAbsent(stream.get("codec_type"), stream));
        return byType;
    }

    /**
     * Frames {@code first} … {@code first + count - 1} (counted from 0 in presentation order) of
     * {@code media}, scaled to {@code width}×{@code height}, each as 8-bit gray pixels row by row.
     */
    static List<byte[]> grayFrames(Path media, int first, int count, int width, int height) {
        try {
            Path raw = Files.createTempFile(WORK, "frames-", ".gray");
            FfmpegProcess.run(tools(), List.of("-y", "-i", media.toString(),
                    "-vf", "select=between(n\\," + first + "\\," + (first + count - 1) + "),scale=" + width + ":" + height
                            + ",format=gray",
                    "-fps_mode", "passthrough", "-frames:v", Integer.toString(count), "-f", "rawvideo", raw.toString()),
                    TIMEOUT);
            byte[] pixels = Files.readAllBytes(raw);
            Files.delete(raw);
            int size = width * height;
            if (pixels.length != count * size) {
                throw new AssertionError("frames " + first + "+" + count + " of " + media + " decoded to " + pixels.length
                        + " bytes");
            }
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                frames.add(Arrays.copyOfRange(pixels, i * size, (i + 1) * size));
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] grayFrame(Path media, int frame, int width, int height) {
        return grayFrames(media, frame, 1, width, height).get(0);
    }

    /** Mean absolute difference of two gray frames over the rectangle [x0, x1) × [y0, y1). */
    static double meanAbsoluteDifference(byte[] a, byte[] b, int width, int x0, int y0, int x1, int y1) {
        long sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = y * width + x;
                sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            }
        }
        return (double) sum / ((long) (x1 - x0) * (y1 - y0));
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: it is a temporary directory.
        }
    }
}
