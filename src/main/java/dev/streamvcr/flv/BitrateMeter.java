package dev.streamvcr.flv;

import java.util.Arrays;

/**
 * Bits per second over a sliding window, in fixed memory: the window is split into buckets and a
 * bucket is reused once it falls out of the window.
 */
final class BitrateMeter {

    private final long bucketMillis;
    private final long[] bytes;
    private final long[] bucketIndex;

    BitrateMeter(long windowMillis, int buckets) {
        if (buckets <= 0 || windowMillis < buckets) {
            throw new IllegalArgumentException("window " + windowMillis + " ms cannot hold " + buckets + " buckets");
        }
        this.bucketMillis = windowMillis / buckets;
        this.bytes = new long[buckets];
        this.bucketIndex = new long[buckets];
        Arrays.fill(bucketIndex, Long.MIN_VALUE);
    }

    void record(long nowMillis, long byteCount) {
        long index = Math.floorDiv(nowMillis, bucketMillis);
        int slot = Math.floorMod(index, bytes.length);
        if (bucketIndex[slot] != index) {
            bucketIndex[slot] = index;
            bytes[slot] = 0;
        }
        bytes[slot] += byteCount;
    }

    /**
     * Average over the window ending at {@code nowMillis}: the complete buckets before it plus the
     * elapsed part of the current one.
     */
    long bitsPerSecond(long nowMillis) {
        long index = Math.floorDiv(nowMillis, bucketMillis);
        long total = 0;
        for (int slot = 0; slot < bytes.length; slot++) {
            long age = index - bucketIndex[slot];
            if (bucketIndex[slot] != Long.MIN_VALUE && age >= 0 && age < bytes.length) {
                total += bytes[slot];
            }
        }
        long spanMillis = (bytes.length - 1) * bucketMillis + Math.floorMod(nowMillis, bucketMillis);
        return spanMillis == 0 ? 0 : total * 8 * 1000 / spanMillis;
    }
}
