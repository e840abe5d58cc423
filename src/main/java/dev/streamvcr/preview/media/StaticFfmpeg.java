package dev.streamvcr.preview.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The statically linked ffmpeg 4.4.1 of {@code ws.schild:jave-nativebin-linux64} (libx264, libx265, drawtext, AAC),
 * which runs on a Linux without any library beyond the C library's kernel interface. Older than the embedded ffmpeg 8
 * (it reads no Enhanced FLV) and without ffprobe, so it is the fallback when the embedded build cannot start.
 */
final class StaticFfmpeg {

    static final String RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";
    static final String ORIGIN = "the static ffmpeg 4.4.1 (ws.schild:jave-nativebin-linux64)";

    private StaticFfmpeg() {
    }

    /**
     * Unpacks the binary once into a cache directory ({@code ~/.cache/streamvcr/}, else the temporary directory) and
     * returns it, executable.
     *
     * @throws FfmpegException when the jar is not on the classpath (another platform) or nothing can be written
     */
    static Path extract() {
        URL resource = StaticFfmpeg.class.getClassLoader().getResource(RESOURCE);
        if (resource == null || !"amd64".equals(System.getProperty("os.arch"))) {
            throw new FfmpegException("there is no static ffmpeg for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " on the classpath");
        }
        FfmpegException failure = null;
        for (Path directory : new Path[] {Path.of(System.getProperty("user.home"), ".cache", "streamvcr"),
                Path.of(System.getProperty("java.io.tmpdir"), "streamvcr-" + System.getProperty("user.name"))}) {
            try {
                return extractInto(resource, directory.resolve("ffmpeg-4.4.1-static"));
            } catch (IOException e) {
                failure = new FfmpegException("could not unpack the static ffmpeg into " + directory + ": " + e, e);
            }
        }
        throw failure;
    }

    private static Path extractInto(URL resource, Path directory) throws IOException {
        Path binary = directory.resolve("ffmpeg");
        long expected = resource.openConnection().getContentLengthLong();
        if (Files.isRegularFile(binary) && Files.size(binary) == expected && Files.isExecutable(binary)) {
            return binary;
        }
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, "ffmpeg-", ".partial");
        try (InputStream in = resource.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (!partial.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + partial + " executable");
            }
            Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return binary;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
