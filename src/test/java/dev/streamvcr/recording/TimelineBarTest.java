package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.reservation.ReservationState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The booked window's stretches for a recording still going on and one with a part that cannot be read. */
class TimelineBarTest {

    private static final Instant START = Instant.parse("2026-05-01T18:00:00Z");

    @Test
    void aRunningRecordingEndsInWhatIsStillAhead() {
        RecordingView view = view(true, List.of(new RecordingView.Part(1, 100, 20, START.plusSeconds(10), null, "")),
                List.of());
        TimelineBar bar = TimelineBar.of(view, START.plusSeconds(30));
        assertEquals(List.of(TimelineBar.Kind.MISSING, TimelineBar.Kind.RECORDED, TimelineBar.Kind.AHEAD),
                bar.stretches().stream().map(TimelineBar.Stretch::kind).toList());
        assertEquals("100.00", bar.stretches().get(1).x());
        assertEquals("200.00", bar.stretches().get(1).width(), "from its start until now");
        assertEquals("700.00", bar.stretches().get(2).width());
    }

    @Test
    void aPartThatCannotBeReadIsShownAsSuch() {
        RecordingView view = view(false, List.of(
                new RecordingView.Part(1, 100, 40, START, START.plusSeconds(40), ""),
                new RecordingView.Part(2, 100, 60, START.plusSeconds(40), START.plusSeconds(100), "")),
                List.of(new RecordingView.Gap(2, START.plusSeconds(40), 60, "part 2 cannot be read",
                        RecordingGap.Kind.DAMAGED)));
        TimelineBar bar = TimelineBar.of(view, START.plusSeconds(500));
        assertEquals(List.of(TimelineBar.Kind.RECORDED, TimelineBar.Kind.DAMAGED),
                bar.stretches().stream().map(TimelineBar.Stretch::kind).toList());
        assertEquals(true, bar.hasGaps());
    }

    @Test
    void aPosterIsTakenNearTheNewestEndWhileRecordingAndTenPercentInOnceEnded() {
        List<RecordingExports.PartSource> parts = List.of(
                new RecordingExports.PartSource(1, 1, Path.of("a.flv"), 5_000),
                new RecordingExports.PartSource(2, 2, Path.of("b.flv"), 95_000));
        RecordingPosters.Position running = RecordingPosters.position(
                new RecordingExports.Source(1, parts, true, "flv", Path.of(".")));
        assertEquals(new RecordingPosters.Position(Path.of("b.flv"), 93.0), running);
        RecordingPosters.Position ended = RecordingPosters.position(
                new RecordingExports.Source(1, parts, false, "flv", Path.of(".")));
        assertEquals(new RecordingPosters.Position(Path.of("b.flv"), 5.0), ended, "10 s of 100 s: 5 s into part 2");
    }

    private static RecordingView view(boolean running, List<RecordingView.Part> parts, List<RecordingView.Gap> gaps) {
        return new RecordingView(1, 1, "Show", running ? ReservationState.RECORDING : ReservationState.COMPLETED,
                running, START, null, START, START.plusSeconds(100), 0, 0, 100, "", 0, null, null, "", "", "", parts, gaps);
    }
}
