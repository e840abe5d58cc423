package dev.streamvcr.rtmp.amf;

/**
 * What one decode call may still spend, shared by the AMF0 reader and the AMF3 reader it switches to: nesting depth,
 * and the expanded size of the decoded values. References make a value cost a few bytes on the wire however large
 * its target, so a small message could otherwise decode into a graph whose traversal (printing, hashing, re-encoding)
 * never ends. Each value costs one unit, each string or byte array one unit per character or byte, and each
 * reference what its target cost; without references the total never exceeds the input's length.
 */
final class DecodeBudget {
    private int depth;
    private long expanded;

    /** Enters one level of nesting of an object or array starting at {@code offset}. */
    void enter(String format, int offset) {
        if (++depth > Amf0.MAX_DEPTH) {
            throw new Amf0Exception(format + ": values nested deeper than " + Amf0.MAX_DEPTH + " levels at offset "
                    + offset);
        }
    }

    void leave() {
        depth--;
    }

    /** Adds {@code units} to the expanded size of what was decoded so far. */
    void spend(long units, String format, int offset) {
        expanded += units;
        if (expanded > Amf0.MAX_EXPANDED_SIZE) {
            throw new Amf0Exception(format + ": the value at offset " + offset + " expands (through references) "
                    + "past the limit of " + Amf0.MAX_EXPANDED_SIZE + " units of decoded data");
        }
    }

    /** @return the expanded size so far; the difference across one value's read is that value's cost */
    long spent() {
        return expanded;
    }
}
