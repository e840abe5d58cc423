package dev.streamvcr.browser;

import dev.streamvcr.peer.DebianPackages;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium and the chromedriver built from the same source, so their versions always match.
 *
 * <p>Call {@link #ensureInstalled()} before starting a {@link Browser}, typically from {@code @BeforeAll}.
 */
public final class BrowserTools {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final DebianPackages PACKAGES = new DebianPackages("Browser tests",
            List.of(CHROMIUM, CHROMEDRIVER), List.of("chromium", "chromium-driver"));

    private BrowserTools() {
    }

    /**
     * Makes sure chromium and chromedriver are installed, installing the Debian packages when running
     * as root (≈ 125 MiB, about a minute on a fresh machine, once). When not root and they are missing:
     * fails under {@code CI=true}, otherwise skips the calling test.
     */
    public static void ensureInstalled() {
        PACKAGES.ensureInstalled();
    }
}
