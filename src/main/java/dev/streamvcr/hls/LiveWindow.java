package dev.streamvcr.hls;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state of following one live media playlist across reloads (RFC 8216 §6.3.4, §6.3.5): fed each snapshot with
 * the time it arrived, it hands out every segment not handed out before, once and in Media Sequence Number order,
 * and says what was missed, when to reload, and whether the stream has stalled or ended. It keeps no clock and does
 * no I/O. Not thread-safe: one reloading task owns it.
 *
 * <p>How a snapshot relates to the previous one is decided on the segments both list: the same sequence number must
 * name the same file (its last path segment: hosts, directories and query strings may carry rotating tokens), as
 * §6.3.4 says a client "SHOULD verify". Their discontinuity sequence numbers are not compared: nginx-rtmp, among
 * others, drops an EXT-X-DISCONTINUITY from the top of its window without raising EXT-X-DISCONTINUITY-SEQUENCE
 * (§6.2.2 says it must), which shifts every listed segment's number at once although nothing changed.
 * <ul>
 * <li><b>Continues</b>: they agree, and the new one reaches at least as far. New segments are handed out; sequence
 *     numbers that left the window before a reload saw them are reported as an {@link SegmentGap.Reason#AGED_OUT}
 *     gap.</li>
 * <li><b>Stale</b>: they agree, but the new one ends earlier (a CDN node serving an older copy). It is ignored and
 *     counts as unchanged.</li>
 * <li><b>Reset</b>: they disagree; or they share no segment and the new one lies before the old one; or it lies after
 *     with a lower discontinuity sequence (§6.2.2 lets neither number decrease). The stream restarted (an encoder
 *     restart numbers from 0 again): every segment of the new snapshot is handed out as a new stream, with
 *     {@link Update#reset()} so the caller can start a new part. Waiting for the old numbers to come back, as
 *     ytarchive does, would wait forever.</li>
 * </ul>
 */
public final class LiveWindow {
    private final LiveStart start;
    private MediaPlaylist previous;
    /** The Media Sequence Number of the next segment to hand out. */
    private long next;
    /** The first segment the first snapshot wanted handed out, or -1 before it. */
    private long beginning = -1;
    /** For {@link LiveStart.Kind#AT}: the booked start, while every segment listed so far ended before it. */
    private Instant awaitedStart;
    /** When the snapshot before this one arrived (STALE copies aside), or null before the first. */
    private Instant lastArrival;
    private Instant lastChange;
    private boolean ended;

    /**
     * What one snapshot brought.
     *
     * @param segments    segments to fetch, in Media Sequence Number order; never GAP segments
     * @param gaps        segments that will not come, in order
     * @param reset       the stream restarted with new sequence numbers (see {@link LiveWindow})
     * @param changed     the snapshot brought new segments, ENDLIST or a reset (§6.3.4's "has changed")
     * @param stalled     nothing changed for three target durations: a server that still publishes adds a segment
     *                    at least every target duration (§4.3.3.1), so it has probably stopped
     * @param ended       ENDLIST (or VOD) and every segment handed out: no more reloads
     * @param reloadAfter how long after it began loading this snapshot to load the next (§6.3.4): the target duration
     *                    after a change, half of it otherwise; null once ended
     */
    public record Update(List<MediaSegment> segments, List<SegmentGap> gaps, boolean reset, boolean changed,
                         boolean stalled, boolean ended, Duration reloadAfter) {
        public Update {
            segments = List.copyOf(segments);
            gaps = List.copyOf(gaps);
        }
    }

    public LiveWindow(LiveStart start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /**
     * Takes the next snapshot of the playlist.
     *
     * @param receivedAt when it arrived, on any clock that only moves forward
     * @throws IllegalStateException after an update that {@link Update#ended() ended}
     */
    public Update update(MediaPlaylist playlist, Instant receivedAt) {
        Objects.requireNonNull(playlist, "playlist");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (ended) {
            throw new IllegalStateException("the playlist has ended; there is nothing more to follow");
        }
        List<SegmentGap> gaps = new ArrayList<>();
        boolean reset = false;
        boolean changed = true;
        if (previous == null) {
            reset = begin(playlist, receivedAt, gaps);
            beginning = next;
        } else {
            switch (relation(previous, playlist)) {
                case STALE -> {
                    return unchanged(receivedAt);
                }
                case RESET -> {
                    reset = true;
                    next = playlist.mediaSequence();
                }
                case CONTINUES -> {
                    changed = playlist.nextMediaSequence() > previous.nextMediaSequence()
                            || playlist.isFinished() != previous.isFinished();
                    if (awaitedStart != null && changed) {
                        // The playlists so far ended before the booked start: what they list now may too. This one was
                        // written between the snapshot that did not list its last segment and this one: take the middle.
                        Instant written = lastArrival.plus(Duration.between(lastArrival, receivedAt).dividedBy(2));
                        long holding = holding(playlist, awaitedStart, written);
                        next = Math.max(next, holding);
                        beginning = next;
                        if (holding < playlist.nextMediaSequence() || playlist.isFinished()) {
                            awaitedStart = null;
                        }
                    }
                    if (playlist.mediaSequence() > next) {
                        gaps.add(agedOut(next, playlist.mediaSequence() - next, playlist));
                        next = playlist.mediaSequence();
                    }
                }
                default -> throw new IllegalStateException("unknown relation");
            }
        }
        previous = playlist;
        lastArrival = receivedAt;
        List<MediaSegment> segments = handOut(playlist, gaps);
        if (changed) {
            lastChange = receivedAt;
        }
        ended = playlist.isFinished();
        Duration target = playlist.targetDuration();
        return new Update(segments, gaps, reset, changed, !changed && isStalled(receivedAt), ended,
                ended ? null : changed ? target : target.dividedBy(2));
    }

    /**
     * The Media Sequence Number the first snapshot began with: the segments listed before it were not wanted by the
     * {@link LiveStart} (for {@link LiveStart.Kind#AT}, they ended before the booked start); -1 before the first
     * snapshot.
     */
    public long beginning() {
        return beginning;
    }

    private Update unchanged(Instant receivedAt) {
        return new Update(List.of(), List.of(), false, false, isStalled(receivedAt), false,
                previous.targetDuration().dividedBy(2));
    }

    /**
     * @return whether nothing changed for three target durations until {@code now}; also for a caller whose reloads
     *         fail, which then has no snapshot to pass to {@link #update}
     */
    public boolean isStalled(Instant now) {
        return previous != null && !ended
                && atLeastThreeTimes(Duration.between(lastChange, now), previous.targetDuration());
    }

    /** {@code length >= 3 * target}, without overflow for any target duration. */
    private static boolean atLeastThreeTimes(Duration length, Duration target) {
        return length.dividedBy(3).compareTo(target) >= 0;
    }

    /** Sets {@link #next} from the first snapshot; returns whether it counts as a reset. */
    private boolean begin(MediaPlaylist playlist, Instant receivedAt, List<SegmentGap> gaps) {
        long first = playlist.mediaSequence();
        switch (start.kind()) {
            case FIRST_LISTED -> next = first;
            case LIVE_EDGE -> next = playlist.isFinished() ? first : liveEdge(playlist);
            case AFTER -> {
                long wanted = start.lastWritten() + 1;
                if (wanted > playlist.nextMediaSequence()) {
                    // the stored number is ahead of the stream: it restarted while the recording was down
                    next = first;
                    return true;
                }
                if (wanted < first) {
                    gaps.add(agedOut(wanted, first - wanted, playlist));
                }
                next = Math.max(wanted, first);
            }
            case AT -> {
                next = playlist.isFinished() ? first : holding(playlist, start.at(), receivedAt);
                long alongside = start.lastWritten() + 1;
                if (start.lastWritten() >= 0 && alongside >= first && alongside <= playlist.nextMediaSequence()
                        && Math.abs(alongside - next) <= 1) {
                    next = alongside; // numbered alike: the same media as the other rendition's first segment
                } else if (next == playlist.nextMediaSequence() && !playlist.isFinished()) {
                    awaitedStart = start.at(); // all listed ended before it: so may the next ones, until one does not
                }
            }
            default -> throw new IllegalStateException("unknown start " + start.kind());
        }
        return false;
    }

    /** The first listed segment that ends after {@code at} (see {@link LiveStart.Kind#AT}), or the next to come. */
    private static long holding(MediaPlaylist playlist, Instant at, Instant receivedAt) {
        List<MediaSegment> segments = playlist.segments();
        Instant end = receivedAt;
        long holding = playlist.nextMediaSequence();
        for (int i = segments.size() - 1; i >= 0; i--) {
            MediaSegment segment = segments.get(i);
            Instant start = segment.programDateTime() != null ? segment.programDateTime()
                    : end.minus(segment.duration());
            if (!start.plus(segment.duration()).isAfter(at)) {
                break;
            }
            holding = segment.mediaSequence();
            end = start;
        }
        return holding;
    }

    /** §6.3.3: the latest segment that starts at least three target durations before the end. */
    private static long liveEdge(MediaPlaylist playlist) {
        List<MediaSegment> segments = playlist.segments();
        Duration fromEnd = Duration.ZERO;
        for (int i = segments.size() - 1; i >= 0; i--) {
            fromEnd = fromEnd.plus(segments.get(i).duration());
            if (atLeastThreeTimes(fromEnd, playlist.targetDuration())) {
                return segments.get(i).mediaSequence();
            }
        }
        return playlist.mediaSequence();
    }

    /** Hands out the segments from {@link #next} on; GAP segments become gaps, consecutive ones merged. */
    private List<MediaSegment> handOut(MediaPlaylist playlist, List<SegmentGap> gaps) {
        List<MediaSegment> segments = new ArrayList<>();
        for (MediaSegment segment : playlist.segments()) {
            if (segment.mediaSequence() < next) {
                continue;
            }
            if (!segment.gap()) {
                segments.add(segment);
            } else {
                SegmentGap last = gaps.isEmpty() ? null : gaps.get(gaps.size() - 1);
                if (last != null && last.reason() == SegmentGap.Reason.GAP_TAG
                        && last.firstSequence() + last.count() == segment.mediaSequence()) {
                    gaps.set(gaps.size() - 1, new SegmentGap(last.firstSequence(), last.count() + 1,
                            last.duration().plus(segment.duration()), SegmentGap.Reason.GAP_TAG));
                } else {
                    gaps.add(new SegmentGap(segment.mediaSequence(), 1, segment.duration(),
                            SegmentGap.Reason.GAP_TAG));
                }
            }
        }
        next = Math.max(next, playlist.nextMediaSequence());
        return segments;
    }

    /** Segments never seen: their duration estimated as the listed segments' average, or the target duration. */
    private static SegmentGap agedOut(long first, long count, MediaPlaylist playlist) {
        List<MediaSegment> segments = playlist.segments();
        Duration each = playlist.targetDuration();
        if (!segments.isEmpty()) {
            Duration total = Duration.ZERO;
            for (MediaSegment segment : segments) {
                total = total.plus(segment.duration());
            }
            each = total.dividedBy(segments.size());
        }
        Duration estimate;
        try {
            estimate = each.multipliedBy(count);
        } catch (ArithmeticException beyondDuration) {
            // a jump of more than 10^9 years of segments: no estimate means anything
            estimate = ChronoUnit.FOREVER.getDuration();
        }
        return new SegmentGap(first, count, estimate, SegmentGap.Reason.AGED_OUT);
    }

    private enum Relation { CONTINUES, STALE, RESET }

    private static Relation relation(MediaPlaylist old, MediaPlaylist now) {
        long overlapFrom = Math.max(old.mediaSequence(), now.mediaSequence());
        long overlapTo = Math.min(old.nextMediaSequence(), now.nextMediaSequence());
        if (overlapFrom < overlapTo) {
            for (long sequence = overlapFrom; sequence < overlapTo; sequence++) {
                if (!sameSegment(segment(old, sequence), segment(now, sequence))) {
                    return Relation.RESET;
                }
            }
            return now.nextMediaSequence() < old.nextMediaSequence() ? Relation.STALE : Relation.CONTINUES;
        }
        if (now.nextMediaSequence() < old.nextMediaSequence() || now.mediaSequence() < old.mediaSequence()) {
            return Relation.RESET;
        }
        if (!now.segments().isEmpty() && !old.segments().isEmpty() && now.segments().get(0).discontinuitySequence()
                < old.segments().get(old.segments().size() - 1).discontinuitySequence()) {
            return Relation.RESET;
        }
        return Relation.CONTINUES;
    }

    private static MediaSegment segment(MediaPlaylist playlist, long sequence) {
        return playlist.segments().get((int) (sequence - playlist.mediaSequence()));
    }

    private static boolean sameSegment(MediaSegment a, MediaSegment b) {
        return fileName(a.uri()).equals(fileName(b.uri()));
    }

    private static String fileName(URI uri) {
        String path = String.valueOf(uri.getRawPath() != null ? uri.getRawPath() : uri.getRawSchemeSpecificPart());
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
