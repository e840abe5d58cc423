package dev.streamvcr.preview.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ViewerCodeTest {

    static final byte[] KEY = "code key of the tests, 32 bytes!".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSameViewerAndRecordingAlwaysGetTheSameBits() {
        int[] first = bits(ViewerCode.of(KEY, 7, 12), 600);
        int[] again = bits(ViewerCode.of(KEY, 7, 12), 600);
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(again));
    }

    @Test
    void viewersRecordingsAndKeysEachChangeAboutHalfTheBits() {
        int[] base = bits(ViewerCode.of(KEY, 7, 12), 2000);
        for (ViewerCode other : new ViewerCode[] {ViewerCode.of(KEY, 7, 13), ViewerCode.of(KEY, 8, 12),
            ViewerCode.of("another key of the tests, 32 b.".getBytes(StandardCharsets.UTF_8), 7, 12)}) {
            int[] bits = bits(other, 2000);
            long differ = IntStream.range(0, 2000).filter(k -> bits[k] != base[k]).count();
            assertTrue(differ > 900 && differ < 1100, "about half the bits differ: " + differ);
        }
        long ones = IntStream.of(base).filter(b -> b == 1).count();
        assertTrue(ones > 900 && ones < 1100, "A and B equally often: " + ones);
    }

    @Test
    void theNameComesEveryNthSegmentNeverFirstAndAtDifferentPlacesForDifferentViewers() {
        java.util.Set<Integer> firsts = new java.util.HashSet<>();
        for (long viewer = 1; viewer <= 50; viewer++) {
            ViewerCode code = ViewerCode.of(KEY, 7, viewer);
            int[] names = IntStream.range(0, 40).filter(k -> code.carriesName(k, 8)).toArray();
            assertEquals(5, names.length, "one in every 8 of 40 segments");
            assertTrue(names[0] >= 1 && names[0] <= 7, "never the first segment: " + names[0]);
            for (int i = 1; i < names.length; i++) {
                assertEquals(8, names[i] - names[i - 1]);
            }
            firsts.add(names[0]);
        }
        assertTrue(firsts.size() >= 5, "viewers' name segments are spread: " + firsts);
        assertTrue(ViewerCode.of(KEY, 7, 1).carriesName(3, 1), "every segment when N is 1");
        assertNotEquals(true, ViewerCode.of(KEY, 7, 1).carriesName(3, 0), "never when N is 0");
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ViewerCode.of(new byte[8], 1, 1));
    }

    static int[] bits(ViewerCode code, int n) {
        return IntStream.range(0, n).map(code::sign).toArray();
    }
}
