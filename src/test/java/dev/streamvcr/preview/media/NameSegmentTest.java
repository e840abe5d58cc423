package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.preview.media.VariantTranscode.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A viewer's name segment: a drop-in for the variant's segment that shows the name and keeps the mark. */
class NameSegmentTest {

    private static final PreviewProfile PROFILE = PreviewProfile.DEFAULT_720P;
    private static final int WIDTH = PROFILE.width();
    private static final int HEIGHT = PROFILE.height();

    private static Path font;
    private static Path plain;
    private static Path named;

    @BeforeAll
    static void burnAliceIntoTheSecondSegmentOfB() throws IOException {
        VariantTranscode variants = MediaFixtures.variants();
        Path work = Files.createTempDirectory(MediaFixtures.work(), "names-");
        font = WatermarkFont.resolve(work);
        plain = variants.segment(Variant.B, variants.completedSegments().get(1).name());
        named = work.resolve("name-00001.ts");
        NameSegment.make(MediaFixtures.tools(), PROFILE, plain, named, "alice · #1", font);
    }

    @AfterAll
    static void stopLeftovers() {
        FfmpegProcess.stopAll();
    }

    @Test
    void itHoldsTheSameFramesAtTheSameTimesWithTheSameParameterSets() throws IOException {
        assertEquals(timestamps(plain, "v", "pts").stream().sorted().toList(),
                timestamps(named, "v", "pts").stream().sorted().toList(), "the same frames");
        assertEquals(timestamps(plain, "v", "dts"), timestamps(named, "v", "dts"), "the same decoding clock");
        assertEquals(timestamps(plain, "a", "pts"), timestamps(named, "a", "pts"), "the audio, copied");
        assertEquals(parameterSets(plain), parameterSets(named), "SPS and PPS, byte for byte");
        for (String field : List.of("codec_name", "profile", "level", "width", "height", "pix_fmt", "has_b_frames")) {
            assertEquals(MediaFixtures.streams(plain).get("video").get(field),
                    MediaFixtures.streams(named).get("video").get(field), field);
        }
    }

    @Test
    void itShowsTheViewersNameAndNoOtherOne() {
        int fontSize = Math.round(HEIGHT * 0.055f);
        int top = Math.round(HEIGHT * 0.72f);
        for (int frame : new int[] {0, 29, 59}) {
            byte[] picture = MediaFixtures.grayFrame(named, frame, WIDTH, HEIGHT);
            double alice = NameTemplate.score(picture, WIDTH, HEIGHT, "alice · #1", font, fontSize, top);
            double bob = NameTemplate.score(picture, WIDTH, HEIGHT, "bob · #2", font, fontSize, top);
            double before = NameTemplate.score(MediaFixtures.grayFrame(plain, frame, WIDTH, HEIGHT), WIDTH, HEIGHT,
                    "alice · #1", font, fontSize, top);
            System.out.printf("name segment frame %d: reads alice %.2f, bob %.2f; the plain segment reads alice %.2f%n",
                    frame, alice, bob, before);
            assertTrue(alice > 0.5, "alice's name is there: " + alice);
            assertTrue(alice > bob + 0.2, "and it is not bob's: alice " + alice + ", bob " + bob);
            assertTrue(alice > before + 0.3, "the plain segment has no name: " + before);
        }
    }

    @Test
    void itKeepsTheMarkOfTheVariantItWasMadeFrom() {
        VariantTranscode variants = MediaFixtures.variants();
        String name = variants.completedSegments().get(1).name();
        byte[] a = MediaFixtures.grayFrame(variants.segment(Variant.A, name), 20, 320, 180);
        byte[] b = MediaFixtures.grayFrame(named, 20, 320, 180);
        float[] half = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            half[i] = ((a[i] & 0xff) - (b[i] & 0xff)) / 2f;
        }
        // Above the name only: (A - named B)/2 is still +P there.
        float[] pattern = MarkPattern.render(MarkPattern.grid(VariantTranscodeTest.KEY, VariantTranscodeTest.RECORDING, 1),
                320, 180);
        int rows = 120;
        double correlation = VariantTranscodeTest.correlation(java.util.Arrays.copyOf(half, rows * 320),
                java.util.Arrays.copyOf(pattern, rows * 320));
        assertTrue(correlation > 0.7, "B's mark survives the second encode: " + correlation);
    }

    private static List<Long> timestamps(Path segment, String stream, String field) {
        return FfmpegProcess.probe(MediaFixtures.tools(), List.of("-v", "error", "-select_streams", stream,
                "-show_entries", "packet=" + field, "-of", "csv=p=0", segment.toString()), MediaFixtures.TIMEOUT)
                .lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> Long.parseLong(l.split(",")[0])).toList();
    }

    /** The hex of every SPS (7) and PPS (8) NAL unit in the segment's video, in order, duplicates dropped. */
    private static List<String> parameterSets(Path segment) throws IOException {
        Path raw = Files.createTempFile(MediaFixtures.work(), "h264-", ".h264");
        FfmpegProcess.run(MediaFixtures.tools(), List.of("-y", "-i", segment.toString(), "-map", "0:v:0", "-c", "copy",
                "-f", "h264", raw.toString()), MediaFixtures.TIMEOUT);
        byte[] bytes = Files.readAllBytes(raw);
        List<String> sets = new java.util.ArrayList<>();
        for (byte[] nal : KeyFrames.units(bytes)) {
            int type = nal[0] & 0x1f;
            String hex = HexFormat.of().formatHex(nal);
            if ((type == 7 || type == 8) && !sets.contains(hex)) {
                sets.add(hex);
            }
        }
        return sets;
    }
}
