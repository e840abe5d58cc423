package dev.streamvcr.hls;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Following a live playlist across reloads: snapshots in, segments, gaps and timing out. */
class LiveWindowTest {
    private static final Duration TARGET = Duration.ofSeconds(6);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** A snapshot listing segments {@code first} to {@code end - 1}, named {@code <name><n>.ts}, 6 s each. */
    private record Snapshot(long first, long end, String name, long discontinuitySequence, Set<Long> gaps,
                            boolean endList) {
        static Snapshot of(long first, long end) {
            return new Snapshot(first, end, "seg", 0, Set.of(), false);
        }

        Snapshot named(String other) {
            return new Snapshot(first, end, other, discontinuitySequence, gaps, endList);
        }

        Snapshot discontinuity(long sequence) {
            return new Snapshot(first, end, name, sequence, gaps, endList);
        }

        Snapshot withGaps(Long... sequences) {
            return new Snapshot(first, end, name, discontinuitySequence, Set.of(sequences), endList);
        }

        Snapshot ended() {
            return new Snapshot(first, end, name, discontinuitySequence, gaps, true);
        }

        MediaPlaylist playlist() {
            List<MediaSegment> segments = new ArrayList<>();
            for (long n = first; n < end; n++) {
                segments.add(new MediaSegment(n, discontinuitySequence, URI.create("https://cdn.example/" + name + n
                        + ".ts?token=" + first), TARGET, "", null, SegmentKey.NONE, null, null, gaps.contains(n),
                        false));
            }
            return new MediaPlaylist(URI.create("https://cdn.example/live.m3u8"), 3, false, TARGET, first,
                    discontinuitySequence, MediaPlaylist.Type.NONE, endList, segments, List.of());
        }
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static LiveWindow.Update feed(LiveWindow window, Snapshot snapshot, long seconds) {
        return window.update(snapshot.playlist(), at(seconds));
    }

    private static List<Long> sequences(LiveWindow.Update update) {
        return update.segments().stream().map(MediaSegment::mediaSequence).toList();
    }

    @Test
    void aSlidingWindowHandsOutEachSegmentOnceInOrder() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        LiveWindow.Update first = feed(window, Snapshot.of(100, 103), 0);
        assertEquals(List.of(100L, 101L, 102L), sequences(first));
        assertEquals(new LiveWindow.Update(first.segments(), List.of(), false, true, false, false, TARGET), first);
        assertEquals(List.of(103L), sequences(feed(window, Snapshot.of(101, 104), 6)));
        LiveWindow.Update third = feed(window, Snapshot.of(102, 106), 12);
        assertEquals(List.of(104L, 105L), sequences(third));
        assertEquals(TARGET, third.reloadAfter());
        assertEquals(List.of(), third.gaps());
    }

    @Test
    void aBookedStartBeginsWithTheSegmentThatHoldsIt() {
        // 100..104 listed at 30 s, 6 s each: reckoned back, 104 began at 24 s, 103 at 18 s, 102 at 12 s.
        LiveWindow booked = new LiveWindow(LiveStart.at(at(20)));
        assertEquals(List.of(103L, 104L), sequences(feed(booked, Snapshot.of(100, 105), 30)));
        LiveWindow onTheEdge = new LiveWindow(LiveStart.at(at(18)));
        assertEquals(List.of(103L, 104L), sequences(feed(onTheEdge, Snapshot.of(100, 105), 30)),
                "a segment that begins at the booked start holds it");
        LiveWindow future = new LiveWindow(LiveStart.at(at(40)));
        assertEquals(List.of(), sequences(feed(future, Snapshot.of(100, 105), 30)));
        assertEquals(List.of(), sequences(feed(future, Snapshot.of(101, 106), 36)), "105 ended by 36 s");
        assertEquals(List.of(), sequences(feed(future, Snapshot.of(101, 106), 39)), "unchanged at 39 s");
        assertEquals(List.of(106L), sequences(feed(future, Snapshot.of(102, 107), 42)),
                "106 ended between 39 s and 42 s, reckoned 40.5 s: the first to end after the start");
        LiveWindow past = new LiveWindow(LiveStart.at(at(-100)));
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L), sequences(feed(past, Snapshot.of(100, 105), 30)));
    }

    /** An audio rendition beside video begins with the video's first segment when both are numbered alike. */
    @Test
    void aRenditionBesideAnotherBeginsWithTheSameNumberWhenItFallsNearTheMoment() {
        // 100..104 listed at 30 s: reckoned, 102 holds 14 s, 103 holds 20 s.
        assertEquals(List.of(102L, 103L, 104L), sequences(feed(new LiveWindow(LiveStart.at(at(20), 102)),
                Snapshot.of(100, 105), 30)), "read a little late, the video's 102 still wins over the reckoned 103");
        assertEquals(List.of(), sequences(feed(new LiveWindow(LiveStart.at(at(29), 105)), Snapshot.of(100, 105), 30)),
                "the next to come");
        assertEquals(List.of(103L, 104L), sequences(feed(new LiveWindow(LiveStart.at(at(20), 7)),
                Snapshot.of(100, 105), 30)), "numbered otherwise: by the moment");
        assertEquals(List.of(103L, 104L), sequences(feed(new LiveWindow(LiveStart.at(at(20), 101)),
                Snapshot.of(100, 105), 30)), "two segments from the moment: by the moment");
        assertThrows(IllegalArgumentException.class, () -> LiveStart.at(at(20), -1));
    }

    @Test
    void aBookedStartUsesProgramDateTimesWhenTheyAreListed() {
        List<MediaSegment> segments = new ArrayList<>();
        for (long n = 0; n < 4; n++) {
            segments.add(new MediaSegment(n, 0, URI.create("https://cdn.example/s" + n + ".ts"), TARGET, "", null,
                    SegmentKey.NONE, null, at(60 + 6 * n), false, false));
        }
        MediaPlaylist playlist = new MediaPlaylist(URI.create("https://cdn.example/live.m3u8"), 3, false, TARGET, 0, 0,
                MediaPlaylist.Type.NONE, false, segments, List.of());
        // The playlist arrives late (at 200 s): the dates, not the arrival, say which segment holds 73 s.
        LiveWindow window = new LiveWindow(LiveStart.at(at(73)));
        assertEquals(List.of(2L, 3L), sequences(window.update(playlist, at(200))));
    }

    @Test
    void anUnchangedPlaylistIsReloadedAfterHalfTheTargetDuration() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(100, 103), 0);
        LiveWindow.Update same = feed(window, Snapshot.of(100, 103), 6);
        assertEquals(new LiveWindow.Update(List.of(), List.of(), false, false, false, false, Duration.ofSeconds(3)),
                same);
        // dropping a segment at the front without adding one is no change either
        assertFalse(feed(window, Snapshot.of(101, 103), 9).changed());
    }

    @Test
    void threeTargetDurationsWithoutChangeIsAStall() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(100, 103), 0);
        assertFalse(feed(window, Snapshot.of(100, 103), 12).stalled());
        assertFalse(window.isStalled(at(17)));
        assertTrue(window.isStalled(at(18)), "a caller whose reloads fail asks without a snapshot");
        assertTrue(feed(window, Snapshot.of(100, 103), 18).stalled());
        LiveWindow.Update moving = feed(window, Snapshot.of(100, 104), 21);
        assertFalse(moving.stalled());
        assertEquals(List.of(103L), sequences(moving));
        assertFalse(window.isStalled(at(38)));
    }

    @Test
    void sequenceNumbersThatAgedOutAreAGapWithAnEstimatedDuration() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(100, 103), 0);
        LiveWindow.Update late = feed(window, Snapshot.of(106, 109), 40);
        assertEquals(List.of(106L, 107L, 108L), sequences(late));
        SegmentGap gap = new SegmentGap(103, 3, Duration.ofSeconds(18), SegmentGap.Reason.AGED_OUT);
        assertEquals(List.of(gap), late.gaps());
        assertTrue(gap.estimated());
    }

    @Test
    void gapSegmentsAreNotHandedOutButReportedMerged() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        LiveWindow.Update update = feed(window, Snapshot.of(100, 105).withGaps(101L, 102L), 0);
        assertEquals(List.of(100L, 103L, 104L), sequences(update));
        assertEquals(List.of(new SegmentGap(101, 2, Duration.ofSeconds(12), SegmentGap.Reason.GAP_TAG)),
                update.gaps());
        assertFalse(update.gaps().get(0).estimated());
    }

    @Test
    void endListEndsOnceTheLastSegmentsAreHandedOut() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(100, 103), 0);
        LiveWindow.Update last = feed(window, Snapshot.of(101, 105).ended(), 6);
        assertEquals(List.of(103L, 104L), sequences(last));
        assertTrue(last.ended());
        assertNull(last.reloadAfter());
        assertFalse(window.isStalled(at(600)));
        assertThrows(IllegalStateException.class, () -> feed(window, Snapshot.of(101, 105).ended(), 12));
    }

    @Test
    void aSequenceThatGoesBackwardsIsANewStream() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(500, 503), 0);
        LiveWindow.Update restarted = feed(window, Snapshot.of(0, 3), 6);
        assertTrue(restarted.reset());
        assertEquals(List.of(0L, 1L, 2L), sequences(restarted));
        assertEquals(List.of(3L), sequences(feed(window, Snapshot.of(1, 4), 12)));
    }

    @Test
    void theSameNumbersNamingOtherFilesAreANewStream() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(10, 13), 0);
        LiveWindow.Update restarted = feed(window, Snapshot.of(11, 14).named("restart"), 6);
        assertTrue(restarted.reset());
        assertEquals(List.of(11L, 12L, 13L), sequences(restarted));
    }

    @Test
    void aDiscontinuitySequenceThatGoesBackwardsIsANewStream() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(10, 13).discontinuity(5), 0);
        LiveWindow.Update restarted = feed(window, Snapshot.of(20, 23).discontinuity(0), 6);
        assertTrue(restarted.reset());
        assertEquals(List.of(), restarted.gaps());
        assertEquals(List.of(20L, 21L, 22L), sequences(restarted));
        // across an overlap, the same files under other discontinuity numbers are the same segments: nginx-rtmp
        // drops a DISCONTINUITY from the top of its window without raising DISCONTINUITY-SEQUENCE
        LiveWindow.Update shifted = feed(window, Snapshot.of(21, 24).discontinuity(1), 12);
        assertFalse(shifted.reset());
        assertEquals(List.of(23L), sequences(shifted));
        // other files under the same numbers are another stream
        assertTrue(feed(window, Snapshot.of(22, 25).named("other"), 18).reset());
    }

    @Test
    void anOlderCopyOfThePlaylistIsIgnored() {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        feed(window, Snapshot.of(10, 14), 0);
        LiveWindow.Update stale = feed(window, Snapshot.of(9, 13), 6);
        assertEquals(new LiveWindow.Update(List.of(), List.of(), false, false, false, false, Duration.ofSeconds(3)),
                stale);
        assertEquals(List.of(14L), sequences(feed(window, Snapshot.of(11, 15), 9)));
    }

    @Test
    void theLiveEdgeStartsThreeTargetDurationsFromTheEnd() {
        // §6.3.3: six 6 s segments; the latest that starts 18 s or more before the end is 103
        LiveWindow window = new LiveWindow(LiveStart.liveEdge());
        assertEquals(List.of(103L, 104L, 105L), sequences(feed(window, Snapshot.of(100, 106), 0)));
        assertEquals(List.of(100L, 101L), sequences(new LiveWindow(LiveStart.liveEdge())
                .update(Snapshot.of(100, 102).playlist(), T0)), "a short playlist from its start");
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L), sequences(new LiveWindow(LiveStart.liveEdge())
                .update(Snapshot.of(100, 106).ended().playlist(), T0)), "a finished playlist from its start");
    }

    @Test
    void resumingWhereTheSegmentIsStillListedContinuesWithoutGap() {
        LiveWindow.Update update = new LiveWindow(LiveStart.after(101)).update(Snapshot.of(100, 105).playlist(), T0);
        assertEquals(List.of(102L, 103L, 104L), sequences(update));
        assertEquals(List.of(), update.gaps());
        assertFalse(update.reset());
        assertEquals(List.of(), sequences(new LiveWindow(LiveStart.after(104)).update(Snapshot.of(100, 105)
                .playlist(), T0)), "the last written is the last listed: nothing new yet");
    }

    @Test
    void resumingAfterTheSegmentAgedOutReportsAGap() {
        LiveWindow.Update update = new LiveWindow(LiveStart.after(95)).update(Snapshot.of(100, 105).playlist(), T0);
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L), sequences(update));
        assertEquals(List.of(new SegmentGap(96, 4, Duration.ofSeconds(24), SegmentGap.Reason.AGED_OUT)),
                update.gaps());
    }

    @Test
    void resumingAheadOfTheStreamIsANewStream() {
        LiveWindow.Update update = new LiveWindow(LiveStart.after(200)).update(Snapshot.of(0, 3).playlist(), T0);
        assertTrue(update.reset());
        assertEquals(List.of(0L, 1L, 2L), sequences(update));
    }

    /**
     * A playlist that stopped changing, loaded again after the booked start by a new window, looks freshly written:
     * reckoned back from its arrival its old segments seem to hold the start. Where the first window began is what a
     * reconnect must go on from.
     */
    @Test
    void theBeginningIsWhereTheFirstSnapshotStartedHandingOut() {
        LiveWindow first = new LiveWindow(LiveStart.at(at(40)));
        assertEquals(-1, first.beginning());
        assertEquals(List.of(), sequences(feed(first, Snapshot.of(100, 105), 30)));
        assertEquals(105, first.beginning(), "every listed segment ended before the booked start");
        feed(first, Snapshot.of(101, 106), 36);
        feed(first, Snapshot.of(101, 106), 39);
        assertEquals(List.of(106L), sequences(feed(first, Snapshot.of(102, 107), 42)));
        assertEquals(106, first.beginning(), "105 ended before the start too: the first segment handed out begins");
        feed(first, Snapshot.of(102, 108), 48);
        assertEquals(106, first.beginning(), "once a segment is handed out, later snapshots do not move it");

        assertEquals(List.of(103L, 104L), sequences(new LiveWindow(LiveStart.at(at(40))).update(
                Snapshot.of(100, 105).playlist(), at(50))), "the stale copy reckoned from its arrival");
        LiveWindow again = new LiveWindow(LiveStart.after(first.beginning() - 1));
        assertEquals(List.of(106L, 107L), sequences(feed(again, Snapshot.of(102, 108), 50)));
        assertEquals(106, again.beginning());

        LiveWindow resumed = new LiveWindow(LiveStart.after(102));
        feed(resumed, Snapshot.of(100, 105), 30);
        assertEquals(103, resumed.beginning());
    }

    @Test
    void anEmptyPlaylistWaitsForItsFirstSegments() {
        LiveWindow window = new LiveWindow(LiveStart.liveEdge());
        assertEquals(List.of(), sequences(feed(window, Snapshot.of(5, 5), 0)));
        assertEquals(List.of(5L, 6L), sequences(feed(window, Snapshot.of(5, 7), 6)));
    }

    @Test
    void startsTakeALastWrittenNumberOnlyForAfter() {
        assertThrows(IllegalArgumentException.class, () -> new LiveStart(LiveStart.Kind.LIVE_EDGE, 5));
        assertThrows(IllegalArgumentException.class, () -> new LiveStart(LiveStart.Kind.AFTER, -1));
        assertThrows(IllegalArgumentException.class, () -> LiveStart.after(Long.MAX_VALUE));
    }
}
