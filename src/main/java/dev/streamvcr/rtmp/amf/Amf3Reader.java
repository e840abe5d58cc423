package dev.streamvcr.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMF3 values (AMF3 spec 3) onto the types {@link Amf0} decodes to, so a caller need not care which format a
 * peer used:
 * <ul>
 * <li>undefined, null, false/true as in AMF0; integer and double as {@link Double}; string as {@link String};</li>
 * <li>XMLDocument and XML as {@link XmlDocument}; date as {@link java.time.Instant};</li>
 * <li>array: only dense → {@link List}; with associative members → {@link EcmaArray} holding the dense members
 *     under their indexes ("0", "1", …) first, then the associative ones;</li>
 * <li>object: anonymous → {@code Map<String, Object>}; of a named class → {@link TypedObject}; sealed members first,
 *     then dynamic ones; externalizable objects are refused, their body being private to their class;</li>
 * <li>ByteArray → {@code byte[]}; Vector.&lt;int&gt;, .&lt;uint&gt;, .&lt;Number&gt; → {@code List} of {@link Double};
 *     Vector.&lt;Object&gt; → {@code List} (type name and fixed flag are dropped); Dictionary →
 *     {@code Map<Object, Object>} (weak-keys flag dropped).</li>
 * </ul>
 * The string, object and traits tables (AMF3 spec 2.2) live as long as this reader: one per AMF0 decode call, so
 * every avmplus-object value of one message shares them. Each table holds at most {@value #MAX_TABLE_SIZE} entries.
 */
final class Amf3Reader {
    static final int MAX_TABLE_SIZE = 1 << 20;
    private static final String FORMAT = "AMF3";

    /** A class description (AMF3 spec 3.12): sent once, then referenced by index. */
    private record Traits(String className, boolean dynamic, List<String> sealedMembers) {
    }

    private final ByteBuf in;
    private final int base;
    private final DecodeBudget budget;
    private final List<String> strings = new ArrayList<>();
    private final List<Traits> traits = new ArrayList<>();
    private final ReferenceTable objects = new ReferenceTable("AMF3: object reference", MAX_TABLE_SIZE);

    /** @param base reader index that error offsets count from */
    Amf3Reader(ByteBuf in, int base, DecodeBudget budget) {
        this.in = in;
        this.base = base;
        this.budget = budget;
    }

    Object read() {
        int offset = offset();
        need(1, "type marker", offset);
        budget.spend(1, FORMAT, offset);
        int id = in.readUnsignedByte();
        Amf3Marker marker = Amf3Marker.fromId(id);
        if (marker == null) {
            throw new Amf0Exception(String.format("AMF3: unknown type marker 0x%02X at offset %d", id, offset));
        }
        return switch (marker) {
            case UNDEFINED -> Amf0.UNDEFINED;
            case NULL -> null;
            case FALSE -> false;
            case TRUE -> true;
            // AMF3 spec 3.6: U29 holding a signed 29-bit integer
            case INTEGER -> (double) (readU29("integer") << 3 >> 3);
            case DOUBLE -> {
                need(8, "double", offset + 1);
                yield in.readDouble();
            }
            case STRING -> readString("string");
            case XML_DOCUMENT, XML -> readXml(marker, offset);
            case DATE -> readDate(offset);
            case ARRAY -> readArray(offset);
            case OBJECT -> readObject(offset);
            case BYTE_ARRAY -> readByteArray(offset);
            case VECTOR_INT, VECTOR_UINT, VECTOR_DOUBLE -> readNumberVector(marker, offset);
            case VECTOR_OBJECT -> readObjectVector(offset);
            case DICTIONARY -> readDictionary(offset);
        };
    }

    /** AMF3 spec 1.3.1 U29: 7 bits per byte while the high bit is set, all 8 bits of a fourth byte. */
    private int readU29(String what) {
        int offset = offset();
        int value = 0;
        for (int i = 0; i < 3; i++) {
            need(1, what, offset);
            int b = in.readUnsignedByte();
            value = value << 7 | b & 0x7F;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        need(1, what, offset);
        return value << 8 | in.readUnsignedByte();
    }

    /** AMF3 spec 1.3.2 UTF-8-vr: a string reference (low bit 0) or a length; "" is never put in the table. */
    private String readString(String what) {
        int offset = offset();
        int header = readU29(what + " length");
        if ((header & 1) == 0) {
            int index = header >>> 1;
            if (index >= strings.size()) {
                throw new Amf0Exception("AMF3: string reference " + index + " at offset " + offset
                        + " points past the " + strings.size() + " strings read so far");
            }
            String text = strings.get(index);
            budget.spend(text.length(), FORMAT, offset);
            return text;
        }
        int length = header >>> 1;
        if (length == 0) {
            return "";
        }
        if (strings.size() >= MAX_TABLE_SIZE) {
            throw new Amf0Exception("AMF3: more than " + MAX_TABLE_SIZE + " strings at offset " + offset);
        }
        String text = readText(length, what, offset);
        strings.add(text);
        return text;
    }

    private String readText(int length, String what, int offset) {
        need(length, what, offset);
        budget.spend(length, FORMAT, offset);
        String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return text;
    }

    /**
     * Reads the U29 that starts every value kept in the object table. Its low bit 0 makes it a reference, returned
     * as {@code -1 - index}; otherwise the remaining 28 bits are returned (a length, a count or unused).
     */
    private long objectHeader(String what) {
        int header = readU29(what);
        return (header & 1) == 0 ? -1L - (header >>> 1) : header >>> 1;
    }

    private Object reference(long header, int offset) {
        return objects.get(-1 - header, budget, offset);
    }

    /** AMF3 spec 3.9 and 3.13: U29X-value, the length of UTF-8 text. */
    private Object readXml(Amf3Marker marker, int offset) {
        long header = objectHeader(marker.label + " length");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        return objects.complete(slot, new XmlDocument(readText((int) header, marker.label, offset)), budget);
    }

    /** AMF3 spec 3.10: U29D-value (unused bits), then milliseconds since the epoch (UTC) as a DOUBLE. */
    private Object readDate(int offset) {
        long header = objectHeader("date header");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        need(8, "date", offset());
        return objects.complete(slot, Amf0Reader.date(in.readDouble(), FORMAT, offset), budget);
    }

    /**
     * AMF3 spec 3.11: U29A-value (the dense count), the associative members as (UTF-8-vr key, value) pairs ended by
     * an empty key, then the dense members.
     */
    private Object readArray(int offset) {
        long header = objectHeader("array count");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        budget.enter(FORMAT, offset);
        Map<String, Object> associative = new LinkedHashMap<>();
        for (String key = readString("array key"); !key.isEmpty(); key = readString("array key")) {
            associative.put(key, read());
        }
        List<Object> dense = readValues(header, "array", offset);
        budget.leave();
        if (associative.isEmpty()) {
            return objects.complete(slot, dense, budget);
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < dense.size(); i++) {
            entries.put(Integer.toString(i), dense.get(i));
        }
        entries.putAll(associative);
        return objects.complete(slot, new EcmaArray(entries), budget);
    }

    /**
     * AMF3 spec 3.12: after the object reference bit, a traits reference (next bit 0), externalizable traits (bits
     * 11 then 1) or inline traits: dynamic flag, sealed member count, class name, member names; then the sealed
     * values in order and, for a dynamic object, (name, value) pairs ended by an empty name.
     */
    private Object readObject(int offset) {
        long header = objectHeader("object header");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        Traits type = readTraits((int) header, offset);
        budget.enter(FORMAT, offset);
        List<String> sealed = type.sealedMembers();
        checkCount(sealed.size(), 1, "object of class '" + type.className() + "' with sealed members", offset);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : sealed) {
            fields.put(name, read());
        }
        if (type.dynamic()) {
            for (String name = readString("member name"); !name.isEmpty(); name = readString("member name")) {
                fields.put(name, read());
            }
        }
        budget.leave();
        return objects.complete(slot, type.className().isEmpty() ? fields : new TypedObject(type.className(), fields),
                budget);
    }

    /** @param flags the object header after its reference bit */
    private Traits readTraits(int flags, int offset) {
        if ((flags & 1) == 0) {
            int index = flags >>> 1;
            if (index >= traits.size()) {
                throw new Amf0Exception("AMF3: traits reference " + index + " at offset " + offset
                        + " points past the " + traits.size() + " traits read so far");
            }
            return traits.get(index);
        }
        String className = readString("class name");
        if ((flags & 2) != 0) {
            throw new Amf0Exception("AMF3: object of class '" + className + "' at offset " + offset
                    + " is externalizable: its body is written by that class's own code and cannot be read");
        }
        if (traits.size() >= MAX_TABLE_SIZE) {
            throw new Amf0Exception("AMF3: more than " + MAX_TABLE_SIZE + " traits at offset " + offset);
        }
        int count = flags >>> 3;
        checkCount(count, 1, "traits of class '" + className + "' with sealed member names", offset);
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(readString("sealed member name"));
        }
        Traits type = new Traits(className, (flags & 4) != 0, List.copyOf(names));
        traits.add(type);
        return type;
    }

    /** AMF3 spec 3.14: U29B-value, the length, then the bytes. */
    private Object readByteArray(int offset) {
        long header = objectHeader("byte array length");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        need(header, "byte array", offset);
        budget.spend(header, FORMAT, offset);
        byte[] bytes = new byte[(int) header];
        in.readBytes(bytes);
        return objects.complete(slot, bytes, budget);
    }

    /** AMF3 spec 3.15: U29V-value (the count), fixed-vector U8, then U32, U32 or DOUBLE items. */
    private Object readNumberVector(Amf3Marker marker, int offset) {
        long header = objectHeader(marker.label + " count");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        need(1, marker.label + " fixed flag", offset());
        in.skipBytes(1);
        int itemSize = marker == Amf3Marker.VECTOR_DOUBLE ? 8 : 4;
        checkCount(header, itemSize, marker.label, offset);
        budget.spend(header, FORMAT, offset);
        List<Object> items = new ArrayList<>((int) header);
        for (long i = 0; i < header; i++) {
            items.add(switch (marker) {
                case VECTOR_INT -> (double) in.readInt();
                case VECTOR_UINT -> (double) in.readUnsignedInt();
                default -> in.readDouble();
            });
        }
        return objects.complete(slot, items, budget);
    }

    /** AMF3 spec 3.15: U29V-value (the count), fixed-vector U8, the item type name (UTF-8-vr), then the values. */
    private Object readObjectVector(int offset) {
        long header = objectHeader("vector-object count");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        need(1, "vector-object fixed flag", offset());
        in.skipBytes(1);
        readString("vector-object type name");
        budget.enter(FORMAT, offset);
        List<Object> items = readValues(header, "vector-object", offset);
        budget.leave();
        return objects.complete(slot, items, budget);
    }

    /** AMF3 spec 3.16: U29Dict-value (the entry count), weak-keys U8, then (key, value) pairs of any type. */
    private Object readDictionary(int offset) {
        long header = objectHeader("dictionary count");
        if (header < 0) {
            return reference(header, offset);
        }
        int slot = objects.reserve(budget, offset);
        need(1, "dictionary weak-keys flag", offset());
        in.skipBytes(1);
        checkCount(header, 2, "dictionary", offset);
        budget.enter(FORMAT, offset);
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (long i = 0; i < header; i++) {
            Object key = read();
            entries.put(key, read());
        }
        budget.leave();
        return objects.complete(slot, entries, budget);
    }

    private List<Object> readValues(long count, String what, int offset) {
        checkCount(count, 1, what, offset);
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            values.add(read());
        }
        return values;
    }

    /** Refuses a declared count before allocating for it: each item takes at least {@code minSize} bytes. */
    private void checkCount(long count, int minSize, String what, int offset) {
        if (count * minSize > in.readableBytes()) {
            throw new Amf0Exception("AMF3: " + what + " at offset " + offset + " declares " + count + " items of at "
                    + "least " + minSize + " bytes but only " + in.readableBytes() + " bytes remain");
        }
    }

    private void need(long bytes, String what, int offset) {
        if (in.readableBytes() < bytes) {
            throw new Amf0Exception("AMF3: truncated " + what + " at offset " + offset + ": need " + bytes
                    + " bytes, have " + in.readableBytes());
        }
    }

    private int offset() {
        return in.readerIndex() - base;
    }
}
