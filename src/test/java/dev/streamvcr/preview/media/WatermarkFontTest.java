package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkFontTest {

    @Test
    void anExistingSystemFontIsUsed(@TempDir Path temp) throws Exception {
        Path system = Files.writeString(temp.resolve("system.ttf"), "font");

        Path font = WatermarkFont.resolve(temp.resolve("data"), List.of(temp.resolve("missing.ttf"), system));

        assertEquals(system, font);
        assertEquals(false, Files.exists(temp.resolve("data/fonts")));
    }

    @Test
    void withoutSystemFontsTheBundledOneIsExtractedOnce(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");

        Path font = WatermarkFont.resolve(data, List.of(temp.resolve("missing.ttf")));
        FileTime extracted = Files.getLastModifiedTime(font);
        Path again = WatermarkFont.resolve(data, List.of());

        assertEquals(data.resolve("fonts/LiberationSans-Regular.ttf"), font);
        assertEquals(font, again);
        assertEquals(extracted, Files.getLastModifiedTime(again), "reused, not written again");
        byte[] content = Files.readAllBytes(font);
        assertArrayEquals(new byte[] {0, 1, 0, 0}, Arrays.copyOf(content, 4), "a TrueType font");
        try (InputStream bundled = WatermarkFont.class.getClassLoader().getResourceAsStream(WatermarkFont.BUNDLED_RESOURCE)) {
            assertArrayEquals(bundled.readAllBytes(), content);
        }
    }
}
