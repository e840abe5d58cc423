package dev.streamvcr.hls;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timing work of {@link Fmp4Timeline}: per track, the offset from the source's decode times to the part's, where
 * its samples end in the part, and the choice of offsets at each break. Offsets of different tracks are one offset in
 * seconds, held in the timescale of the track that was anchored and converted to each track's own.
 */
final class Fmp4Tracks {
    private final Map<Long, TrackState> states = new HashMap<>();
    private final long maxStepSeconds;
    private boolean needsAnchor = true;
    private int epoch;
    private long anchorOffset;
    private long anchorScale = 1;
    private long sequence;
    private long clamped;
    private long clockJumps;

    private static final class TrackState {
        final Fmp4Init.Track track;
        int epoch = -1;
        long offset;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long sourceEnd = Long.MIN_VALUE;
        long samples;

        TrackState(Fmp4Init.Track track) {
            this.track = track;
        }
    }

    Fmp4Tracks(List<Fmp4Init.Track> tracks, long maxStepSeconds) {
        tracks.forEach(track -> states.put(track.id(), new TrackState(track)));
        this.maxStepSeconds = maxStepSeconds;
    }

    void beginSegment(boolean continuous) {
        if (!continuous) {
            needsAnchor = true;
        }
    }

    /** Rewrites one whole moof box. */
    byte[] rewrite(byte[] moof) {
        MovieFragment fragment = new MovieFragment(moof, id -> {
            TrackState state = states.get(id);
            return state == null ? 0 : state.track.defaultDuration();
        });
        List<MovieFragment.TrackFragment> fragments = fragment.fragments();
        long[] source = new long[fragments.size()];
        boolean jump = false;
        for (int i = 0; i < source.length; i++) {
            MovieFragment.TrackFragment f = fragments.get(i);
            TrackState state = states.get(f.trackId());
            source[i] = f.decodeTime();
            if (state == null || f.decodeTime() < 0 || needsAnchor || state.sourceEnd == Long.MIN_VALUE) {
                continue;
            }
            if (f.version() == 0) {
                source[i] = Wraparound.extend(state.sourceEnd, f.decodeTime(), 32);
            }
            jump |= Math.abs(source[i] - state.sourceEnd) > maxStepSeconds * state.track.timescale();
        }
        if (jump) {
            needsAnchor = true;
            clockJumps++;
        }
        if (needsAnchor) {
            anchor(fragments, source);
        }
        long[] times = new long[source.length];
        for (int i = 0; i < source.length; i++) {
            times[i] = place(fragments.get(i), source[i]);
        }
        return fragment.write(times, ++sequence);
    }

    /** The fragment's decode time in the part; notes where its track now ends. */
    private long place(MovieFragment.TrackFragment f, long source) {
        TrackState state = states.get(f.trackId());
        if (state == null) {
            return f.decodeTime(); // a track the init does not declare: left as it is
        }
        long time;
        if (f.decodeTime() < 0) {
            time = Math.max(state.end, 0); // no tfdt: the samples follow the track's last ones
        } else {
            if (state.epoch != epoch) {
                state.offset = convert(anchorOffset, anchorScale, state.track.timescale(), RoundingMode.HALF_EVEN);
                state.epoch = epoch;
            }
            time = source + state.offset;
            long floor = Math.max(state.end, 0);
            if (time < floor) {
                time = floor;
                clamped++;
            }
        }
        state.start = Math.min(state.start, time);
        state.end = time + f.duration();
        state.sourceEnd = (f.decodeTime() < 0 ? state.sourceEnd : source) + f.duration();
        state.samples += f.samples();
        return time;
    }

    /**
     * Chooses the offset at a break: the fragment that starts earliest, in seconds, starts where the part's samples
     * end (0 for the part's first), and every other track keeps its distance to it.
     */
    private void anchor(List<MovieFragment.TrackFragment> fragments, long[] source) {
        int earliest = -1;
        double earliestSeconds = Double.MAX_VALUE;
        for (int i = 0; i < source.length; i++) {
            TrackState state = states.get(fragments.get(i).trackId());
            if (state != null && fragments.get(i).decodeTime() >= 0) {
                double seconds = (double) source[i] / state.track.timescale();
                if (seconds < earliestSeconds) {
                    earliestSeconds = seconds;
                    earliest = i;
                }
            }
        }
        if (earliest < 0) {
            return; // nothing to anchor on yet
        }
        long scale = states.get(fragments.get(earliest).trackId()).track.timescale();
        long target = 0;
        for (TrackState state : states.values()) {
            if (state.end != Long.MIN_VALUE) {
                // rounded up, so no track's end is placed before it
                target = Math.max(target, convert(state.end, state.track.timescale(), scale, RoundingMode.CEILING));
            }
        }
        anchorOffset = target - source[earliest];
        anchorScale = scale;
        epoch++;
        needsAnchor = false;
    }

    /** {@code ticks} of timescale {@code from} in timescale {@code to}, rounded as {@code rounding} says. */
    private static long convert(long ticks, long from, long to, RoundingMode rounding) {
        if (from == to) {
            return ticks;
        }
        return new BigDecimal(BigInteger.valueOf(ticks).multiply(BigInteger.valueOf(to)))
                .divide(new BigDecimal(from), 0, rounding).longValue();
    }

    TimelineSnapshot snapshot(long bytesWritten, String videoCodec, String audioCodec) {
        double first = Double.MAX_VALUE;
        double last = 0;
        long video = 0;
        long audio = 0;
        for (TrackState state : states.values()) {
            if (state.end != Long.MIN_VALUE) {
                first = Math.min(first, (double) state.start / state.track.timescale());
                last = Math.max(last, (double) state.end / state.track.timescale());
            }
            video += state.track.video() ? state.samples : 0;
            audio += state.track.audio() ? state.samples : 0;
        }
        long millis = first == Double.MAX_VALUE ? 0 : Math.round((last - first) * 1000);
        return new TimelineSnapshot(bytesWritten, millis, videoCodec, audioCodec, video, audio, clamped, clockJumps);
    }
}
