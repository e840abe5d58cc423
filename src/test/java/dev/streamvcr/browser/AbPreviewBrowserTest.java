package dev.streamvcr.browser;

import dev.streamvcr.preview.AbPreviewMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The A/B preview (per-viewer segment addresses, name segments) plays in a phone-sized browser like the full one. */
@QuarkusTest
@TestProfile(AbPreviewMode.class)
class AbPreviewBrowserTest extends PreviewBrowserTest {
}
