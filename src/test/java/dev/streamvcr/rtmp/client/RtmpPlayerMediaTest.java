package dev.streamvcr.rtmp.client;

import static dev.streamvcr.rtmp.client.ScriptedPlays.STREAM_ID;
import static dev.streamvcr.rtmp.client.ScriptedPlays.answeringPlay;
import static dev.streamvcr.rtmp.client.ScriptedPlays.assertSameMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.play;
import static dev.streamvcr.rtmp.client.ScriptedPlays.result;
import static dev.streamvcr.rtmp.client.ScriptedPlays.sendMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.someMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.soon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.ScriptedRtmpServer.Connection;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import dev.streamvcr.rtmp.message.Acknowledgement;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import dev.streamvcr.rtmp.message.UserControlEvent;
import dev.streamvcr.rtmp.message.WindowAckSize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a play delivers and how it ends, against a {@link ScriptedRtmpServer} acting as nginx-rtmp: media in order on
 * either message stream, pings and acknowledgements answered, and each end (unpublish, StreamEOF, a dropped
 * connection, close, an oversized message) reported once with its kind.
 */
class RtmpPlayerMediaTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    @Test
    void playsMediaInOrderUntilUnpublishAndAnswersPings() throws Exception {
        List<RtmpMessage> media = someMedia();
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            connection.send(2, new WindowAckSize(10_000).toMessage());
            connection.send(2, new UserControlEvent(UserControlEvent.Type.PING_REQUEST, 123456, 0).toMessage());
            sendMedia(connection, media);
            connection.status(STREAM_ID, "status", "NetStream.Play.UnpublishNotify", "stream is now unpublished");
        }))) {
            PlayLog log = new PlayLog();
            RtmpPlayer player = result(play(VERTX.get(), server.port(), log));
            RtmpFailure end = log.awaitEnd();

            assertEquals(Kind.STREAM_ENDED, end.kind());
            assertEquals("The stream 'stream' ended (NetStream.Play.UnpublishNotify)", end.getMessage());
            assertTrue(end.retryable());
            assertSameMedia(media, log.media);
            assertTrue(player.bytesReceived() > 40_000, "bytes counted: " + player.bytesReceived());

            Connection connection = server.connections().get(0);
            List<RtmpMessage> received = connection.messages();
            assertEquals(new SetChunkSize(4096).toMessage(), received.get(0), "chunk size is announced first");
            List<Command> commands = connection.commands();
            // a live play subscribes first, as rtmpdump --live does
            assertEquals(List.of("connect", "createStream", "FCSubscribe", "play"),
                    commands.stream().map(Command::name).toList());
            Map<?, ?> connect = (Map<?, ?>) commands.get(0).commandObject();
            assertEquals("live", connect.get("app"));
            assertEquals("rtmp://localhost:" + server.port() + "/live", connect.get("tcUrl"));
            assertEquals("LNX 10,0,32,18", connect.get("flashVer"));
            assertEquals(List.of("stream", -1000.0), commands.get(3).args());
            RtmpMessage playMessage = received.stream().filter(m -> m.typeId() == 20 && m.messageStreamId() == 1)
                    .findFirst().orElseThrow();
            assertEquals("play", Command.from(playMessage).name(), "play goes on the created stream");
            assertTrue(received.contains(UserControlEvent.setBufferLength(STREAM_ID, 36_000_000).toMessage()));
            soon().until(() -> connection.messages().contains(UserControlEvent.pingResponse(123456).toMessage()));
            // the window (10,000 bytes) was exceeded by far: an acknowledgement must have gone out
            soon().until(() -> connection.messages().stream()
                    .anyMatch(m -> m.typeId() == MessageType.ACKNOWLEDGEMENT.id()));
            long acked = connection.messages().stream().filter(m -> m.typeId() == MessageType.ACKNOWLEDGEMENT.id())
                    .mapToLong(m -> Acknowledgement.from(m).sequenceNumber()).max().orElseThrow();
            assertTrue(acked >= 10_000 && acked <= player.bytesReceived(), "ack " + acked);
            assertEquals(1, log.ends.size());
        }
    }

    @Test
    void mediaOnMessageStreamZeroIsDelivered() throws Exception {
        // as ffmpeg -listen 1 plays: Play.Start on the created stream, metadata and media on message stream 0
        List<RtmpMessage> media = someMedia().stream()
                .map(m -> new RtmpMessage(m.typeId(), m.timestamp(), 0, m.payload()))
                .toList();
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            sendMedia(connection, media);
            connection.close();
        }))) {
            PlayLog log = new PlayLog();
            result(play(VERTX.get(), server.port(), log));
            assertEquals(Kind.CONNECTION_LOST, log.awaitEnd().kind());
            assertSameMedia(media, log.media);
        }
    }

    @Test
    void streamEofEndsTheStream() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            sendMedia(connection, someMedia().subList(0, 3));
            // nginx-rtmp with default settings only sends StreamEOF when the publisher leaves
            connection.send(2, new UserControlEvent(UserControlEvent.Type.STREAM_EOF, STREAM_ID, 0).toMessage());
        }))) {
            PlayLog log = new PlayLog();
            result(play(VERTX.get(), server.port(), log));
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.STREAM_ENDED, end.kind());
            assertEquals(3, log.media.size());
        }
    }

    @Test
    void serverClosingMidStreamIsConnectionLost() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            sendMedia(connection, someMedia().subList(0, 4));
            connection.close();
        }))) {
            PlayLog log = new PlayLog();
            result(play(VERTX.get(), server.port(), log));
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.CONNECTION_LOST, end.kind());
            assertEquals(4, log.media.size());
            soon().alias("onEnd is called once").during(Duration.ofMillis(100)).until(() -> log.ends.size() == 1);
        }
    }

    @Test
    void closeSendsDeleteStreamAndEndsWithClosed() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) ->
                connection.startPlaying()))) {
            PlayLog log = new PlayLog();
            RtmpPlayer player = result(play(VERTX.get(), server.port(), log));
            result(player.close());
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.CLOSED, end.kind());
            Connection connection = server.connections().get(0);
            soon().until(() -> connection.commands().stream().anyMatch(c -> c.name().equals("deleteStream")));
            Command delete = connection.commands().get(connection.commands().size() - 1);
            assertEquals(List.of((double) STREAM_ID), delete.args());
            soon().until(() -> connection.isClosed());
            result(player.close());
            assertEquals(1, log.ends.size(), "closing twice ends once");
        }
    }

    @Test
    void oversizedMessageIsAProtocolError() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            connection.send(6, new RtmpMessage(MessageType.VIDEO, 0, STREAM_ID, new byte[5000]));
        }))) {
            PlayLog log = new PlayLog();
            RtmpClientOptions options = RtmpClientOptions.defaults().withMaxMessageSize(4096);
            result(play(VERTX.get(), server.port(), options, log));
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.PROTOCOL_ERROR, end.kind());
            assertTrue(end.getMessage().endsWith("message of 5000 bytes is over the limit of 4096 bytes"),
                    end.getMessage());
        }
    }
}
