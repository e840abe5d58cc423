package dev.streamvcr;

import dev.streamvcr.peer.FfmpegBuild;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Installs the system libraries of the embedded ffmpeg before an app under test starts, so its previews work
 * from the first request whatever order the test classes run in (on a fresh machine none of them is there).
 */
public class PreviewLibrariesResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        FfmpegBuild.ensureEmbeddedLibraries();
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
