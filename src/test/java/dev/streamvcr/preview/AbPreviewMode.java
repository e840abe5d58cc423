package dev.streamvcr.preview;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Previews in A/B mode, with a name every fourth segment so a short recording holds several, and traces of up to
 * 32 MiB; one profile for all A/B tests, so they share one start of the application.
 */
public class AbPreviewMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("streamvcr.preview.mode", "ab", "streamvcr.preview.name-every", "4",
                "streamvcr.preview.trace-max-upload", Integer.toString(32 << 20));
    }
}
