package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A segment's key frame is recognised in a byte-for-byte copy and in a remuxed one, and tells A from B. */
class KeyFramesTest {

    @Test
    void eachSegmentHasOneKeyFrameAndAAndBDiffer() {
        VariantTranscode variants = MediaFixtures.variants();
        for (Segment segment : variants.completedSegments()) {
            List<byte[]> a = KeyFrames.ofSegment(variants.segment(Variant.A, segment.name()));
            List<byte[]> b = KeyFrames.ofSegment(variants.segment(Variant.B, segment.name()));
            assertEquals(1, a.size(), segment.name());
            assertEquals(1, b.size(), segment.name());
            assertNotEquals(hex(a), hex(b), segment.name());
        }
    }

    @Test
    void aConcatenatedCopyAndAnMp4RemuxOfItShowTheSameKeyFramesAsTheSegments() throws Exception {
        VariantTranscode variants = MediaFixtures.variants();
        List<Segment> segments = variants.completedSegments();
        Path copy = Files.createTempFile(MediaFixtures.work(), "copy-", ".ts");
        StringBuilder expected = new StringBuilder();
        try (OutputStream out = Files.newOutputStream(copy)) {
            for (int k = 0; k < segments.size(); k++) {
                Path segment = variants.segment(k % 3 == 0 ? Variant.B : Variant.A, segments.get(k).name());
                out.write(Files.readAllBytes(segment));
                expected.append(hex(KeyFrames.ofSegment(segment)));
            }
        }
        Path remuxed = MediaFixtures.work().resolve("copy-remuxed.mp4");
        FfmpegProcess.run(MediaFixtures.tools(), List.of("-y", "-i", copy.toString(), "-c", "copy", remuxed.toString()),
                MediaFixtures.TIMEOUT);
        assertEquals(expected.toString(), hex(KeyFrames.ofFile(MediaFixtures.tools(), copy, MediaFixtures.work())));
        assertEquals(expected.toString(), hex(KeyFrames.ofFile(MediaFixtures.tools(), remuxed, MediaFixtures.work())));
        assertTrue(KeyFrames.ofFile(MediaFixtures.tools(), MediaFixtures.sourceFlv(4, false), MediaFixtures.work()).size() >= 1);
    }

    @Test
    void annexBIsSplitAtThreeAndFourByteStartCodes() {
        byte[] stream = {0, 0, 0, 1, 0x65, 1, 2, 0, 0, 1, 0x41, 3, 0, 0, 0, 0, 1, 0x65, 4};
        List<byte[]> units = KeyFrames.units(stream);
        assertEquals(List.of("650102", "4103", "6504"), units.stream().map(HexFormat.of()::formatHex).toList());
        assertEquals(2, KeyFrames.ofAnnexB(stream).size(), "two IDR pictures, a P slice between them");
    }

    private static String hex(List<byte[]> digests) {
        return digests.stream().map(HexFormat.of()::formatHex).reduce("", String::concat);
    }
}
