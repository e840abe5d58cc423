package dev.streamvcr.rtmp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.flv.ScriptData;
import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.EcmaArray;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AMF3 command (type 17) and data (type 15) messages whose values switch to AMF3, as Flash-era servers send them. */
class Amf3PayloadTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static String text(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** "onMetaData", then an AMF3 array with no dense members and width = 1280, encoder = "Lavf". */
    private static final String ON_METADATA = "02 000A " + text("onMetaData")
            + " 11 09 01  0B " + text("width") + " 04 8A00  0F " + text("encoder") + " 06 09 " + text("Lavf") + " 01";

    @Test
    void amf3CommandSharesTraitsAndStringsAcrossItsValues() {
        // format byte 0, "_result", transaction 1, then two AMF3 anonymous dynamic objects: the second reuses the
        // first one's traits (reference 0) and takes its value "FMS/3" from the string table (index 1)
        byte[] payload = hex("00  02 0007 " + text("_result") + "  00 3FF0000000000000"
                + "  11 0A 0B 01  0D " + text("fmsVer") + " 06 0B " + text("FMS/3") + "  01"
                + "  11 0A 01  09 " + text("code") + " 06 3B " + text("NetConnection.Connect.Success")
                + "  0F " + text("version") + " 06 02  01");
        Command command = Command.from(new RtmpMessage(MessageType.AMF3_COMMAND, 0, 0, payload));
        assertEquals("_result", command.name());
        assertEquals(1.0, command.transactionId());
        assertEquals(Map.of("fmsVer", "FMS/3"), command.commandObject());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("code", "NetConnection.Connect.Success");
        info.put("version", "FMS/3");
        assertEquals(List.of(info), command.args());
        assertEquals("NetConnection.Connect.Success", StatusInfo.of(command).orElseThrow().code());
    }

    @Test
    void malformedAmf3CommandFailsAsAProtocolError() {
        byte[] payload = hex("00 02 0001 61 00 0000000000000000 11 0A 07 03 58");
        assertEquals("RTMP: malformed command: AMF3: object of class 'X' at offset 14 is externalizable: its body is "
                + "written by that class's own code and cannot be read",
                assertThrows(RtmpProtocolException.class, () -> Command.from(new RtmpMessage(
                        MessageType.AMF3_COMMAND, 0, 0, payload))).getMessage());
    }

    @Test
    void amf3DataBecomesTheSameValuesInAmf0() {
        RtmpMessage amf3 = new RtmpMessage(MessageType.AMF3_DATA, 40, 1, hex("00 " + ON_METADATA));
        RtmpMessage amf0 = Amf3Payload.toAmf0Data(amf3).orElseThrow();

        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("width", 1280.0);
        entries.put("encoder", "Lavf");
        assertEquals(MessageType.AMF0_DATA, amf0.type());
        assertEquals(40, amf0.timestamp());
        assertEquals(1, amf0.messageStreamId());
        assertArrayEquals(Amf0.encodeAll("onMetaData", new EcmaArray(entries)), amf0.payload());
        assertEquals(entries, ScriptData.onMetaData(Buffer.buffer(amf0.payload())));
    }

    @Test
    void amf3DataWithoutFormatByteIsReadTheSame() {
        RtmpMessage withByte = new RtmpMessage(MessageType.AMF3_DATA, 0, 1, hex("00 " + ON_METADATA));
        RtmpMessage without = new RtmpMessage(MessageType.AMF3_DATA, 0, 1, hex(ON_METADATA));
        assertEquals(Amf3Payload.toAmf0Data(withByte), Amf3Payload.toAmf0Data(without));
    }

    @Test
    void amf3DataWithNoAmf0FormIsLeftOut() {
        // "onXX" then a ByteArray of one byte: AMF0 has no byte array
        RtmpMessage message = new RtmpMessage(MessageType.AMF3_DATA, 0, 1, hex("00 02 0004 " + text("onXX")
                + " 11 0C 03 FF"));
        assertTrue(Amf3Payload.toAmf0Data(message).isEmpty());
    }

    @Test
    void malformedAmf3DataFailsAsAProtocolError() {
        RtmpMessage message = new RtmpMessage(MessageType.AMF3_DATA, 0, 1, hex("00 02 0004 " + text("onXX")
                + " 11 0C 09"));
        assertEquals("RTMP: malformed AMF3 data message: AMF3: truncated byte array at offset 8: need 4 bytes, "
                + "have 0", assertThrows(RtmpProtocolException.class, () -> Amf3Payload.toAmf0Data(message))
                .getMessage());
    }
}
