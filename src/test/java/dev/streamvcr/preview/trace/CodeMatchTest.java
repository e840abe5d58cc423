package dev.streamvcr.preview.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.preview.trace.CodeMatch.Reading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scoring on simulated readings; what a real capture reads is tested with media in CaptureTraceTest. */
class CodeMatchTest {

    private static final long RECORDING = 3;

    @Test
    void theThresholdFollowsTheNumberOfCandidates() {
        assertEquals(5.26, CodeMatch.threshold(1), 0.01);
        assertEquals(6.79, CodeMatch.threshold(10_000), 0.01);
    }

    @Test
    void sixtySegmentsWithSomeWrongReadingsNameTheViewerAmongTenThousand() {
        List<ViewerCode> candidates = candidates(10_000, 1);
        Random random = new Random(11);
        ViewerCode leaker = candidates.get(4321);
        Verdict verdict = CodeMatch.score(readings(leaker, 0, 60, 0.03, random), candidates);
        assertTrue(verdict.accused(), verdict.toString());
        assertEquals(leaker.viewerId(), verdict.viewerId());
        assertTrue(verdict.score() > verdict.runnerUpScore() + 2, "stands above the rest: " + verdict);
        assertTrue(verdict.coincidence() < CodeMatch.FALSE_ACCUSATION, verdict.toString());
    }

    @Test
    void aViewerOutsideTheCandidatesIsNeverPinnedOnAnyone() {
        List<ViewerCode> candidates = candidates(500, 1);
        Random random = new Random(12);
        for (int trial = 0; trial < 300; trial++) {
            ViewerCode outsider = ViewerCode.of(ViewerCodeTest.KEY, RECORDING, 1_000_000 + trial);
            Verdict verdict = CodeMatch.score(readings(outsider, trial % 50, 120, 0.02, random), candidates);
            assertFalse(verdict.accused(), "trial " + trial + ": " + verdict);
            assertTrue(verdict.longEnough(), "long enough that a candidate's copy would have been named");
        }
    }

    @Test
    void aShortClipSaysHowManySegmentsItWouldTake() {
        List<ViewerCode> candidates = candidates(10_000, 1);
        Verdict verdict = CodeMatch.score(readings(candidates.get(5), 0, 10, 0, new Random(13)), candidates);
        assertFalse(verdict.accused());
        assertFalse(verdict.longEnough());
        assertEquals(10, verdict.segments());
        // (6.79 / quality)^2: 47 when every reading is fully sure, a little more for these
        assertTrue(verdict.segmentsNeeded() >= 47 && verdict.segmentsNeeded() <= 55, verdict.toString());
    }

    @Test
    void unreadSegmentsCountForNothing() {
        List<ViewerCode> candidates = candidates(100, 1);
        Verdict verdict = CodeMatch.score(List.of(new Reading(0, 0), new Reading(1, 0)), candidates);
        assertFalse(verdict.accused());
        assertEquals(0, verdict.segments());
    }

    @Test
    void aWholeDownloadedCopyIsExactAndANameSegmentNamesItsViewer() {
        List<ViewerCode> candidates = candidates(10_000, 1);
        ViewerCode leaker = candidates.get(77);
        Map<Integer, Integer> seen = new HashMap<>();
        for (int k = 0; k < 90; k++) {
            seen.put(k, leaker.sign(k));
        }
        Verdict exact = CopyMatch.score(seen, Map.of(), candidates);
        assertTrue(exact.accused(), exact.toString());
        assertEquals(leaker.viewerId(), exact.viewerId());
        assertEquals(90, exact.score());
        assertTrue(exact.runnerUpScore() < 75, "nobody else comes close: " + exact);

        Map<Integer, Integer> few = new HashMap<>();
        for (int k = 0; k < 5; k++) {
            few.put(k, leaker.sign(k));
        }
        Verdict tooFew = CopyMatch.score(few, Map.of(), candidates);
        assertFalse(tooFew.accused(), "5 segments fit hundreds of viewers: " + tooFew);
        assertEquals(34, tooFew.segmentsNeeded());
        Verdict named = CopyMatch.score(few, Map.of(8, candidates.get(9).viewerId()), candidates);
        assertTrue(named.accused());
        assertEquals(candidates.get(9).viewerId(), named.viewerId());
    }

    @Test
    void theBinomialTailIsRight() {
        assertEquals(1.0, CopyMatch.upperTail(10, 0), 1e-12);
        assertEquals(Math.pow(0.5, 10), CopyMatch.upperTail(10, 10), 1e-15);
        assertEquals(11 * Math.pow(0.5, 10), CopyMatch.upperTail(10, 9), 1e-15);
    }

    static List<ViewerCode> candidates(int n, long firstId) {
        List<ViewerCode> codes = new ArrayList<>();
        for (long id = firstId; id < firstId + n; id++) {
            codes.add(ViewerCode.of(ViewerCodeTest.KEY, RECORDING, id));
        }
        return codes;
    }

    /** Readings of {@code length} segments from {@code first} of a copy of {@code code}: sure, some wrong. */
    static List<Reading> readings(ViewerCode code, int first, int length, double wrong, Random random) {
        List<Reading> readings = new ArrayList<>();
        for (int k = first; k < first + length; k++) {
            double soft = (0.6 + 0.4 * random.nextDouble()) * code.sign(k);
            readings.add(new Reading(k, random.nextDouble() < wrong ? -soft : soft));
        }
        return readings;
    }
}
