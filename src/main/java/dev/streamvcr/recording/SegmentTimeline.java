package dev.streamvcr.recording;

import dev.streamvcr.hls.Fmp4Timeline;
import dev.streamvcr.hls.TimelineSnapshot;
import dev.streamvcr.hls.TsTimeline;

/**
 * The timeline rewriter of an HLS part, one interface over {@link TsTimeline} and {@link Fmp4Timeline}: segments in,
 * bytes with one continuous timeline out (see those classes for the rules).
 */
interface SegmentTimeline {

    void beginSegment(boolean continuous);

    byte[] rewrite(byte[] chunk);

    byte[] endSegment();

    TimelineSnapshot snapshot();

    /** MPEG-TS segments through {@code ts}. */
    static SegmentTimeline ts(TsTimeline ts) {
        return new SegmentTimeline() {
            @Override
            public void beginSegment(boolean continuous) {
                ts.beginSegment(continuous);
            }

            @Override
            public byte[] rewrite(byte[] chunk) {
                return ts.rewrite(chunk);
            }

            @Override
            public byte[] endSegment() {
                return ts.endSegment();
            }

            @Override
            public TimelineSnapshot snapshot() {
                return ts.snapshot();
            }
        };
    }

    /** fMP4 fragments after {@code init}, which comes out in front of the first segment's bytes. */
    static SegmentTimeline fmp4(Fmp4Timeline fmp4) {
        return new SegmentTimeline() {
            @Override
            public void beginSegment(boolean continuous) {
                fmp4.beginSegment(continuous);
            }

            @Override
            public byte[] rewrite(byte[] chunk) {
                return fmp4.rewrite(chunk);
            }

            @Override
            public byte[] endSegment() {
                return fmp4.endSegment();
            }

            @Override
            public TimelineSnapshot snapshot() {
                return fmp4.snapshot();
            }
        };
    }
}
