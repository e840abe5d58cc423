package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.streamvcr.flv.FlvReader;
import dev.streamvcr.flv.FlvTag;
import dev.streamvcr.flv.ScriptData;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Media in the forms Flash Media Server and Wowza send it: aggregate messages (type 22) reach the consumer as the
 * individual tags they hold, with each tag's own timestamp, and AMF3 data messages (type 15) as AMF0 script data.
 */
class AggregateAndAmf3PlayTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static byte[] clip;

    @BeforeAll
    static void setUp() {
        clip = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(2));
    }

    @Test
    void aggregatesArriveAsTheTagsTheyHoldWithTheirOwnTimestamps() throws Exception {
        List<FlvTag> sent = FlvReader.readAll(Unpooled.wrappedBuffer(clip));
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip).aggregate(7).endWith("NetStream.Play.Complete"))) {
            List<RtmpMedia> received = playToEnd(server);
            assertEquals(sent.size(), received.size(), "one message per tag, however they were grouped");
            for (int i = 0; i < sent.size(); i++) {
                FlvTag tag = sent.get(i);
                RtmpMedia media = received.get(i);
                assertEquals(tag.type().id, media.typeId(), "type of tag " + i);
                assertEquals(tag.timestamp(), media.timestamp(), "timestamp of tag " + i);
                assertEquals(tag.data(), media.payload(), "body of tag " + i);
            }
        }
    }

    @Test
    void amf3MetadataArrivesAsAmf0ScriptData() throws Exception {
        Map<String, Object> expected = ScriptData.onMetaData(FlvReader.readAll(Unpooled.wrappedBuffer(clip)).stream()
                .filter(t -> t.type().id == 18).findFirst().orElseThrow().data());
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip).amf3Data().endWith("NetStream.Play.Complete"))) {
            List<RtmpMedia> received = playToEnd(server);
            RtmpMedia data = received.stream().filter(m -> m.typeId() == RtmpMedia.DATA).findFirst().orElseThrow();
            Map<String, Object> metadata = ScriptData.onMetaData(data.payload());
            assertNotNull(metadata, "the AMF3 data message is readable as onMetaData");
            assertEquals(expected.get("width"), metadata.get("width"));
            assertEquals(expected.get("height"), metadata.get("height"));
            assertEquals(expected.get("encoder"), metadata.get("encoder"));
        }
    }

    private static List<RtmpMedia> playToEnd(ScriptedRtmpServer server) throws Exception {
        PlayLog log = new PlayLog();
        ScriptedPlays.play(VERTX.get(), ScriptedPlays.line(server, "/vod/clip", "live=0"), RtmpClientOptions.defaults(),
                log).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(RtmpFailure.Kind.STREAM_ENDED, log.awaitEnd().kind(), "the stream plays to its end");
        return log.media;
    }
}
