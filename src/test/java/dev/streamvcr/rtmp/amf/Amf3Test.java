package dev.streamvcr.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AMF3 values behind the AMF0 avmplus-object marker, from byte vectors written out by hand after the AMF3 spec. */
class Amf3Test {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** @return the one AMF3 value in {@code hex}, read through the AMF0 switch marker 0x11 */
    private static Object amf3(String hex) {
        List<Object> values = Amf0.decodeAll(hex("11" + hex));
        assertEquals(1, values.size(), "exactly one value");
        return values.get(0);
    }

    private static String error(String hex) {
        return assertThrows(Amf0Exception.class, () -> Amf0.decodeAll(hex("11" + hex))).getMessage();
    }

    @Test
    void constantsAndDoubles() {
        assertSame(Amf0.UNDEFINED, amf3("00"));
        assertNull(amf3("01"));
        assertEquals(false, amf3("02"));
        assertEquals(true, amf3("03"));
        assertEquals(1.5, amf3("05 3FF8000000000000"));
    }

    @Test
    void integersAreU29SignedTwentyNineBitsAsDoubles() {
        // AMF3 spec 1.3.1: 7 bits per byte while the high bit is set; a fourth byte gives all 8 bits
        assertEquals(0.0, amf3("04 00"));
        assertEquals(127.0, amf3("04 7F"));
        assertEquals(128.0, amf3("04 81 00"));
        assertEquals(16383.0, amf3("04 FF 7F"));
        assertEquals(16384.0, amf3("04 81 80 00"));
        assertEquals(2097152.0, amf3("04 80 C0 80 00"));
        assertEquals(268435455.0, amf3("04 BF FF FF FF"));
        assertEquals(-268435456.0, amf3("04 C0 80 80 00"));
        assertEquals(-1.0, amf3("04 FF FF FF FF"));
    }

    @Test
    void stringsAreSentOnceThenByReferenceAcrossTheWholeMessage() {
        // "" (never in the table), "hello" (index 0), "hi" (index 1), then references 0 and 1,
        // each behind its own switch marker: the tables last for the whole decode call
        List<Object> values = Amf0.decodeAll(hex("11 06 01  11 06 0B 68656C6C6F  11 06 05 6869  11 06 00  11 06 02"));
        assertEquals(List.of("", "hello", "hi", "hello", "hi"), values);
        assertSame(values.get(1), values.get(3));
    }

    @Test
    void xmlDatesAndByteArrays() {
        assertEquals(new XmlDocument("<a/>"), amf3("0B 09 3C612F3E"));
        assertEquals(new XmlDocument("<a/>"), amf3("07 09 3C612F3E"));
        assertEquals(Instant.parse("2001-09-09T01:46:40Z"), amf3("08 01 426D1A94A2000000"));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) amf3("0C 07 010203"));
    }

    @Test
    void objectTableHoldsArraysDatesAndObjectsInMarkerOrder() {
        // [date, reference 1 (the date; the array itself is 0)]
        List<?> list = (List<?>) amf3("09 05 01  08 01 426D1A94A2000000  08 02");
        assertEquals(2, list.size());
        assertSame(list.get(0), list.get(1));
    }

    @Test
    void denseArraysAreListsAndMixedOnesEcmaArrays() {
        assertEquals(List.of(1.0, "a"), amf3("09 05 01 04 01 06 03 61"));
        // one dense member "b", associative a = 1
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("0", "b");
        expected.put("a", 1.0);
        assertEquals(new EcmaArray(expected), amf3("09 03  03 61 04 01  01  06 03 62"));
    }

    @Test
    void anonymousDynamicObjectIsAMap() {
        // traits inline, dynamic, 0 sealed members (0b1011), class name ""; a = 5, b = null, then ""
        assertEquals(mapOf("a", 5.0, "b", null), amf3("0A 0B 01  03 61 04 05  03 62 01  01"));
    }

    @Test
    void sealedTypedObjectsShareTraitsByReference() {
        // [P{x:1, y:2}, P{x:3, y:4} by traits reference 0, object reference 1, {x: "P"} naming both by string
        // references: the string table holds "P" = 0, "x" = 1, "y" = 2]
        List<?> list = (List<?>) amf3("09 09 01"
                + " 0A 23 03 50 03 78 03 79  04 01 04 02"
                + " 0A 01  04 03 04 04"
                + " 0A 02"
                + " 0A 0B 01  02 06 00  01");
        assertEquals(new TypedObject("P", mapOf("x", 1.0, "y", 2.0)), list.get(0));
        assertEquals(new TypedObject("P", mapOf("x", 3.0, "y", 4.0)), list.get(1));
        assertSame(list.get(0), list.get(2));
        assertEquals(mapOf("x", "P"), list.get(3));
    }

    @Test
    void sealedAndDynamicMembersTogether() {
        // class "Q", dynamic, one sealed member "s" (0b1_1011 = 0x1B); s = true, then dynamic d = false
        assertEquals(new TypedObject("Q", mapOf("s", true, "d", false)),
                amf3("0A 1B 03 51 03 73  03  03 64 02  01"));
    }

    @Test
    void vectorsAreListsOfDoublesOrValues() {
        assertEquals(List.of(-1.0, 2.0), amf3("0D 05 00 FFFFFFFF 00000002"));
        assertEquals(List.of(4294967295.0), amf3("0E 03 00 FFFFFFFF"));
        assertEquals(List.of(1.0), amf3("0F 03 01 3FF0000000000000"));
        assertEquals(List.of(1.0, "a"), amf3("10 05 00 03 2A 04 01 06 03 61"));
    }

    @Test
    void dictionaryKeepsKeysOfAnyType() {
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(1.0, "a");
        expected.put("b", true);
        assertEquals(expected, amf3("11 05 00  04 01 06 03 61  06 03 62 03"));
    }

    @Test
    void externalizableObjectsAreRefusedByClassName() {
        assertEquals("AMF3: object of class 'flex.messaging.io.ArrayCollection' at offset 1 is externalizable: its "
                + "body is written by that class's own code and cannot be read",
                error("0A 07 43 " + HexFormat.of().formatHex("flex.messaging.io.ArrayCollection".getBytes())));
    }

    @Test
    void malformedInputFailsExactly() {
        assertEquals("AMF3: unknown type marker 0x12 at offset 1", error("12"));
        assertEquals("AMF3: truncated integer at offset 2: need 1 bytes, have 0", error("04 FF"));
        assertEquals("AMF3: truncated double at offset 2: need 8 bytes, have 2", error("05 3FF0"));
        assertEquals("AMF3: truncated string at offset 2: need 4 bytes, have 1", error("06 09 61"));
        assertEquals("AMF3: string reference 0 at offset 2 points past the 0 strings read so far", error("06 00"));
        assertEquals("AMF3: object reference 3 at offset 1 points past the 0 complex values read so far",
                error("09 06"));
        assertEquals("AMF3: traits reference 0 at offset 1 points past the 0 traits read so far", error("0A 01"));
        assertEquals("AMF3: object reference 0 at offset 4 points to a value that contains it (cycles are not "
                + "supported)", error("09 03 01 09 00"));
        assertEquals("AMF3: invalid date NaN at offset 1", error("08 01 7FF8000000000000"));
    }

    @Test
    void declaredCountsAreCheckedAgainstRemainingBytesBeforeAllocating() {
        assertEquals("AMF3: array at offset 1 declares 134217727 items of at least 1 bytes but only 0 bytes remain",
                error("09 BF FF FF FF 01"));
        assertEquals("AMF3: vector-double at offset 1 declares 2 items of at least 8 bytes but only 8 bytes remain",
                error("0F 05 00 3FF0000000000000"));
        assertEquals("AMF3: dictionary at offset 1 declares 2 items of at least 2 bytes but only 2 bytes remain",
                error("11 05 00 01 01"));
        assertEquals("AMF3: truncated byte array at offset 1: need 134217727 bytes, have 0",
                error("0C BF FF FF FF"));
        assertEquals("AMF3: traits of class '' with sealed member names at offset 1 declares 16777215 items of at "
                + "least 1 bytes but only 0 bytes remain", error("0A BF FF FF F3 01"));
    }

    @Test
    void nestingIsLimitedAcrossBothFormats() {
        // an AMF0 strict array of one element holding 64 nested AMF3 arrays: 65 levels
        String amf0 = "0A 00000001 11";
        String amf3 = "09 03 01 ".repeat(64) + "01";
        Amf0Exception e = assertThrows(Amf0Exception.class, () -> Amf0.decodeAll(hex(amf0 + amf3)));
        assertEquals("AMF3: values nested deeper than 64 levels at offset 195", e.getMessage());
    }

    @Test
    void referencesCannotExpandPastTheLimit() {
        // a 1000-character string in an array (object 1), then 20000 references to that array: 40 kB on the wire
        // that would expand to 20 million characters
        StringBuilder bytes = new StringBuilder("09 ");
        String thousandX = "8F 51 " + "78".repeat(1000);
        int refs = 20000;
        bytes.append(u29((refs << 1) | 1)).append(" 01 ");
        bytes.append("09 03 01 06 ").append(thousandX).append(' ');
        bytes.append("09 02 ".repeat(refs - 1));
        String message = error(bytes.toString());
        assertTrue(message.startsWith("AMF3: the value at offset "), message);
        assertTrue(message.endsWith(" expands (through references) past the limit of 16777216 units of decoded "
                + "data"), message);
    }

    @Test
    void amf0ReferencesAreLimitedTheSameWay() {
        // a strict array (reference 0) of an object (reference 1) holding a 60000-character string, then 300
        // references to that object
        String object = "03 0001 61 02 EA60 " + "78".repeat(60000) + " 0000 09";
        String message = assertThrows(Amf0Exception.class, () -> Amf0.decodeAll(hex(
                "0A 0000012D " + object + " " + "07 0001 ".repeat(300)))).getMessage();
        assertTrue(message.startsWith("AMF0: the value at offset ") && message.contains("expands"), message);
    }

    @Test
    void decodedDictionaryWithByteArrayKeepsBytes() {
        Map<?, ?> dictionary = (Map<?, ?>) amf3("11 03 00 06 03 6B 0C 05 0A0B");
        assertArrayEquals(new byte[] {10, 11}, (byte[]) dictionary.get("k"));
    }

    private static String u29(int value) {
        if (value < 0x80) {
            return String.format("%02X", value);
        }
        if (value < 0x4000) {
            return String.format("%02X %02X", 0x80 | value >> 7, value & 0x7F);
        }
        return String.format("%02X %02X %02X", 0x80 | value >> 14, 0x80 | (value >> 7) & 0x7F, value & 0x7F);
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

}
