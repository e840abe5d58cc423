package dev.streamvcr.preview.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.preview.media.PreviewTranscode.Corner;
import org.junit.jupiter.api.Test;

class PreviewProfileTest {

    private static final PreviewProfile DEFAULT = PreviewProfile.DEFAULT_720P;

    @Test
    void idIsShortStableAndChangesWithAnyParameter() {
        assertTrue(DEFAULT.id().matches("[0-9a-f]{12}"), DEFAULT.id());
        PreviewProfile same = new PreviewProfile(1280, 720, 30, "high", "3.1", "veryfast", "yuv420p", 23, 3000, 6000, 2,
                48000, 2, 128);
        assertEquals(DEFAULT.id(), same.id());
        PreviewProfile otherQuality = new PreviewProfile(1280, 720, 30, "high", "3.1", "veryfast", "yuv420p", 24, 3000,
                6000, 2, 48000, 2, 128);
        assertNotEquals(DEFAULT.id(), otherQuality.id());
    }

    @Test
    void gopIsOneSegment() {
        assertEquals(60, DEFAULT.gopFrames());
        assertTrue(DEFAULT.encoderArguments().containsAll(java.util.List.of("-g", "60", "-keyint_min", "-sc_threshold")));
    }

    @Test
    void oddFrameSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PreviewProfile(1279, 720, 30, "high", "3.1", "veryfast",
                "yuv420p", 23, 3000, 6000, 2, 48000, 2, 128));
    }

    @Test
    void watermarkVisitsEveryCornerInTurn() {
        assertEquals(Corner.TOP_LEFT, PreviewTranscode.cornerAt(0));
        assertEquals(Corner.TOP_LEFT, PreviewTranscode.cornerAt(4.99));
        assertEquals(Corner.TOP_RIGHT, PreviewTranscode.cornerAt(5));
        assertEquals(Corner.BOTTOM_RIGHT, PreviewTranscode.cornerAt(10));
        assertEquals(Corner.BOTTOM_LEFT, PreviewTranscode.cornerAt(15));
        assertEquals(Corner.TOP_LEFT, PreviewTranscode.cornerAt(20));
    }
}
