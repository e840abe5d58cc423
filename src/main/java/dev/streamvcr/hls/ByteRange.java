package dev.streamvcr.hls;

/**
 * A sub-range of a resource (RFC 8216 §4.3.2.2 EXT-X-BYTERANGE, §4.3.2.5 EXT-X-MAP BYTERANGE). The parser has already
 * resolved an omitted offset, so {@code offset} is always the first byte.
 *
 * @param length the number of bytes
 * @param offset the first byte, counted from 0
 */
public record ByteRange(long length, long offset) {
    public ByteRange {
        if (length < 0 || offset < 0) {
            throw new IllegalArgumentException("a byte range needs a length and an offset of 0 or more");
        }
    }

    /** @return the byte after the range, where a following range without an offset starts */
    public long end() {
        return offset + length;
    }

    /** @return the value of an HTTP {@code Range} header asking for exactly this range (RFC 9110 §14.1.2) */
    public String httpRange() {
        return "bytes=" + offset + "-" + (end() - 1);
    }
}
