package dev.streamvcr.peer;

import static dev.streamvcr.peer.ScriptedRtmpServer.STREAM_ID;

import dev.streamvcr.flv.FlvTag;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ScriptedRtmpServer} connection sends when the client plays, as its script says: an error status
 * instead of playing, or Play.Start and then the FLV's tags (as plain, aggregate or AMF3 data messages, all at once
 * or at the pace of their timestamps, with an E-RTMP reconnect request among them), then the end status and the
 * close.
 */
final class ScriptedPlayout {
    private final ScriptedRtmpServer.Connection connection;
    private final ScriptedRtmpServer.Script script;
    private final Vertx vertx;

    ScriptedPlayout(ScriptedRtmpServer.Connection connection, ScriptedRtmpServer.Script script, Vertx vertx) {
        this.connection = connection;
        this.script = script;
        this.vertx = vertx;
    }

    void answerPlay() {
        if (script.playStatusCode != null) {
            connection.status(STREAM_ID, "error", script.playStatusCode, script.playStatusDescription);
            return;
        }
        connection.startPlaying();
        if (script.realTime) {
            sendPaced(0, System.nanoTime());
            return;
        }
        int sent = 0;
        List<FlvTag> batch = new ArrayList<>();
        for (FlvTag tag : script.media) {
            if (script.reconnectRequest && sent == script.reconnectAfterTags) {
                sendReconnectRequest();
            }
            if (script.amf3Data && tag.type().id == MessageType.AMF0_DATA.id()) {
                connection.sendMedia(new RtmpMessage(MessageType.AMF3_DATA.id(), tag.timestamp(), STREAM_ID,
                        MediaScripts.amf3Data(tag)));
            } else if (script.tagsPerAggregate > 1) {
                batch.add(tag);
                if (batch.size() == script.tagsPerAggregate) {
                    connection.sendMedia(MediaScripts.aggregate(batch, STREAM_ID));
                    batch.clear();
                }
            } else {
                connection.sendMedia(message(tag));
            }
            sent++;
        }
        if (!batch.isEmpty()) {
            connection.sendMedia(MediaScripts.aggregate(batch, STREAM_ID));
        }
        if (script.reconnectRequest && sent <= script.reconnectAfterTags) {
            sendReconnectRequest();
        }
        endMedia();
    }

    /**
     * Sends every tag from {@code next} on that is due by now, then sets a timer for the following one: a live
     * server's pace, kept by the event loop rather than by sleeping.
     */
    private void sendPaced(int next, long startNanos) {
        if (connection.isClosed()) {
            return;
        }
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        int index = next;
        while (index < script.media.size() && script.media.get(index).timestamp() <= elapsedMillis) {
            connection.sendMedia(message(script.media.get(index++)));
        }
        if (index == script.media.size()) {
            endMedia();
            return;
        }
        int following = index;
        long wait = Math.max(1, script.media.get(following).timestamp() - elapsedMillis);
        vertx.setTimer(wait, t -> sendPaced(following, startNanos));
    }

    private static RtmpMessage message(FlvTag tag) {
        return new RtmpMessage(tag.type().id, tag.timestamp(), STREAM_ID,
                ByteBufUtil.getBytes(tag.data().getByteBuf()));
    }

    private void endMedia() {
        if (script.endStatus != null) {
            connection.status(STREAM_ID, "status", script.endStatus, "Finished.");
        }
        if (script.closeAfterMedia) {
            connection.end();
        }
    }

    /** E-RTMP's NetConnection.Connect.ReconnectRequest, on message stream 0. */
    private void sendReconnectRequest() {
        Map<String, Object> info = ScriptedRtmpServer.info("status", "NetConnection.Connect.ReconnectRequest",
                "The server is being updated.");
        if (script.reconnectTcUrl != null) {
            info.put("tcUrl", script.reconnectTcUrl);
        }
        connection.send(3, new Command("onStatus", 0, null, List.of(info)).toMessage(0));
    }
}
