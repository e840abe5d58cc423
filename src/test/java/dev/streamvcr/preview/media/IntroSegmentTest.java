package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntroSegmentTest {

    private static final PreviewProfile PROFILE = PreviewProfile.DEFAULT_720P;

    @Test
    void encodedOnceThenReused(@TempDir Path temp) throws Exception {
        Path font = WatermarkFont.resolve(temp);
        Path cache = temp.resolve("cache");

        Path first = IntroSegment.ensure(MediaFixtures.tools(), PROFILE, cache, font);
        FileTime written = Files.getLastModifiedTime(first);
        Path second = IntroSegment.ensure(MediaFixtures.tools(), PROFILE, cache, font);

        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second), "not encoded again");
        assertTrue(first.getFileName().toString().contains(PROFILE.id()), first.toString());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(List.of(first), files.toList(), "no temporary files left");
        }
    }

    @Test
    void durationIsTheSegmentLength(@TempDir Path temp) {
        Path intro = IntroSegment.ensure(MediaFixtures.tools(), PROFILE, temp, WatermarkFont.resolve(temp));

        double duration = IntroSegment.durationSeconds(MediaFixtures.tools(), intro);

        assertEquals(PROFILE.segmentSeconds(), duration, 0.1);
        assertEquals(duration, IntroSegment.durationSeconds(MediaFixtures.tools(), intro));
        assertEquals(PROFILE.segmentSeconds() * PROFILE.frameRate(), countVideoFrames(intro));
    }

    @Test
    void pathsWithFilterGraphSpecialCharactersWork(@TempDir Path temp) throws Exception {
        // Both the font and the text file path go through the filter graph's two levels of escaping.
        Path odd = Files.createDirectories(temp.resolve("a:b, 'c' [d];e\\f"));
        Path font = Files.copy(WatermarkFont.resolve(temp), odd.resolve("font.ttf"));

        Path intro = IntroSegment.ensure(MediaFixtures.tools(), PROFILE, odd, font);

        assertTrue(Files.size(intro) > 0);
    }

    private static int countVideoFrames(Path media) {
        String output = FfmpegProcess.probe(MediaFixtures.tools(), List.of("-v", "error", "-count_frames",
                "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", media.toString()),
                MediaFixtures.TIMEOUT);
        return Integer.parseInt(output.strip().lines().findFirst().orElseThrow());
    }
}
