package dev.streamvcr.flv;

import java.util.Arrays;

/**
 * Where a player can start decoding: the time and file position of video keyframes, in the form players
 * read from {@code onMetaData.keyframes} (flvtool2 and yamdi convention: {@code times} in seconds and
 * {@code filepositions} pointing at the first byte of the keyframe's tag header).
 *
 * <p>Memory is fixed at {@code capacity} entries whatever the recording's length: when the index is full,
 * every second entry is dropped and from then on only every second keyframe is indexed (then every fourth,
 * and so on). Seeking stays exact, only coarser: every entry still names a real keyframe.
 */
public final class KeyframeIndex {

    /** Fewest entries an index holds, so a short recording is indexed keyframe by keyframe. */
    public static final int MIN_CAPACITY = 64;
    /** Most entries: about 1.2 MB of metadata, one entry per two seconds for 36 hours. */
    public static final int MAX_CAPACITY = 1 << 16;
    /** Seconds of recording per reserved entry when sizing an index for a booked length. */
    static final int SECONDS_PER_ENTRY = 2;

    private final long[] millis;
    private final long[] positions;
    private int size;
    private long offered;
    private long stride = 1;

    public KeyframeIndex(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a keyframe index needs room for at least 2 entries, not " + capacity);
        }
        millis = new long[capacity];
        positions = new long[capacity];
    }

    /** A capacity for a recording booked to last {@code seconds}: one entry per two seconds, within bounds. */
    public static int capacityFor(long seconds) {
        long wanted = Math.max(0, seconds) / SECONDS_PER_ENTRY + MIN_CAPACITY;
        return (int) Math.min(MAX_CAPACITY, wanted);
    }

    /** Notes a keyframe whose tag starts at {@code position}; kept or skipped according to the current stride. */
    public void add(long timestampMillis, long position) {
        long number = offered++;
        if (number % stride != 0) {
            return;
        }
        if (size == millis.length) {
            thin();
            if (number % stride != 0) {
                return;
            }
        }
        millis[size] = timestampMillis;
        positions[size] = position;
        size++;
    }

    /** Halves the entries, keeping the first; the index still covers the whole recording. */
    void thin() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            millis[kept] = millis[i];
            positions[kept] = positions[i];
            kept++;
        }
        size = kept;
        stride *= 2;
    }

    /** Drops every entry (an index of one keyframe that does not fit is no index). */
    void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return millis.length;
    }

    public long millisAt(int i) {
        return millis[checked(i)];
    }

    public long positionAt(int i) {
        return positions[checked(i)];
    }

    /** Times in seconds, as {@code keyframes.times} holds them. */
    double[] times() {
        double[] times = new double[size];
        for (int i = 0; i < size; i++) {
            times[i] = millis[i] / 1000.0;
        }
        return times;
    }

    /** File positions, as {@code keyframes.filepositions} holds them. */
    double[] filePositions() {
        double[] result = new double[size];
        for (int i = 0; i < size; i++) {
            result[i] = positions[i];
        }
        return result;
    }

    private int checked(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + size);
        }
        return i;
    }

    @Override
    public String toString() {
        return "KeyframeIndex" + Arrays.toString(Arrays.copyOf(millis, size));
    }
}
