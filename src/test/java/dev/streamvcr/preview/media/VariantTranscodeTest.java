package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The two shared variants of a preview: cut at the same frames, and told apart only by each segment's own mark. */
class VariantTranscodeTest {

    static final byte[] KEY = "a mark key for the tests".getBytes(StandardCharsets.UTF_8);
    static final long RECORDING = 42;
    private static final PreviewProfile PROFILE = PreviewProfile.DEFAULT_720P;
    private static final int W = 320;
    private static final int H = 180;

    private static Path work;
    private static VariantTranscode variants;

    @BeforeAll
    static void makeBothVariants() throws Exception {
        work = Files.createTempDirectory(MediaFixtures.work(), "variants-");
        variants = MediaFixtures.variants();
    }

    @AfterAll
    static void stopLeftovers() {
        FfmpegProcess.stopAll();
    }

    @Test
    void bothVariantsAreCutAtTheSameFramesWithTheSameCodecParameters() {
        assertTrue(variants.finished(), variants.failure().orElse("not finished"));
        List<Segment> segments = variants.completedSegments();
        assertEquals(8.0, segments.stream().mapToDouble(Segment::durationSeconds).sum(), 0.1);
        assertEquals(2.0, segments.get(0).durationSeconds(), 0.001);
        assertEquals(segments, VariantTranscode.readSegments(variants.outputDir()));
        Map<String, String> intro = MediaFixtures.streams(IntroSegment.ensure(MediaFixtures.tools(), PROFILE,
                work.resolve("cache"), WatermarkFont.resolve(work))).get("video");
        for (Segment segment : segments) {
            Path a = variants.segment(Variant.A, segment.name());
            Path b = variants.segment(Variant.B, segment.name());
            // The frames (presentation times), the decoding clock and the one key frame are the same; x264 may order
            // B-frames differently in the two, which changes nothing at a segment's edges.
            List<String[]> packetsOfA = packets(a, "v").stream().map(p -> p.split(",")).toList();
            List<String[]> packetsOfB = packets(b, "v").stream().map(p -> p.split(",")).toList();
            assertEquals(column(packetsOfA, 0).stream().sorted().toList(), column(packetsOfB, 0).stream().sorted().toList(),
                    "frames of " + segment.name());
            assertEquals(column(packetsOfA, 1), column(packetsOfB, 1), "decoding times of " + segment.name());
            assertEquals(column(packetsOfA, 2), column(packetsOfB, 2), "key frames of " + segment.name());
            assertTrue(packetsOfA.get(0)[2].startsWith("K"), segment.name() + " starts with a key frame");
            assertEquals(1, packetsOfA.stream().filter(p -> p[2].startsWith("K")).count(), "one GOP in " + segment.name());
            assertEquals(packets(a, "a"), packets(b, "a"), "audio packets of " + segment.name());
            assertEquals(duration(a), duration(b), segment.name());
            // ffprobe guesses the frame rate of a segment of a frame or two (the end of the input) as 60.
            for (String field : segment.durationSeconds() < 1 ? List.of("codec_name", "profile", "level", "width")
                    : List.of("codec_name", "profile", "level", "width", "height", "r_frame_rate", "sample_aspect_ratio",
                            "pix_fmt")) {
                assertEquals(intro.get(field), MediaFixtures.streams(b).get("video").get(field), field);
            }
        }
        System.out.printf("variants: %d segments, A and B with the same frames, decoding times and key frames%n",
                segments.size());
    }

    @Test
    void eachSegmentCarriesItsOwnPatternAddedToAAndSubtractedFromB() {
        for (int k = 0; k < 3; k++) {
            String name = variants.completedSegments().get(k).name();
            byte[] a = MediaFixtures.grayFrame(variants.segment(Variant.A, name), 20, W, H);
            byte[] b = MediaFixtures.grayFrame(variants.segment(Variant.B, name), 20, W, H);
            float[] half = new float[W * H];
            double mean = 0;
            for (int i = 0; i < half.length; i++) {
                half[i] = ((a[i] & 0xff) - (b[i] & 0xff)) / 2f;
                mean += half[i] / half.length;
            }
            double own = correlation(half, MarkPattern.render(MarkPattern.grid(KEY, RECORDING, k), W, H));
            double next = correlation(half, MarkPattern.render(MarkPattern.grid(KEY, RECORDING, k + 1), W, H));
            System.out.printf("segment %d: (A-B)/2 correlates %.2f with its pattern, %.2f with the next; mean %.2f%n",
                    k, own, next, mean);
            assertTrue(own > 0.7, "A - B is the segment's own pattern: " + own);
            assertTrue(Math.abs(next) < 0.2, "and not the next segment's: " + next);
            assertTrue(Math.abs(mean) < 0.3, "no brightness offset between the variants: " + mean);
        }
    }

    @Test
    void segmentsTakenFromEitherVariantPlayAsOneStream() throws Exception {
        List<Segment> segments = variants.completedSegments();
        Path mixed = work.resolve("mixed.ts");
        try (OutputStream out = Files.newOutputStream(mixed)) {
            for (int k = 0; k < segments.size(); k++) {
                out.write(Files.readAllBytes(variants.segment(k % 2 == 0 ? Variant.A : Variant.B, segments.get(k).name())));
            }
        }
        FfmpegProcess decode = FfmpegProcess.start(MediaFixtures.tools(), List.of("-v", "error", "-i", mixed.toString(),
                "-f", "null", "-"));
        decode.awaitSuccess(MediaFixtures.TIMEOUT);
        assertEquals("", decode.stderrTail(), "decodes without a single error");
        String frames = FfmpegProcess.probe(MediaFixtures.tools(), List.of("-v", "error", "-count_frames",
                "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", mixed.toString()),
                MediaFixtures.TIMEOUT).strip().lines().findFirst().orElse("");
        assertEquals(Math.round(segments.stream().mapToDouble(Segment::durationSeconds).sum() * PROFILE.frameRate()),
                Long.parseLong(frames));
    }

    private static List<String> packets(Path segment, String stream) {
        return FfmpegProcess.probe(MediaFixtures.tools(), List.of("-v", "error", "-select_streams", stream,
                "-show_entries", "packet=pts,dts,flags", "-of", "csv=p=0", segment.toString()), MediaFixtures.TIMEOUT)
                .lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static List<String> column(List<String[]> rows, int index) {
        return rows.stream().map(row -> row[index]).toList();
    }

    private static String duration(Path segment) {
        return FfmpegProcess.probe(MediaFixtures.tools(), List.of("-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", segment.toString()), MediaFixtures.TIMEOUT).strip();
    }

    static double correlation(float[] x, float[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
