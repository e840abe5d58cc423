package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The media since the latest keyframe, kept before a recording starts so it can begin at a
 * keyframe that arrived just before the booked start. Bounded: a group of pictures larger than
 * {@code maxBytes} is dropped and buffering resumes at the next keyframe.
 */
final class GopBuffer {

    record Entry(TagType type, long extendedTimestamp, Buffer payload, long arrivalMillis) {
    }

    private final long maxBytes;
    private final List<Entry> entries = new ArrayList<>();
    private long bytes;

    GopBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Drops what is held and starts a new group with this keyframe. */
    void startWith(Entry keyframe) {
        clear();
        append(keyframe);
    }

    /** Appends to the current group; ignored while no group is open. */
    void add(Entry entry) {
        if (!entries.isEmpty()) {
            append(entry);
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Arrival time of the keyframe that opens the group; only when not empty. */
    long keyframeArrival() {
        return entries.get(0).arrivalMillis();
    }

    /** The group in arrival order; the buffer is empty afterwards. */
    List<Entry> drain() {
        List<Entry> drained = new ArrayList<>(entries);
        clear();
        return drained;
    }

    void clear() {
        entries.clear();
        bytes = 0;
    }

    private void append(Entry entry) {
        bytes += entry.payload().length();
        if (bytes > maxBytes) {
            clear();
            return;
        }
        entries.add(entry);
    }
}
