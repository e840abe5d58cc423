package dev.streamvcr.recording;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The booked window as a bar of stretches, drawn server-side as SVG in a {@value #WIDTH}-unit-wide view box (the page's
 * styles colour each kind; the CSP allows no inline style): what was recorded, what is missing (before the first part,
 * between parts, a reconnect inside a part), what was recorded but cannot be read, and, while recording, what is still
 * ahead. Each stretch carries its times in words for the text beside it.
 */
public record TimelineBar(Instant start, Instant end, List<Stretch> stretches) {

    static final int WIDTH = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What a stretch of the window holds. */
    public enum Kind {
        RECORDED("recorded"), MISSING("not recorded"), DAMAGED("recorded, cannot be read"), AHEAD("still to come");

        public final String words;

        Kind(String words) {
            this.words = words;
        }

        public String css() {
            return "stretch-" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** One stretch: its kind, its place in the view box, its times. */
    public record Stretch(Kind kind, Instant from, Instant to, String x, String width) {
        public String label() {
            return TIME.format(from) + "–" + TIME.format(to) + " UTC: " + kind.words + " ("
                    + Coverage.span(Duration.between(from, to).toMillis()).replace(' ', '\u00a0') + ")";
        }
    }

    private record Interval(Instant from, Instant to) {
        boolean covers(Instant from, Instant to) {
            return !from.isBefore(this.from) && !to.isAfter(this.to);
        }
    }

    /** The bar of a recording as its page shows it; {@code now} ends a part still being written. */
    static TimelineBar of(RecordingView view, Instant now) {
        Instant start = view.bookedStart();
        Instant end = view.bookedEnd().isAfter(start) ? view.bookedEnd() : start.plusSeconds(1);
        List<Interval> recorded = new ArrayList<>();
        List<Interval> damaged = new ArrayList<>();
        List<Interval> missing = new ArrayList<>();
        for (RecordingView.Part part : view.parts()) {
            Instant to = part.finishedAt() != null ? part.finishedAt()
                    : view.inProgress() ? now : part.startedAt().plusMillis(Math.round(part.durationSeconds() * 1000));
            Interval interval = new Interval(part.startedAt(), to.isBefore(part.startedAt()) ? part.startedAt() : to);
            boolean unreadable = view.gaps().stream().anyMatch(g -> g.kind() == RecordingGap.Kind.DAMAGED
                    && g.part() == part.number());
            (unreadable ? damaged : recorded).add(interval);
        }
        for (RecordingView.Gap gap : view.gaps()) {
            if (gap.kind() == RecordingGap.Kind.DROP) {
                missing.add(new Interval(gap.startedAt(), gap.startedAt().plusMillis(Math.round(gap.lengthSeconds() * 1000))));
            }
        }
        TreeSet<Instant> edges = new TreeSet<>(List.of(start, end));
        for (List<Interval> list : List.of(recorded, damaged, missing)) {
            for (Interval interval : list) {
                edges.add(clamp(interval.from(), start, end));
                edges.add(clamp(interval.to(), start, end));
            }
        }
        if (view.inProgress()) {
            edges.add(clamp(now, start, end));
        }
        List<Stretch> stretches = new ArrayList<>();
        Instant from = null;
        for (Instant edge : edges) {
            if (from != null && edge.isAfter(from)) {
                Instant to = edge;
                Kind kind = kind(from, to, recorded, damaged, missing, view.inProgress() && !from.isBefore(now));
                Stretch last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
                if (last != null && last.kind() == kind) {
                    stretches.set(stretches.size() - 1, stretch(kind, last.from(), to, start, end));
                } else {
                    stretches.add(stretch(kind, from, to, start, end));
                }
            }
            from = edge;
        }
        return new TimelineBar(start, end, List.copyOf(stretches));
    }

    private static Kind kind(Instant from, Instant to, List<Interval> recorded, List<Interval> damaged,
            List<Interval> missing, boolean ahead) {
        if (missing.stream().anyMatch(i -> i.covers(from, to))) {
            return Kind.MISSING;
        }
        if (damaged.stream().anyMatch(i -> i.covers(from, to))) {
            return Kind.DAMAGED;
        }
        if (recorded.stream().anyMatch(i -> i.covers(from, to))) {
            return Kind.RECORDED;
        }
        return ahead ? Kind.AHEAD : Kind.MISSING;
    }

    private static Stretch stretch(Kind kind, Instant from, Instant to, Instant start, Instant end) {
        double window = Duration.between(start, end).toMillis();
        double x = Duration.between(start, from).toMillis() * WIDTH / window;
        double width = Duration.between(from, to).toMillis() * WIDTH / window;
        return new Stretch(kind, from, to, String.format(Locale.ROOT, "%.2f", x), String.format(Locale.ROOT, "%.2f", width));
    }

    private static Instant clamp(Instant at, Instant start, Instant end) {
        return at.isBefore(start) ? start : at.isAfter(end) ? end : at;
    }

    public String startLabel() {
        return TIME.format(start) + " UTC";
    }

    public String endLabel() {
        return TIME.format(end) + " UTC";
    }

    /** Whether any of the window is missing (not recorded or unreadable), for the caption. */
    public boolean hasGaps() {
        return stretches.stream().anyMatch(s -> s.kind() == Kind.MISSING || s.kind() == Kind.DAMAGED);
    }
}
