package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** What every test of pages in headless Chromium shares: the browser installed first, and no process of it left. */
abstract class BrowserPages {

    @BeforeAll
    static void browserInstalled() {
        BrowserTools.ensureInstalled();
    }

    @AfterAll
    static void noBrowserProcessOutlivesTheTests() {
        List<ProcessHandle> stray = Browser.strayProcesses();
        assertTrue(stray.isEmpty(), "left running:\n" + Browser.describe(stray));
    }
}
