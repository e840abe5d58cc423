package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegToolsTest {

    @Test
    void embeddedIsTheGplBuildWithLibx264AndDrawtext() {
        FfmpegTools tools = MediaFixtures.tools();

        assertTrue(Files.isExecutable(tools.ffmpeg()), tools.toString());
        assertTrue(Files.isExecutable(tools.ffprobe()), tools.toString());
        assertTrue(tools.ffmpeg().toString().contains("linux-x86_64-gpl"), tools.toString());
        FfmpegProcess encoders = FfmpegProcess.startCapturing(tools, List.of("-encoders"));
        encoders.awaitSuccess(Duration.ofSeconds(30));
        assertTrue(encoders.stdout().contains(" libx264 "), encoders.stdout());
    }

    @Test
    void lookupIsCached() {
        MediaFixtures.tools();
        assertSame(FfmpegTools.locate(Optional.empty()), FfmpegTools.locate(Optional.of("  ")));
    }

    @Test
    void overrideThatIsNoFileSaysSo(@TempDir Path temp) {
        FfmpegException failure = assertThrows(FfmpegException.class,
                () -> FfmpegTools.locate(Optional.of(temp.resolve("nope/ffmpeg").toString())));
        assertTrue(failure.getMessage().contains("STREAMVCR_FFMPEG"), failure.getMessage());
        assertTrue(failure.getMessage().contains("not an executable file"), failure.getMessage());
    }

    @Test
    void overrideWithoutFfprobeBesideItSaysSo(@TempDir Path temp) throws Exception {
        Path ffmpeg = script(temp.resolve("ffmpeg"), "exit 0");

        FfmpegException failure = assertThrows(FfmpegException.class,
                () -> FfmpegTools.locate(Optional.of(ffmpeg.toString())));
        assertTrue(failure.getMessage().contains("no executable ffprobe beside it"), failure.getMessage());
    }

    @Test
    void overrideWithoutLibx264IsRefused(@TempDir Path temp) throws Exception {
        Path ffmpeg = script(temp.resolve("ffmpeg"), "echo ' V....D libopenh264  OpenH264'; exit 0");
        script(temp.resolve("ffprobe"), "exit 0");

        FfmpegException failure = assertThrows(FfmpegException.class,
                () -> FfmpegTools.locate(Optional.of(ffmpeg.toString())));
        assertTrue(failure.getMessage().contains("has no libx264 encoder"), failure.getMessage());
    }

    @Test
    void overrideThatCannotRunSaysWhy(@TempDir Path temp) throws Exception {
        Path ffmpeg = script(temp.resolve("ffmpeg"), "echo 'ffmpeg: error while loading shared libraries: libpulse.so.0' >&2; exit 127");
        script(temp.resolve("ffprobe"), "exit 0");

        FfmpegException failure = assertThrows(FfmpegException.class,
                () -> FfmpegTools.locate(Optional.of(ffmpeg.toString())));
        assertTrue(failure.getMessage().contains("does not run"), failure.getMessage());
        assertTrue(failure.getMessage().contains("apt-get install libpulse0"), failure.getMessage());
    }

    private static Path script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
