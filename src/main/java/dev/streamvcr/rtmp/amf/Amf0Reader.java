package dev.streamvcr.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMF0 values; see {@link Amf0} for the mapping. One instance per decode call: it holds the reference table
 * (AMF0 spec 2.9), the {@link DecodeBudget} and, once the first avmplus-object marker appears, the {@link Amf3Reader}
 * whose reference tables serve every AMF3 value of the call. Offsets in error messages count from where the call
 * started reading.
 */
final class Amf0Reader {
    private final ByteBuf in;
    private final int base;
    private final DecodeBudget budget = new DecodeBudget();
    // AMF0 spec 2.9: references index complex values in the order their markers appear, starting at 0, in a U16
    private final ReferenceTable references = new ReferenceTable("AMF0: reference", 0x10000);
    private Amf3Reader amf3;

    Amf0Reader(ByteBuf in) {
        this.in = in;
        this.base = in.readerIndex();
    }

    List<Object> readAll() {
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(read());
        }
        return values;
    }

    Object read() {
        int offset = offset();
        need(1, "type marker", offset);
        budget.spend(1, "AMF0", offset);
        int id = in.readUnsignedByte();
        Amf0Marker marker = Amf0Marker.fromId(id);
        if (marker == null) {
            throw new Amf0Exception(String.format("AMF0: unknown type marker 0x%02X at offset %d", id, offset));
        }
        switch (marker) {
            case NUMBER:
                need(8, "number", offset + 1);
                return in.readDouble();
            case BOOLEAN:
                need(1, "boolean", offset + 1);
                return in.readUnsignedByte() != 0;
            case STRING:
                return readUtf8("string");
            case LONG_STRING:
                return readLongUtf8("long string");
            case XML_DOCUMENT:
                return new XmlDocument(readLongUtf8("xml document"));
            case NULL:
                return null;
            case UNDEFINED:
                return Amf0.UNDEFINED;
            case DATE:
                return readDate(offset);
            case REFERENCE:
                return readReference(offset);
            case OBJECT: {
                int slot = reserveReference(offset);
                Map<String, Object> object = readProperties();
                return completeReference(slot, object);
            }
            case TYPED_OBJECT: {
                int slot = reserveReference(offset);
                String className = readUtf8("class name");
                return completeReference(slot, new TypedObject(className, readProperties()));
            }
            case ECMA_ARRAY: {
                // AMF0 spec 2.10: the associative-count is only a hint (encoders often write 0); the end marker ends it
                int slot = reserveReference(offset);
                need(4, "ecma array count", offset());
                in.skipBytes(4);
                return completeReference(slot, new EcmaArray(readProperties()));
            }
            case STRICT_ARRAY:
                return readStrictArray(offset);
            case OBJECT_END:
                throw new Amf0Exception("AMF0: unexpected object-end marker at offset " + offset);
            case AVMPLUS_OBJECT:
                // AMF0 spec 3.1: the next value is AMF3
                if (amf3 == null) {
                    amf3 = new Amf3Reader(in, base, budget);
                }
                return amf3.read();
            case MOVIECLIP:
            case RECORDSET:
            case UNSUPPORTED:
                throw new Amf0Exception(String.format("AMF0: unsupported type %s (marker 0x%02X) at offset %d",
                        marker.label, id, offset));
            default:
                throw new IllegalStateException("unhandled AMF0 marker " + marker);
        }
    }

    private Object readDate(int offset) {
        // AMF0 spec 2.13: DOUBLE milliseconds since the epoch (UTC), S16 time zone (reserved, ignored)
        need(10, "date", offset + 1);
        double millis = in.readDouble();
        in.skipBytes(2);
        return date(millis, "AMF0", offset);
    }

    /** A date of both formats: milliseconds since the epoch, UTC, as a double. */
    static Instant date(double millis, String format, int offset) {
        if (Double.isNaN(millis) || Double.isInfinite(millis)) {
            throw new Amf0Exception(format + ": invalid date " + millis + " at offset " + offset);
        }
        try {
            return Instant.ofEpochMilli((long) millis);
        } catch (DateTimeException e) {
            throw new Amf0Exception(format + ": date " + millis + " ms at offset " + offset + " is out of range");
        }
    }

    private Object readStrictArray(int offset) {
        int slot = reserveReference(offset);
        need(4, "strict array count", offset + 1);
        long count = in.readUnsignedInt();
        // every element takes at least its one-byte marker
        if (count > in.readableBytes()) {
            throw new Amf0Exception("AMF0: strict array at offset " + offset + " declares " + count
                    + " elements but only " + in.readableBytes() + " bytes remain");
        }
        budget.enter("AMF0", offset);
        List<Object> list = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            list.add(read());
        }
        budget.leave();
        return completeReference(slot, list);
    }

    private Object readReference(int offset) {
        need(2, "reference", offset + 1);
        return references.get(in.readUnsignedShort(), budget, offset);
    }

    /** AMF0 spec 2.5 object-property: (UTF-8 key, value)*, ended by an empty key and the object-end marker. */
    private Map<String, Object> readProperties() {
        int offset = offset();
        budget.enter("AMF0", offset);
        Map<String, Object> properties = new LinkedHashMap<>();
        while (true) {
            String key = readUtf8("object key");
            if (key.isEmpty()) {
                int endOffset = offset();
                need(1, "object-end marker", endOffset);
                int end = in.readUnsignedByte();
                if (end != Amf0Marker.OBJECT_END.id) {
                    throw new Amf0Exception(String.format(
                            "AMF0: expected object-end marker 0x09 at offset %d, found 0x%02X", endOffset, end));
                }
                budget.leave();
                return properties;
            }
            properties.put(key, read());
        }
    }

    private String readUtf8(String what) {
        int offset = offset();
        need(2, what + " length", offset);
        int length = in.readUnsignedShort();
        need(length, what, offset + 2);
        return readText(length);
    }

    private String readLongUtf8(String what) {
        int offset = offset();
        need(4, what + " length", offset);
        long length = in.readUnsignedInt();
        need(length, what, offset + 4);
        return readText((int) length);
    }

    private String readText(int length) {
        budget.spend(length, "AMF0", offset());
        String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return text;
    }

    private int reserveReference(int offset) {
        return references.reserve(budget, offset);
    }

    private Object completeReference(int slot, Object value) {
        return references.complete(slot, value, budget);
    }

    private void need(long bytes, String what, int offset) {
        if (in.readableBytes() < bytes) {
            throw new Amf0Exception("AMF0: truncated " + what + " at offset " + offset + ": need " + bytes
                    + " bytes, have " + in.readableBytes());
        }
    }

    private int offset() {
        return in.readerIndex() - base;
    }
}
