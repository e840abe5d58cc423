package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnMetaDataTest {

    private static Map<String, Object> stream() {
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("width", 1280.0);
        stream.put("height", 720.0);
        stream.put("encoder", "Lavf59");
        stream.put("duration", 0.0);
        stream.put("videodatarate", 2500.0);
        return stream;
    }

    /** Video at 30 fps for {@code seconds}, a keyframe every 2 s, tags 1 000 bytes apart. */
    private static MediaTally tally(int capacity, int seconds) {
        MediaTally tally = new MediaTally(capacity);
        for (int frame = 0; frame < seconds * 30; frame++) {
            byte first = (byte) (frame % 60 == 0 ? 0x17 : 0x27);
            tally.note(TagType.VIDEO, frame * 1000L / 30, 1000L * frame, Buffer.buffer(new byte[] {first, 1, 0, 0, 0}));
        }
        return tally;
    }

    @Test
    void streamEntriesLoseTheFiguresTheFileStatesItself() {
        Map<String, Object> kept = OnMetaData.streamEntries(stream());
        assertEquals(List.of("width", "height", "encoder"), List.copyOf(kept.keySet()));
    }

    @Test
    void declaredFrameRateWinsAndMeasuredFillsIn() {
        Map<String, Object> declared = OnMetaData.streamEntries(Map.of("framerate", 29.97));
        int length = OnMetaData.reservedLength(declared, 100);
        assertEquals(29.97, ScriptData.onMetaData(OnMetaData.finished(declared, tally(100, 10), 1, length)).get("framerate"));
        Map<String, Object> unknown = OnMetaData.streamEntries(Map.of("framerate", 0.0));
        assertEquals(30.0, (double) ScriptData.onMetaData(OnMetaData.finished(unknown, tally(100, 10), 1, length))
                .get("framerate"), 0.1);
    }

    @Test
    void initialAndFinishedBlocksHaveTheReservedLength() {
        Map<String, Object> entries = OnMetaData.streamEntries(stream());
        int length = OnMetaData.reservedLength(entries, 100);
        Buffer initial = OnMetaData.initial(entries, length);
        Buffer finished = OnMetaData.finished(entries, tally(100, 180), 123_456, length);
        assertEquals(length, initial.length());
        assertEquals(length, finished.length());

        Map<String, Object> before = ScriptData.onMetaData(initial);
        assertEquals(0.0, before.get("duration"));
        assertFalse(before.containsKey("keyframes"), "no index before the first keyframe");

        Map<String, Object> after = ScriptData.onMetaData(finished);
        assertEquals(1280.0, after.get("width"));
        assertEquals(123_456.0, after.get("filesize"));
        assertEquals((180 * 30 - 1) * 1000 / 30 / 1000.0, (double) after.get("duration"), 0.001);
        assertEquals(30.0, (double) after.get("framerate"), 0.1);
        assertEquals(true, after.get("hasKeyframes"));
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> keyframes = (Map<String, List<Double>>) after.get("keyframes");
        assertEquals(90, keyframes.get("times").size(), "one keyframe per 2 s over 180 s");
        assertEquals(keyframes.get("times").size(), keyframes.get("filepositions").size());
        assertEquals(2.0, keyframes.get("times").get(1));
        assertEquals(60_000.0, keyframes.get("filepositions").get(1));
    }

    @Test
    void theReservationHoldsAFullIndexExactly() {
        Map<String, Object> entries = OnMetaData.streamEntries(stream());
        int length = OnMetaData.reservedLength(entries, 90);
        MediaTally full = tally(90, 180);
        OnMetaData.finished(entries, full, 1, length);
        assertEquals(90, full.keyframes().size(), "a full index fits without thinning");
        assertEquals(length, OnMetaData.reservedLength(entries, 90));
    }

    @Test
    void anIndexLargerThanTheReservationIsThinnedToFit() {
        Map<String, Object> entries = OnMetaData.streamEntries(stream());
        int length = OnMetaData.reservedLength(entries, 10);
        MediaTally tally = tally(1000, 180);
        Buffer block = OnMetaData.finished(entries, tally, 1, length);
        assertEquals(length, block.length());
        assertTrue(tally.keyframes().size() <= 10, "thinned to " + tally.keyframes().size());
        assertTrue(tally.keyframes().size() >= 5);
    }

    @Test
    void aBlockTooSmallForTheFiguresIsRefused() {
        Map<String, Object> entries = OnMetaData.streamEntries(Map.of("encoder", "x".repeat(500)));
        int length = OnMetaData.reservedLength(Map.of(), 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OnMetaData.finished(entries, tally(2, 1), 1, length));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }
}
