package dev.streamvcr.preview;

import dev.streamvcr.ManualClock;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes sharing one previews directory, on a clock the test moves. */
class PreviewOwnerTest {

    private final ManualClock clock = new ManualClock();
    private final PreviewOwner a = new PreviewOwner("node-a:8080", clock, Duration.ofMinutes(1));
    private final PreviewOwner b = new PreviewOwner("node-b:8080", clock, Duration.ofMinutes(1));

    @Test
    void aRunningTranscodeIsLeftAloneByEveryOtherNodeWhileItsOwnerBeats(@TempDir Path dir) throws Exception {
        a.claim(dir);
        assertEquals("node-a:8080", Files.readString(dir.resolve(PreviewOwner.FILE)));
        assertTrue(b.ofAnotherLiveNode(dir));
        assertFalse(b.removableAtStart(dir), "another node starting does not take it");
        assertFalse(b.ofADeadNode(dir));
        assertFalse(a.ofAnotherLiveNode(dir), "its own");
        assertTrue(a.removableAtStart(dir), "what a node's own earlier run left it may remove");

        for (int beat = 0; beat < 12; beat++) {
            clock.advance(Duration.ofSeconds(10));
            a.renew(dir);
        }
        assertTrue(b.ofAnotherLiveNode(dir), "two minutes on, still beating");
        assertFalse(b.ofADeadNode(dir));
    }

    @Test
    void aTranscodeWhoseOwnerStoppedBeatingIsAnyonesToRemove(@TempDir Path dir) throws Exception {
        a.claim(dir);
        clock.advance(Duration.ofSeconds(59));
        assertTrue(b.ofAnotherLiveNode(dir), "a beat missed is not death");
        clock.advance(Duration.ofSeconds(2));
        assertFalse(b.ofAnotherLiveNode(dir));
        assertTrue(b.ofADeadNode(dir));
        assertTrue(b.removableAtStart(dir));
        assertFalse(a.ofADeadNode(dir), "a node never counts itself dead: its own are in its jobs or leftovers");
    }

    @Test
    void aDirectoryWithoutOwnerIsNobodysAndRenewingAGoneOneIsHarmless(@TempDir Path dir) {
        assertFalse(b.ofAnotherLiveNode(dir));
        assertFalse(b.ofADeadNode(dir));
        assertTrue(b.removableAtStart(dir), "unfinished files of a version without owners go at start, as before");
        assertDoesNotThrow(() -> a.renew(dir.resolve("gone")));
    }
}
