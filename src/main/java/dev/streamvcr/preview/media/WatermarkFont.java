package dev.streamvcr.preview.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The font file drawtext uses for the watermark and the intro. ffmpeg's drawtext needs an explicit
 * font file (the embedded build has no fontconfig), and a server may have no fonts installed, so a
 * system font is used when there is one and otherwise the LiberationSans Regular shipped with the app (SIL Open Font
 * License 1.1, its text in {@code LiberationSans-LICENSE.txt} beside it).
 */
public final class WatermarkFont {

    /** Looked for in this order. */
    static final List<Path> SYSTEM_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"));
    static final String BUNDLED_RESOURCE = "dev/streamvcr/preview/media/LiberationSans-Regular.ttf";
    private static final String BUNDLED_NAME = "LiberationSans-Regular.ttf";

    private WatermarkFont() {
    }

    /**
     * A readable TrueType font: the first of {@link #SYSTEM_FONTS} that exists, else the bundled
     * LiberationSans extracted to {@code <dataDir>/fonts/} (once: an existing complete copy is reused;
     * the copy appears under its name only when complete).
     *
     * @throws IllegalStateException when there is no font at all, saying how to provide one
     * @throws UncheckedIOException when the font cannot be extracted to {@code dataDir}
     */
    public static Path resolve(Path dataDir) {
        return resolve(dataDir, SYSTEM_FONTS);
    }

    static Path resolve(Path dataDir, List<Path> systemFonts) {
        for (Path font : systemFonts) {
            if (Files.isRegularFile(font) && Files.isReadable(font)) {
                return font;
            }
        }
        return extractBundled(dataDir.toAbsolutePath().resolve("fonts"), systemFonts);
    }

    private static synchronized Path extractBundled(Path directory, List<Path> systemFonts) {
        Path target = directory.resolve(BUNDLED_NAME);
        try (InputStream bundled = openBundled()) {
            if (bundled == null) {
                throw new IllegalStateException("No font for the preview watermark: none of " + systemFonts
                        + " exists and the bundled " + BUNDLED_RESOURCE + " is not on the classpath. Install a font "
                        + "package (Debian: fonts-dejavu-core) or use an unmodified StreamVCR build.");
            }
            byte[] font = bundled.readAllBytes();
            if (Files.isRegularFile(target) && Files.size(target) == font.length) {
                return target;
            }
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, BUNDLED_NAME, ".tmp");
            try {
                Files.write(partial, font);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the watermark font to " + target + ": " + e.getMessage(), e);
        }
    }

    private static InputStream openBundled() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream stream = loader == null ? null : loader.getResourceAsStream(BUNDLED_RESOURCE);
        return stream != null ? stream : WatermarkFont.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE);
    }
}
