package dev.streamvcr.flv;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The audio that arrives after a recording's start but before the first video keyframe. A live server sends audio at
 * once and video only from its next keyframe, up to a group of pictures later; the file keeps that audio (every audio
 * frame can be decoded on its own) instead of beginning seconds into the sound. Bounded by bytes (the oldest frames
 * go first) and by its span of timestamps: once it is {@link #full()}, the recording starts without video.
 */
final class AudioLeadIn {

    /** The span, in timestamp milliseconds, after which the recording starts without waiting for video. */
    static final long MAX_SPAN_MILLIS = 10_000;

    private final long maxBytes;
    private final Deque<GopBuffer.Entry> frames = new ArrayDeque<>();
    private long bytes;

    AudioLeadIn(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(GopBuffer.Entry frame) {
        frames.addLast(frame);
        bytes += frame.payload().length();
        while (bytes > maxBytes && !frames.isEmpty()) {
            bytes -= frames.removeFirst().payload().length();
        }
    }

    /** Whether the frames kept span {@link #MAX_SPAN_MILLIS}: the keyframe is not coming soon. */
    boolean full() {
        return !frames.isEmpty()
                && frames.peekLast().extendedTimestamp() - frames.peekFirst().extendedTimestamp() >= MAX_SPAN_MILLIS;
    }

    /** Takes the frames timed before {@code extendedTimestamp}, in arrival order; the later ones stay. */
    List<GopBuffer.Entry> takeBefore(long extendedTimestamp) {
        List<GopBuffer.Entry> taken = new ArrayList<>();
        frames.removeIf(frame -> {
            if (frame.extendedTimestamp() < extendedTimestamp) {
                taken.add(frame);
                bytes -= frame.payload().length();
                return true;
            }
            return false;
        });
        return taken;
    }

    /** Takes every frame, in arrival order. */
    List<GopBuffer.Entry> takeAll() {
        List<GopBuffer.Entry> taken = new ArrayList<>(frames);
        clear();
        return taken;
    }

    void clear() {
        frames.clear();
        bytes = 0;
    }
}
