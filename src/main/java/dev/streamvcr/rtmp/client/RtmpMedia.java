package dev.streamvcr.rtmp.client;

import dev.streamvcr.rtmp.message.MessageType;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * One audio, video or data message of the played stream, as the server sent it (an FLV tag body).
 *
 * @param typeId    8 audio, 9 video, 18 AMF0 data (e.g. {@code onMetaData}, {@code |RtmpSampleAccess})
 * @param timestamp milliseconds as on the wire, 0..2^32-1 (wraps after about 49.7 days)
 * @param payload   the message body; a heap buffer owned by the receiver, not shared with the connection and
 *                  never larger than {@link RtmpClientOptions#maxMessageSize()}
 */
public record RtmpMedia(int typeId, long timestamp, Buffer payload) {
    public static final int AUDIO = MessageType.AUDIO.id();
    public static final int VIDEO = MessageType.VIDEO.id();
    /** Only AMF0 data reaches listeners: AMF3 data is re-encoded as AMF0 on the way in. */
    public static final int DATA = MessageType.AMF0_DATA.id();

    public RtmpMedia {
        Objects.requireNonNull(payload, "payload");
    }
}
