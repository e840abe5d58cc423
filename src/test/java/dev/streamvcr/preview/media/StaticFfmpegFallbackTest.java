package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.ToolRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine without the embedded ffmpeg's system libraries (libpulse, libasound, libxcb, libxcb-shm) still makes
 * previews and MP4s with the static fallback. The libraries are really taken away: the check runs in a JVM in its own
 * mount namespace where each of them is covered by an empty file, so the embedded ffmpeg cannot load them, exactly as
 * on a minimal Debian. Needs root (mount namespaces); CI runs as root and fails rather than skips without it.
 */
class StaticFfmpegFallbackTest {

    private static final List<String> LIBRARIES = List.of("libpulse.so.0", "libasound.so.2", "libxcb.so.1",
            "libxcb-shm.so.0");

    @TempDir
    Path dir;

    @Test
    void previewsAndMp4sWorkWhenTheEmbeddedFfmpegCannotLoadItsLibraries() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort("hiding system libraries needs root (a private mount namespace)");
        }
        PeerTools.ensureInstalled();
        TestCard.DEFAULT.writeFlv(dir.resolve("in.flv"), Duration.ofSeconds(5));
        StringBuilder hide = new StringBuilder();
        for (String library : LIBRARIES) {
            Path path = Path.of("/usr/lib/x86_64-linux-gnu", library);
            hide.append("if [ -e ").append(path).append(" ]; then mount --bind /dev/null ").append(path)
                    .append(" || exit 97; fi; ");
        }
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "/bin/sh",
                "-c", hide + "exec \"$0\" \"$@\"", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HiddenLibrariesTranscode.class.getName(), dir.toString()));
        ToolRun run = ToolRun.execute(Duration.ofMinutes(3), command);
        String out = run.stdout();
        assertEquals(0, run.exitCode(), "exit " + run.exitCode() + "\nstdout:\n" + out + "\nstderr:\n" + run.stderr());
        assertTrue(out.contains("ORIGIN the static ffmpeg 4.4.1 (ws.schild:jave-nativebin-linux64), because the "
                + "embedded ffmpeg does not run here"), out);
        assertTrue(out.contains("error while loading shared libraries") || out.contains("system library"), out);
        assertTrue(out.contains("INTRO "), "the intro clip is encoded too: " + out);
        Matcher segments = Pattern.compile("SEGMENTS (\\d+) finished=true").matcher(out);
        assertTrue(segments.find() && Integer.parseInt(segments.group(1)) >= 2, out);
        assertTrue(out.contains("MP4 MediaTracks[tracks=[Track[kind=video, codec=h264], Track[kind=audio, codec=aac]]"),
                out);
        System.out.println("MEASURED without the four libraries: " + out.lines().filter(l -> l.startsWith("ORIGIN")
                || l.startsWith("SEGMENTS")).toList());
        assertTrue(Files.isRegularFile(dir.resolve("out.mp4")));
    }
}
