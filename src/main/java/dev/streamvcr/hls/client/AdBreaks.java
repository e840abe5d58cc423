package dev.streamvcr.hls.client;

import dev.streamvcr.hls.MediaSegment;
import java.time.Duration;

/** Collects consecutive segments of an ad break that is left out, and reports them as one missed stretch. */
final class AdBreaks {

    private final HlsListener listener;
    private long first = -1;
    private long count;
    private Duration length = Duration.ZERO;

    AdBreaks(HlsListener listener) {
        this.listener = listener;
    }

    void add(MediaSegment segment) {
        if (first >= 0 && segment.mediaSequence() != first + count) {
            flush();
        }
        if (first < 0) {
            first = segment.mediaSequence();
        }
        count++;
        length = length.plus(segment.duration());
    }

    /** Reports the break collected so far, if any. */
    void flush() {
        if (first < 0) {
            return;
        }
        listener.missed(first, count, length, String.format("ad break, %.0f s (left out)", length.toMillis() / 1000.0));
        first = -1;
        count = 0;
        length = Duration.ZERO;
    }
}
