package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyframeIndexTest {

    @Test
    void keepsEveryKeyframeWhileThereIsRoom() {
        KeyframeIndex index = new KeyframeIndex(8);
        for (int i = 0; i < 8; i++) {
            index.add(i * 1000L, 100 + i * 10L);
        }
        assertEquals(8, index.size());
        assertEquals(7000, index.millisAt(7));
        assertEquals(170, index.positionAt(7));
    }

    @Test
    void fullIndexIsThinnedToEverySecondKeyframeAndStaysBounded() {
        KeyframeIndex index = new KeyframeIndex(8);
        for (int i = 0; i < 1000; i++) {
            index.add(i * 1000L, i * 10L);
        }
        assertTrue(index.size() <= 8, "bounded: " + index.size());
        assertTrue(index.size() >= 4, "still useful after thinning: " + index.size());
        assertEquals(0, index.millisAt(0), "the first keyframe is always kept");
        long step = index.millisAt(1) - index.millisAt(0);
        for (int i = 1; i < index.size(); i++) {
            assertEquals(step, index.millisAt(i) - index.millisAt(i - 1), "evenly spaced at " + i);
            assertEquals(index.millisAt(i) / 100, index.positionAt(i), "time and position stay paired");
        }
        assertTrue(index.millisAt(index.size() - 1) >= 999_000 - step, "covers the whole recording: " + index);
    }

    @Test
    void capacityFollowsTheBookedLengthWithinBounds() {
        assertEquals(KeyframeIndex.MIN_CAPACITY, KeyframeIndex.capacityFor(0));
        assertEquals(1800 + KeyframeIndex.MIN_CAPACITY, KeyframeIndex.capacityFor(3600));
        assertEquals(KeyframeIndex.MAX_CAPACITY, KeyframeIndex.capacityFor(7L * 24 * 3600));
        assertThrows(IllegalArgumentException.class, () -> new KeyframeIndex(1));
    }
}
