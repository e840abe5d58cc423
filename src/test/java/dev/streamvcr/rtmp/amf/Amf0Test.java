package dev.streamvcr.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

    private static Object roundTrip(Object value) {
        ByteBuf buf = Unpooled.buffer();
        Amf0.encode(buf, value);
        Object decoded = Amf0.decode(buf);
        assertEquals(0, buf.readableBytes(), "decode must consume exactly what encode wrote");
        return decoded;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static String decodeError(String hex) {
        return assertThrows(Amf0Exception.class, () -> Amf0.decodeAll(hex(hex))).getMessage();
    }

    @Test
    void scalarsRoundTrip() {
        assertEquals(0.0, roundTrip(0));
        assertEquals(-1000.0, roundTrip(-1000L));
        assertEquals(3.5, roundTrip(3.5f));
        assertEquals(Double.NaN, roundTrip(Double.NaN));
        assertEquals(true, roundTrip(true));
        assertEquals(false, roundTrip(false));
        assertEquals("", roundTrip(""));
        assertEquals("héllo ✓ 😀", roundTrip("héllo ✓ 😀"));
        assertEquals(null, roundTrip(null));
        assertSame(Amf0.UNDEFINED, roundTrip(Amf0.UNDEFINED));
        assertEquals(new XmlDocument("<a b=\"1\"/>"), roundTrip(new XmlDocument("<a b=\"1\"/>")));
    }

    @Test
    void numberIsBigEndianDouble() {
        // AMF0 spec 2.2: marker 0x00 then an IEEE 754 double, network byte order
        assertArrayEquals(hex("00 3FF0000000000000"), Amf0.encodeAll(1));
        assertArrayEquals(hex("02 0004 706C6179"), Amf0.encodeAll("play"));
        assertArrayEquals(hex("05 06 0101"), Amf0.encodeAll(null, Amf0.UNDEFINED, true));
    }

    @Test
    void stringSwitchesToLongStringAbove65535Utf8Bytes() {
        String max = "a".repeat(0xFFFF);
        byte[] shortForm = Amf0.encodeAll(max);
        assertEquals(0x02, shortForm[0]);
        assertEquals(3 + 0xFFFF, shortForm.length);
        assertEquals(max, roundTrip(max));

        // 32768 two-byte characters: 65536 UTF-8 bytes, one over the short form
        String longer = "é".repeat(0x8000);
        byte[] longForm = Amf0.encodeAll(longer);
        assertEquals(0x0C, longForm[0]);
        assertEquals(5 + 0x10000, longForm.length);
        assertEquals(longer, roundTrip(longer));
    }

    @Test
    void datesAreMillisecondsWithZeroTimeZone() {
        Instant when = Instant.parse("2024-02-29T12:34:56.789Z");
        assertEquals(when, roundTrip(when));
        byte[] encoded = Amf0.encodeAll(Instant.EPOCH);
        assertArrayEquals(hex("0B 0000000000000000 0000"), encoded);
        assertEquals(Instant.ofEpochMilli(-86_400_000L), roundTrip(Instant.ofEpochMilli(-86_400_000L)));
    }

    @Test
    void objectsKeepOrderAndNest() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1.0);
        inner.put("a", List.of("x", 2.0));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("code", "NetStream.Play.Start");
        outer.put("nothing", null);
        outer.put("inner", inner);
        outer.put("undef", Amf0.UNDEFINED);
        Object decoded = roundTrip(outer);
        assertTrue(decoded instanceof LinkedHashMap);
        assertEquals(outer, decoded);
        assertEquals(List.of("code", "nothing", "inner", "undef"), new ArrayList<>(((Map<?, ?>) decoded).keySet()));
    }

    @Test
    void ecmaArrayTypedObjectAndStrictArrayRoundTrip() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("duration", 0.0);
        meta.put("width", 1280.0);
        meta.put("encoder", "Lavf");
        meta.put("stereo", true);
        EcmaArray array = new EcmaArray(meta);
        assertEquals(array, roundTrip(array));
        byte[] encoded = Amf0.encodeAll(array);
        assertArrayEquals(hex("08 00000004"), Arrays.copyOf(encoded, 5), "U32 associative count");
        assertArrayEquals(hex("000009"), Arrays.copyOfRange(encoded, encoded.length - 3, encoded.length));

        TypedObject typed = new TypedObject("flex.messaging.io.ArrayCollection", Map.of("source", List.of(1.0)));
        assertEquals(typed, roundTrip(typed));

        List<Object> mixed = Arrays.asList(1.0, null, "s", List.of(), new EcmaArray(Map.of()), Map.of("k", false));
        assertEquals(mixed, roundTrip(mixed));
    }

    @Test
    void encodeAllThenDecodeAllGivesTheSameSequence() {
        Map<String, Object> info = new HashMap<>();
        info.put("level", "status");
        List<Object> values = Arrays.asList("onStatus", 0.0, null, info);
        assertEquals(values, Amf0.decodeAll(Amf0.encodeAll(values.toArray())));
    }

    @Test
    void referencesPointToEarlierComplexValues() {
        // [ {a:1}, ref 1 ] -- index 0 is the strict array itself, index 1 the object
        List<Object> decoded = Amf0.decodeAll(hex("0A 00000002 03 0001 61 00 3FF0000000000000 000009 07 0001"));
        List<?> list = (List<?>) decoded.get(0);
        assertEquals(Map.of("a", 1.0), list.get(0));
        assertSame(list.get(0), list.get(1));

        // the table spans the values of one decodeAll call (one command message)
        List<Object> two = Amf0.decodeAll(hex("03 0001 62 05 000009 07 0000"));
        assertSame(two.get(0), two.get(1));
    }

    @Test
    void referenceErrors() {
        assertEquals("AMF0: reference 2 at offset 0 points past the 0 complex values read so far",
                decodeError("07 0002"));
        assertEquals("AMF0: reference 0 at offset 4 points to a value that contains it (cycles are not supported)",
                decodeError("03 0001 61 07 0000 000009"));
        assertEquals("AMF0: truncated reference at offset 1: need 2 bytes, have 1", decodeError("07 00"));
    }

    @Test
    void truncatedInputFailsWithOffsetAndCounts() {
        assertEquals("AMF0: truncated number at offset 1: need 8 bytes, have 3", decodeError("00 3FF000"));
        assertEquals("AMF0: truncated string at offset 3: need 40 bytes, have 3", decodeError("02 0028 616263"));
        assertEquals("AMF0: truncated string length at offset 1: need 2 bytes, have 1", decodeError("02 00"));
        assertEquals("AMF0: truncated long string at offset 5: need 65536 bytes, have 1",
                decodeError("0C 00010000 61"));
        assertEquals("AMF0: truncated boolean at offset 1: need 1 bytes, have 0", decodeError("01"));
        assertEquals("AMF0: truncated date at offset 1: need 10 bytes, have 8", decodeError("0B 0000000000000000"));
        assertEquals("AMF0: truncated object key length at offset 1: need 2 bytes, have 0", decodeError("03"));
        assertEquals("AMF0: truncated object-end marker at offset 3: need 1 bytes, have 0", decodeError("03 0000"));
        assertEquals("AMF0: truncated type marker at offset 4: need 1 bytes, have 0", decodeError("03 0001 61"));
        assertEquals("AMF0: truncated ecma array count at offset 1: need 4 bytes, have 2", decodeError("08 0000"));
    }

    @Test
    void malformedStructureFailsExactly() {
        assertEquals("AMF0: unknown type marker 0x12 at offset 0", decodeError("12"));
        // AMF0 spec 3.1: the avmplus-object marker switches to one AMF3 value (0x02: false)
        assertEquals(List.of(0.0, false), Amf0.decodeAll(hex("00 0000000000000000 11 02")));
        assertEquals("AMF3: truncated type marker at offset 10: need 1 bytes, have 0",
                decodeError("00 0000000000000000 11"));
        assertEquals("AMF0: unsupported type movieclip (marker 0x04) at offset 0", decodeError("04"));
        assertEquals("AMF0: unsupported type unsupported (marker 0x0D) at offset 0", decodeError("0D"));
        assertEquals("AMF0: unexpected object-end marker at offset 0", decodeError("09"));
        assertEquals("AMF0: expected object-end marker 0x09 at offset 3, found 0x05", decodeError("03 0000 05"));
        assertEquals("AMF0: strict array at offset 0 declares 4294967295 elements but only 2 bytes remain",
                decodeError("0A FFFFFFFF 0505"));
        assertEquals("AMF0: invalid date NaN at offset 0", decodeError("0B 7FF8000000000000 0000"));
    }

    @Test
    void nestingIsLimitedBothWays() {
        // 65 nested strict arrays of one element each
        ByteBuf deep = Unpooled.buffer();
        for (int i = 0; i < Amf0.MAX_DEPTH + 1; i++) {
            deep.writeByte(0x0A).writeInt(1);
        }
        deep.writeByte(0x05);
        Amf0Exception e = assertThrows(Amf0Exception.class, () -> Amf0.decode(deep));
        assertEquals("AMF0: values nested deeper than 64 levels at offset 320", e.getMessage());
        assertEquals(0, deep.readerIndex(), "a failed decode leaves the reader index alone");

        List<Object> nested = new ArrayList<>();
        List<Object> current = nested;
        for (int i = 0; i < Amf0.MAX_DEPTH; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        assertThrows(Amf0Exception.class, () -> Amf0.encodeAll(nested));

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertEquals("AMF0: cannot encode values nested deeper than 64 levels (is there a cycle?)",
                assertThrows(Amf0Exception.class, () -> Amf0.encodeAll(cycle)).getMessage());
    }

    @Test
    void unencodableValuesAreRefused() {
        assertEquals("AMF0: cannot encode a java.lang.Object",
                assertThrows(Amf0Exception.class, () -> Amf0.encodeAll(new Object())).getMessage());
        assertEquals("AMF0: object keys must be strings, found 1",
                assertThrows(Amf0Exception.class, () -> Amf0.encodeAll(Map.of(1, 2))).getMessage());
        assertEquals("AMF0: an object key cannot be empty (it would end the object)",
                assertThrows(Amf0Exception.class, () -> Amf0.encodeAll(Map.of("", 2))).getMessage());
    }
}
