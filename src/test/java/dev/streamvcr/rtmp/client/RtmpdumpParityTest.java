package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.ScriptedRtmpServer.Connection;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.ConnectParams;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.UserControlEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proof of "as rtmpdump": the real rtmpdump 2.4 ({@code rtmpdump -i "<line>"}, librtmp's own option parser)
 * and our client play the same source line against the same scripted server, and the commands each sent must be
 * equal as AMF values: connect (command object in order, and its extra arguments), secureTokenResponse (byte for
 * byte), NetStream.Authenticate.UsherToken, FCSubscribe, set_playlist and play (transaction ids included).
 *
 * <p>Fields that legitimately differ: our connect adds the Enhanced RTMP capabilities (fourCcList,
 * videoFourCcInfoMap, audioFourCcInfoMap, capsEx), removed before comparing; {@code rtmpdump -i} sends no flashVer
 * unless the line names one (plain {@code rtmpdump -r} sends LNX 10,0,32,18, our default), so every line names it.
 * Outside commands: we announce Set Chunk Size 4096 first and answer Set Peer Bandwidth with a Window
 * Acknowledgement Size as RTMP spec 5.4.5 asks; rtmpdump does neither. librtmp's set_playlist declares an ECMA array
 * count of 3 for its one entry; decoders ignore the count, so the values are equal.
 */
class RtmpdumpParityTest {
    private static final String FLASH_VER = "flashVer=LNX\\2010,0,32,18";
    private static final List<String> COMPARED = List.of("connect", "secureTokenResponse",
            "NetStream.Authenticate.UsherToken", "FCSubscribe", "set_playlist", "play");
    /** librtmp's default is a recorded stream; ours (for the recorder) is live. */
    private static final RtmpClientOptions LIBRTMP_DEFAULTS = RtmpClientOptions.defaults().withLive(false);

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static byte[] flv;

    @BeforeAll
    static void setUp() {
        PeerTools.ensureInstalled();
        flv = TestCard.DEFAULT.flvBytes(Duration.ofMillis(500));
    }

    @Test
    void liveSubscribesAndPlaysFromNow() throws Exception {
        compare("/live/stream", FLASH_VER + " live=1");
    }

    @Test
    void connectCarriesOverridesAndConnData() throws Exception {
        compare("/live/stream", FLASH_VER + " app=other playpath=mp4:x.mp4 tcUrl=rtmp://example.invalid/other"
                + " pageUrl=http://example.invalid/page swfUrl=http://example.invalid/p.swf conn=S:abc conn=O:1"
                + " conn=NB:flag:1 conn=NS:name:te\\20xt conn=NO:inner:1 conn=NN:n:2.5 conn=O:0 conn=O:0 conn=Z:"
                + " conn=N:1.5 conn=B:0");
    }

    @Test
    void appWithoutTcUrlMakesTheTcUrlFromHostPortAndApp() throws Exception {
        compare("", FLASH_VER + " app=live/inst playpath=x");
    }

    @Test
    void tokenAnswersTheSecureTokenChallenge() throws Exception {
        Connection[] both = compare("/vod/stream", FLASH_VER + " token=sharedSecretKey!",
                new ScriptedRtmpServer.Script().connectInfo("secureToken",
                        "8d61c1ad31e6c9b6d9bd0b3e58b4b5c73c3f0b4d21a2e5b7"));
        assertTrue(both[0].command("secureTokenResponse").isPresent(), "rtmpdump answered the challenge");
    }

    @Test
    void jtvSubscribePlaylistStartAndStop() throws Exception {
        compare("/live/stream", FLASH_VER + " jtv={\"user\":\"x\"} subscribe=sub live=1 playlist=1 start=5000"
                + " stop=9000");
    }

    @Test
    void recordedStartAndStop() throws Exception {
        compare("/vod/stream", FLASH_VER + " start=2500 stop=10000");
    }

    @Test
    void bufferIsSentAfterPlay() throws Exception {
        // rtmpdump replaces librtmp's buffer with its own -b (default 36000000): give it the same
        Connection[] both = compare("/vod/stream", FLASH_VER + " buffer=1234", new ScriptedRtmpServer.Script(),
                List.of("-b", "1234"));
        for (Connection connection : both) {
            assertTrue(connection.decoded(UserControlEvent.class).contains(
                    UserControlEvent.setBufferLength(ScriptedRtmpServer.STREAM_ID, 1234)), connection::toString);
        }
    }

    @Test
    void authIsAppendedAfterBooleanTrue() throws Exception {
        // librtmp's URL parser has no auth option; rtmpdump's --auth is the reference, with -r and the same fields
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                script(new ScriptedRtmpServer.Script()))) {
            String base = "rtmp://127.0.0.1:" + server.port() + "/live/stream";
            Connection ours = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server, base + " auth=secret\\20word",
                    LIBRTMP_DEFAULTS);
            Connection theirs = rtmpdump(server, List.of("-r", base, "-t", base.replace("/stream", ""),
                    "-u", "secret word"));
            assertEquals(List.of(true, "secret word"), ours.awaitCommand("connect", ScriptedPlays.WAIT).args());
            assertSameCommands(theirs, ours);
        }
    }

    @Test
    void swfVerificationAnswerIsRtmpdumpsForTheSameS1() throws Exception {
        // rtmpdump's --swfhash/--swfsize (librtmp's URL parser has neither); the server's S1 is the same for both
        String hash = "5a".repeat(16) + "c3".repeat(16);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), script(new ScriptedRtmpServer.Script()
                .digestHandshake(23).swfVerificationRequest()))) {
            String base = "rtmp://127.0.0.1:" + server.port() + "/vod/stream";
            Connection theirs = rtmpdump(server, List.of("-r", base, "--swfhash", hash, "--swfsize", "123456"));
            Connection ours = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server,
                    base + " swfhash=" + hash + " swfsize=123456", LIBRTMP_DEFAULTS);
            assertTrue(theirs.clientDidDigestHandshake(), "rtmpdump did the digest handshake");
            assertTrue(ours.clientDidDigestHandshake(), "and so did we");
            assertArrayEquals(theirs.s1(), ours.s1());
            assertEquals(1, theirs.swfVerificationAnswers().size(), "rtmpdump answered once");
            assertArrayEquals(theirs.swfVerificationAnswers().get(0), ours.swfVerificationAnswers().get(0));
            assertArrayEquals(SwfVerificationPlayTest.expectedAnswer(ours.s1(), HexFormat.of().parseHex(hash),
                    123456), ours.swfVerificationAnswers().get(0));
            assertEquals(1, ours.swfVerificationAnswers().size());
        }
    }

    private Connection[] compare(String path, String options) throws Exception {
        return compare(path, options, new ScriptedRtmpServer.Script());
    }

    private Connection[] compare(String path, String options, ScriptedRtmpServer.Script script) throws Exception {
        return compare(path, options, script, List.of());
    }

    private Connection[] compare(String path, String options, ScriptedRtmpServer.Script script,
            List<String> rtmpdumpArguments) throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), script(script))) {
            String line = ScriptedPlays.line(server, path, options);
            List<String> arguments = new ArrayList<>(List.of("-i", line));
            arguments.addAll(rtmpdumpArguments);
            Connection theirs = rtmpdump(server, arguments);
            Connection ours = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server, line, LIBRTMP_DEFAULTS);
            assertSameCommands(theirs, ours);
            return new Connection[] {theirs, ours};
        }
    }

    private static ScriptedRtmpServer.Script script(ScriptedRtmpServer.Script script) {
        return script.media(flv).endWith("NetStream.Play.Complete");
    }

    private static Connection rtmpdump(ScriptedRtmpServer server, List<String> arguments) throws Exception {
        int index = server.connections().size();
        List<String> command = new ArrayList<>(List.of(PeerTools.RTMPDUMP.toString(), "-q", "-m", "10"));
        command.addAll(arguments);
        command.addAll(List.of("-o", "/dev/null"));
        ToolRun run = ToolRun.execute(Duration.ofSeconds(30), command);
        Connection connection = server.awaitConnection(index, Duration.ofSeconds(1));
        assertTrue(connection.command("play").isPresent(), () -> "rtmpdump did not play: " + run);
        return connection;
    }

    private static void assertSameCommands(Connection theirs, Connection ours) {
        List<Command> expected = compared(theirs);
        List<Command> actual = compared(ours);
        assertEquals(expected.stream().map(Command::name).toList(), actual.stream().map(Command::name).toList());
        for (int i = 0; i < expected.size(); i++) {
            Command want = expected.get(i);
            Command got = actual.get(i);
            if (want.name().equals("connect")) {
                assertEquals(new ArrayList<>(properties(want).entrySet()), new ArrayList<>(
                        withoutEnhancedRtmp(properties(got)).entrySet()), "connect command object, in order");
                assertEquals(want.args(), got.args(), "connect arguments");
                assertEquals(want.transactionId(), got.transactionId());
            } else {
                assertEquals(want, got, want.name());
            }
        }
        assertArrayEquals(secureTokenResponse(theirs), secureTokenResponse(ours), "secureTokenResponse bytes");
        assertEquals(playStream(theirs), playStream(ours), "message stream of play");
    }

    private static List<Command> compared(Connection connection) {
        return connection.commands().stream().filter(c -> COMPARED.contains(c.name())).toList();
    }

    private static Map<?, ?> properties(Command connect) {
        return (Map<?, ?>) connect.commandObject();
    }

    private static Map<Object, Object> withoutEnhancedRtmp(Map<?, ?> object) {
        Map<Object, Object> legacy = new LinkedHashMap<>(object);
        assertEquals(ConnectParams.FOURCC_LIST, legacy.remove("fourCcList"));
        legacy.remove("videoFourCcInfoMap");
        legacy.remove("audioFourCcInfoMap");
        legacy.remove("capsEx");
        return legacy;
    }

    private static byte[] secureTokenResponse(Connection connection) {
        return connection.received().stream()
                .filter(r -> r.command().map(c -> c.name().equals("secureTokenResponse")).orElse(false))
                .map(r -> r.message().payload()).findFirst().orElse(new byte[0]);
    }

    private static List<Integer> playStream(Connection connection) {
        return connection.received().stream()
                .filter(r -> r.message().typeId() == MessageType.AMF0_COMMAND.id())
                .filter(r -> r.command().map(c -> c.name().equals("play") || c.name().equals("set_playlist"))
                        .orElse(false))
                .map(ScriptedRtmpServer.Received::message).map(RtmpMessage::messageStreamId).toList();
    }
}
