package dev.streamvcr.hls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One ISO BMFF box in a byte array (ISO/IEC 14496-12 §4.2): a 32-bit size (1: a 64-bit largesize follows the type;
 * 0: to the end of the file), a four-character type, then the body. A FullBox body starts with a version byte and 24
 * bits of flags. Also the big-endian reads and writes the fMP4 classes share.
 *
 * @param start     where the box's size field is
 * @param bodyStart where its body starts
 * @param end       where the next box starts
 */
record Mp4Box(String type, int start, int bodyStart, int end) {

    /**
     * The boxes between {@code from} and {@code to}, in order, up to the first that does not fit (a size smaller than
     * its header or past {@code to}); a box of size 0 runs to {@code to}.
     */
    static List<Mp4Box> children(byte[] b, int from, int to) {
        List<Mp4Box> boxes = new ArrayList<>();
        int at = from;
        while (to - at >= 8) {
            long size = u32(b, at);
            int header = 8;
            if (size == 1) {
                if (to - at < 16) {
                    break;
                }
                size = u64(b, at + 8);
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || size > to - at) {
                break;
            }
            boxes.add(new Mp4Box(type(b, at + 4), at, at + header, at + (int) size));
            at += (int) size;
        }
        return boxes;
    }

    /** The first child of {@code type} inside this box's body, or null. */
    Mp4Box child(byte[] b, String wanted) {
        return first(children(b, bodyStart, end), wanted);
    }

    /** The first box of {@code type} in {@code boxes}, or null. */
    static Mp4Box first(List<Mp4Box> boxes, String wanted) {
        for (Mp4Box box : boxes) {
            if (box.type().equals(wanted)) {
                return box;
            }
        }
        return null;
    }

    /** Follows a path of child types from this box, or null when one is missing. */
    Mp4Box path(byte[] b, String... types) {
        Mp4Box box = this;
        for (String wanted : types) {
            box = box == null ? null : box.child(b, wanted);
        }
        return box;
    }

    int size() {
        return end - start;
    }

    /** The FullBox version (only for boxes that are FullBoxes and have a body). */
    int version(byte[] b) {
        return b[bodyStart] & 0xFF;
    }

    /** The FullBox flags. */
    int flags(byte[] b) {
        return (int) (u32(b, bodyStart) & 0xFFFFFF);
    }

    /** How a box's start reads in a message: its type when it is four printable characters, else the bytes in hex. */
    static String describe(byte[] b, int at, int to) {
        if (to - at < 8) {
            return to - at + " bytes";
        }
        for (int i = at + 4; i < at + 8; i++) {
            if (b[i] < 0x20 || b[i] > 0x7E) {
                return String.format("the bytes %02X%02X%02X%02X %02X%02X%02X%02X", b[at], b[at + 1], b[at + 2],
                        b[at + 3], b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
            }
        }
        return "a box of type '" + type(b, at + 4) + "'";
    }

    static String type(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | b[at + 3] & 0xFFL;
    }

    static long u64(byte[] b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }

    static void put32(byte[] b, int at, long value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    static void put64(byte[] b, int at, long value) {
        put32(b, at, value >>> 32);
        put32(b, at + 4, value);
    }
}
