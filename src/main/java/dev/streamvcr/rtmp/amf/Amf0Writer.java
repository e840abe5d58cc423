package dev.streamvcr.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes Java values as AMF0; see {@link Amf0} for the mapping. One instance per encode call. */
final class Amf0Writer {
    private static final int MAX_SHORT_STRING = 0xFFFF;

    private final ByteBuf out;
    private final int start;
    private final int maxBytes;
    private int depth;

    Amf0Writer(ByteBuf out) {
        this(out, Integer.MAX_VALUE);
    }

    /** A writer that fails once it has written more than {@code maxBytes} bytes. */
    Amf0Writer(ByteBuf out, int maxBytes) {
        this.out = out;
        this.start = out.writerIndex();
        this.maxBytes = maxBytes;
    }

    void write(Object value) {
        writeValue(value);
        if (out.writerIndex() - start > maxBytes) {
            throw new Amf0Exception("AMF0: the encoded values are over the limit of " + maxBytes + " bytes");
        }
    }

    private void writeValue(Object value) {
        if (value == null) {
            out.writeByte(Amf0Marker.NULL.id);
        } else if (value == Amf0.UNDEFINED) {
            out.writeByte(Amf0Marker.UNDEFINED.id);
        } else if (value instanceof Number number) {
            out.writeByte(Amf0Marker.NUMBER.id);
            out.writeDouble(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            out.writeByte(Amf0Marker.BOOLEAN.id);
            out.writeByte(bool ? 1 : 0);
        } else if (value instanceof String string) {
            writeString(string);
        } else if (value instanceof Instant instant) {
            writeDate(instant);
        } else if (value instanceof XmlDocument xml) {
            // AMF0 spec 2.17: U32 length, UTF-8, like a long string
            out.writeByte(Amf0Marker.XML_DOCUMENT.id);
            byte[] utf8 = xml.xml().getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.writeBytes(utf8);
        } else if (value instanceof EcmaArray array) {
            // AMF0 spec 2.10: U32 associative-count, then properties as in an object
            enter();
            out.writeByte(Amf0Marker.ECMA_ARRAY.id);
            out.writeInt(array.entries().size());
            writeProperties(array.entries());
            depth--;
        } else if (value instanceof TypedObject typed) {
            enter();
            out.writeByte(Amf0Marker.TYPED_OBJECT.id);
            writeUtf8(typed.className(), "class name");
            writeProperties(typed.fields());
            depth--;
        } else if (value instanceof Map<?, ?> map) {
            enter();
            out.writeByte(Amf0Marker.OBJECT.id);
            writeProperties(map);
            depth--;
        } else if (value instanceof List<?> list) {
            // AMF0 spec 2.12: U32 array-count, then the values
            enter();
            out.writeByte(Amf0Marker.STRICT_ARRAY.id);
            out.writeInt(list.size());
            for (Object element : list) {
                write(element);
            }
            depth--;
        } else if (value instanceof byte[]) {
            throw new Amf0Exception("AMF0: cannot encode a byte array (AMF3 ByteArray): AMF0 has no such type");
        } else {
            throw new Amf0Exception("AMF0: cannot encode a " + value.getClass().getName());
        }
    }

    private void enter() {
        if (++depth > Amf0.MAX_DEPTH) {
            throw new Amf0Exception("AMF0: cannot encode values nested deeper than " + Amf0.MAX_DEPTH
                    + " levels (is there a cycle?)");
        }
    }

    private void writeString(String string) {
        byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_SHORT_STRING) {
            out.writeByte(Amf0Marker.STRING.id);
            out.writeShort(utf8.length);
        } else {
            out.writeByte(Amf0Marker.LONG_STRING.id);
            out.writeInt(utf8.length);
        }
        out.writeBytes(utf8);
    }

    private void writeDate(Instant instant) {
        // AMF0 spec 2.13: DOUBLE milliseconds since the epoch in UTC, then S16 time zone, "should be 0x0000"
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new Amf0Exception("AMF0: date " + instant + " does not fit in milliseconds since 1970");
        }
        out.writeByte(Amf0Marker.DATE.id);
        out.writeDouble(millis);
        out.writeShort(0);
    }

    /** AMF0 spec 2.5: (UTF-8 key, value)*, then an empty key and the object-end marker. */
    private void writeProperties(Map<?, ?> properties) {
        for (Map.Entry<?, ?> entry : properties.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new Amf0Exception("AMF0: object keys must be strings, found " + entry.getKey());
            }
            if (key.isEmpty()) {
                throw new Amf0Exception("AMF0: an object key cannot be empty (it would end the object)");
            }
            writeUtf8(key, "object key");
            write(entry.getValue());
        }
        out.writeShort(0);
        out.writeByte(Amf0Marker.OBJECT_END.id);
    }

    /** AMF0 spec 1.3 UTF-8: U16 length, no marker. */
    private void writeUtf8(String text, String what) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_SHORT_STRING) {
            throw new Amf0Exception("AMF0: " + what + " of " + utf8.length + " UTF-8 bytes is over the limit of "
                    + MAX_SHORT_STRING);
        }
        out.writeShort(utf8.length);
        out.writeBytes(utf8);
    }
}
