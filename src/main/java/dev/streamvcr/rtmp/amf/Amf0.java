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
 * Movieclip, recordset, unsupported and the AMF3 switch marker are refused with an {@link Amf0Exception}. Decoded
 * containers are fresh, mutable and owned by the caller. Nesting is limited to {@value #MAX_DEPTH} levels and every
 * declared length is checked against the bytes that remain, so malformed input fails fast without large allocations.
 */
public final class Amf0 {
    /** Maximum nesting of objects and arrays, in both directions. */
    public static final int MAX_DEPTH = 64;

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
