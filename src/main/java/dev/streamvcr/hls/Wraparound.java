package dev.streamvcr.hls;

/**
 * Extends a counter that wraps (a 33-bit MPEG-TS timestamp, a 32-bit version 0 {@code tfdt}) to 64 bits: the signed
 * difference from the last extended value is added to it, so a step across the wrap counts as the small step it is.
 */
final class Wraparound {
    private Wraparound() {
    }

    /**
     * @param reference the last extended value
     * @param raw       the next value as it was written, {@code bits} wide
     * @return {@code raw} extended: the value nearest {@code reference} that equals {@code raw} mod 2^bits
     */
    static long extend(long reference, long raw, int bits) {
        long wrap = 1L << bits;
        long step = (raw - reference) & (wrap - 1);
        if (step >= wrap / 2) {
            step -= wrap;
        }
        return reference + step;
    }
}
