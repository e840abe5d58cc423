package dev.streamvcr.rtmp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.WireIdTable;
import dev.streamvcr.rtmp.amf.Amf0;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private enum Clash { A, B }

    @Test
    void wireIdTablesRefuseDuplicateIds() {
        assertEquals(MessageType.AMF0_COMMAND, MessageType.fromId(20));
        assertNull(MessageType.fromId(7));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WireIdTable.of(Clash.values(), c -> 1));
        assertEquals("Clash.A and B share wire id 1", e.getMessage());
    }

    @Test
    void connectCommandRoundTripsInRtmpdumpOrder() {
        Command connect = Command.connect(new ConnectParams("live", "rtmp://h/live", "LNX 9,0,124,2", null,
                "https://example.org/page"));
        RtmpMessage message = connect.toMessage(0);
        assertEquals(MessageType.AMF0_COMMAND, message.type());
        Command parsed = Command.from(message);
        assertEquals("connect", parsed.name());
        assertEquals(1.0, parsed.transactionId());
        Map<?, ?> object = (Map<?, ?>) parsed.commandObject();
        assertEquals(List.of("app", "flashVer", "tcUrl", "fpad", "capabilities", "audioCodecs", "videoCodecs",
                "videoFunction", "pageUrl", "fourCcList", "videoFourCcInfoMap", "audioFourCcInfoMap", "capsEx"),
                new ArrayList<>(object.keySet()));
        assertEquals(ConnectParams.FOURCC_LIST, object.get("fourCcList"));
        assertEquals(Map.of("*", 4.0), object.get("videoFourCcInfoMap"));
        assertEquals(1.0, object.get("capsEx"), "E-RTMP v2 CapsExMask.Reconnect");
        assertEquals(List.of(), parsed.args());
    }

    @Test
    void playAndDeleteStreamCarryTheirArguments() {
        Command play = Command.from(Command.play("stream?key=1", -1000).toMessage(1));
        assertEquals(List.of("stream?key=1", -1000.0), play.args());
        assertEquals(0.0, play.transactionId());
        assertNull(play.commandObject());
        assertEquals(List.of(5.0), Command.from(Command.deleteStream(5).toMessage(0)).args());
    }

    @Test
    void amf3CommandWithAmf0BodyIsParsed() {
        byte[] amf0 = Amf0.encodeAll("_result", 2.0, null, 1.0);
        byte[] payload = new byte[amf0.length + 1];
        System.arraycopy(amf0, 0, payload, 1, amf0.length);
        Command command = Command.from(new RtmpMessage(MessageType.AMF3_COMMAND, 0, 0, payload));
        assertTrue(command.isResult());
        assertEquals(List.of(1.0), command.args());
    }

    @Test
    void malformedCommandsFailExactly() {
        assertEquals("RTMP: a command must start with a name and a transaction id, got [play]",
                assertThrows(RtmpProtocolException.class, () -> Command.from(new RtmpMessage(
                        MessageType.AMF0_COMMAND, 0, 0, hex("02 0004 706C6179")))).getMessage());
        assertEquals("RTMP: malformed command: AMF0: truncated number at offset 8: need 8 bytes, have 2",
                assertThrows(RtmpProtocolException.class, () -> Command.from(new RtmpMessage(
                        MessageType.AMF0_COMMAND, 0, 0, hex("02 0004 706C6179 00 3FF0")))).getMessage());
    }

    @Test
    void statusInfoIsReadFromTheFirstArgument() {
        Command status = new Command("onStatus", 0, null, List.of(Map.of("level", "error",
                "code", "NetStream.Play.StreamNotFound", "description", "No such stream")));
        assertEquals(Optional.of(new StatusInfo("error", "NetStream.Play.StreamNotFound", "No such stream")),
                StatusInfo.of(status));
        assertTrue(StatusInfo.of(status).orElseThrow().isError());
        assertEquals(Optional.empty(), StatusInfo.of(new Command("onStatus", 0, null, List.of("x"))));
    }

    @Test
    void userControlEventsRoundTrip() {
        UserControlEvent ping = new UserControlEvent(UserControlEvent.Type.PING_REQUEST, 0xFFFFFFFFL, 0);
        assertEquals(Optional.of(ping), UserControlEvent.from(ping.toMessage()));
        UserControlEvent buffer = UserControlEvent.setBufferLength(1, 36_000_000);
        assertEquals(10, buffer.toMessage().payload().length);
        assertEquals(Optional.of(buffer), UserControlEvent.from(buffer.toMessage()));
        // SWF verification (26) is not used by this client
        assertEquals(Optional.empty(), UserControlEvent.from(new RtmpMessage(MessageType.USER_CONTROL, 0, 0,
                hex("001A"))));
        assertEquals("RTMP: USER_CONTROL message has 8 bytes, needs 10", assertThrows(RtmpProtocolException.class,
                () -> UserControlEvent.from(new RtmpMessage(MessageType.USER_CONTROL, 0, 0,
                        hex("0003 00000001 0000")))).getMessage());
    }

    @Test
    void protocolControlMessagesRoundTrip() {
        assertEquals(new SetChunkSize(4096), SetChunkSize.from(new SetChunkSize(4096).toMessage()));
        assertEquals(new Abort(6), Abort.from(new Abort(6).toMessage()));
        assertEquals(new Acknowledgement(0xFFFFFFFFL), Acknowledgement.from(new Acknowledgement(-1).toMessage()));
        assertEquals(new WindowAckSize(2_500_000), WindowAckSize.from(new WindowAckSize(2_500_000).toMessage()));
        SetPeerBandwidth bandwidth = new SetPeerBandwidth(5_000_000, SetPeerBandwidth.LimitType.DYNAMIC);
        assertEquals(bandwidth, SetPeerBandwidth.from(bandwidth.toMessage()));
        assertEquals("RTMP: Set Peer Bandwidth limit type 3 is invalid (spec 5.4.5: 0 hard, 1 soft, 2 dynamic)",
                assertThrows(RtmpProtocolException.class, () -> SetPeerBandwidth.from(new RtmpMessage(
                        MessageType.SET_PEER_BANDWIDTH, 0, 0, hex("004C4B40 03")))).getMessage());
        assertEquals("RTMP: WINDOW_ACK_SIZE message has 3 bytes, needs 4", assertThrows(
                RtmpProtocolException.class, () -> WindowAckSize.from(new RtmpMessage(
                        MessageType.WINDOW_ACK_SIZE, 0, 0, hex("000000")))).getMessage());
    }

    @Test
    void aggregateSplitsIntoRebasedSubMessages() {
        // two FLV-tag-like sub-messages at 1000 and 1040 ms, each followed by its back pointer
        byte[] payload = hex("09 000002 0003E8 00 000000 1701 0000000D"
                + "08 000001 000410 00 000000 AF 0000000C");
        List<RtmpMessage> parts = AggregateMessage.split(new RtmpMessage(MessageType.AGGREGATE, 5000, 1, payload));
        assertEquals(List.of(new RtmpMessage(MessageType.VIDEO, 5000, 1, hex("1701")),
                new RtmpMessage(MessageType.AUDIO, 5040, 1, hex("AF"))), parts);
        assertEquals("RTMP: aggregate sub-message at offset 0 declares 2 bytes, only 1 remain",
                assertThrows(RtmpProtocolException.class, () -> AggregateMessage.split(new RtmpMessage(
                        MessageType.AGGREGATE, 0, 1, hex("09 000002 0003E8 00 000000 17")))).getMessage());
    }

    @Test
    void messagesCheckTheirRanges() {
        assertThrows(IllegalArgumentException.class, () -> new RtmpMessage(8, 0x1_0000_0000L, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RtmpMessage(256, 0, 1, new byte[0]));
        assertEquals(new RtmpMessage(8, 1, 1, new byte[] {1}), new RtmpMessage(8, 1, 1, new byte[] {1}));
    }
}
