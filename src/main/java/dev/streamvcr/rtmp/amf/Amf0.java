package dev.streamvcr.rtmp.amf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * AMF0 (AMF0 spec) for RTMP commands and FLV script data.
 *
 * <p>Java mapping, both directions unless noted:
 * <ul>
 * <li>{@link Number} → number (decodes as {@link Double}); {@link Boolean}; {@link String} → string, or long string
 *     when its UTF-8 form is over 65535 bytes;</li>
 * <li>{@code null} → null; {@link #UNDEFINED} → undefined;</li>
 * <li>{@code Map<String, ?>} → anonymous object (decodes as a {@link java.util.LinkedHashMap}, order kept);
 *     {@link EcmaArray} → ECMA array; {@code List<?>} → strict array (decodes as an {@link java.util.ArrayList});</li>
 * <li>{@link java.time.Instant} → date (milliseconds, time zone 0); {@link TypedObject}; {@link XmlDocument};</li>
 * <li>references (AMF0 spec 2.9) are decoded to the earlier object itself; the encoder never writes them.</li>
 * </ul>
 * The avmplus-object marker (AMF0 spec 3.1) switches to one AMF3 value, decoded as {@link Amf3Reader} describes onto
 * the same types. Movieclip, recordset and unsupported are refused with an {@link Amf0Exception}, which also reports
 * malformed AMF3 inside AMF0. Decoded containers are fresh, mutable and owned by the caller. Nesting is limited to
 * {@value #MAX_DEPTH} levels, every declared length and count is checked against the bytes that remain, and what
 * references expand to is limited to {@value #MAX_EXPANDED_SIZE} units (see {@link DecodeBudget}), so malformed input
 * fails fast, without large allocations, and never decodes into a graph too large to print or re-encode.
 */
public final class Amf0 {
    /** Maximum nesting of objects and arrays, in both directions. */
    public static final int MAX_DEPTH = 64;

    /**
     * Limit of what one decode call may expand to through references: one unit per value, plus one per character of
     * strings and per byte of byte arrays. Input without references costs at most its length in bytes, so up to
     * 16 MiB (the most an RTMP message or FLV tag holds) it always fits.
     */
    public static final long MAX_EXPANDED_SIZE = 16L * 1024 * 1024;

    /** The AMF0 {@code undefined} value (AMF0 spec 2.8). */
    public static final Undefined UNDEFINED = Undefined.INSTANCE;

    /** Type of {@link #UNDEFINED}. */
    public enum Undefined {
        INSTANCE;

        @Override
        public String toString() {
            return "undefined";
        }
    }

    private Amf0() {
    }

    /** Writes one value at {@code out}'s writer index. */
    public static void encode(ByteBuf out, Object value) {
        new Amf0Writer(out).write(value);
    }

    /** @return the values, one after the other, as a new array */
    public static byte[] encodeAll(Object... values) {
        ByteBuf out = Unpooled.buffer();
        Amf0Writer writer = new Amf0Writer(out);
        for (Object value : values) {
            writer.write(value);
        }
        return ByteBufUtil.getBytes(out);
    }

    /**
     * Same as {@link #encodeAll(Object...)}, failing with an {@link Amf0Exception} as soon as the encoding exceeds
     * {@code maxBytes}.
     */
    public static byte[] encodeAll(List<?> values, int maxBytes) {
        ByteBuf out = Unpooled.buffer();
        Amf0Writer writer = new Amf0Writer(out, maxBytes);
        for (Object value : values) {
            writer.write(value);
        }
        return ByteBufUtil.getBytes(out);
    }

    /**
     * Reads one value from {@code in}'s reader index and advances past it. On failure the reader index is left where
     * it was.
     */
    public static Object decode(ByteBuf in) {
        int start = in.readerIndex();
        try {
            return new Amf0Reader(in).read();
        } catch (RuntimeException e) {
            in.readerIndex(start);
            throw e;
        }
    }

    /**
     * Reads values until {@code in} has no readable bytes left. References may point to objects of earlier values in
     * the same call, as in one RTMP command message. On failure the reader index is left where it was.
     *
     * @return the values in order; null entries stand for AMF0 null
     */
    public static List<Object> decodeAll(ByteBuf in) {
        int start = in.readerIndex();
        try {
            return new Amf0Reader(in).readAll();
        } catch (RuntimeException e) {
            in.readerIndex(start);
            throw e;
        }
    }

    /** Same as {@link #decodeAll(ByteBuf)} over a whole array. */
    public static List<Object> decodeAll(byte[] data) {
        return decodeAll(Unpooled.wrappedBuffer(data));
    }
}
