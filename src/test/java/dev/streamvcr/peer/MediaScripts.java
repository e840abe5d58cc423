package dev.streamvcr.peer;

import dev.streamvcr.flv.FlvTag;
import dev.streamvcr.flv.ScriptData;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Media messages in the forms some servers send and nginx-rtmp does not: aggregates and AMF3 data. */
final class MediaScripts {
    private MediaScripts() {
    }

    /** One aggregate message (type 22) holding {@code tags} as FLV tags with back pointers (RTMP spec 7.1.6). */
    static RtmpMessage aggregate(List<FlvTag> tags, int streamId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (FlvTag tag : tags) {
            byte[] data = ByteBufUtil.getBytes(tag.data().getByteBuf());
            long ts = tag.timestamp();
            body.write(tag.type().id);
            writeU24(body, data.length);
            writeU24(body, (int) (ts & 0xFF_FFFF));
            body.write((int) (ts >>> 24) & 0xFF);
            writeU24(body, 0);
            body.writeBytes(data);
            body.writeBytes(ByteBuffer.allocate(4).putInt(11 + data.length).array());
        }
        return new RtmpMessage(22, tags.get(0).timestamp(), streamId, body.toByteArray());
    }

    /**
     * The body of an AMF3 data message for a script tag: format byte 0, the tag's name as an AMF0 string, and its
     * object as one AMF3 value (an anonymous dynamic object whose numbers are doubles and strings are strings).
     */
    static byte[] amf3Data(FlvTag tag) {
        Map<String, Object> values = ScriptData.onMetaData(tag.data());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(0x02);
        byte[] name = "onMetaData".getBytes(StandardCharsets.UTF_8);
        body.write(0);
        body.write(name.length);
        body.writeBytes(name);
        body.write(0x11); // switch to AMF3
        body.write(0x0A); // object
        body.write(0x0B); // inline traits, dynamic, no sealed members
        body.write(0x01); // anonymous class ""
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (entry.getValue() instanceof Double number) {
                writeAmf3String(body, entry.getKey());
                body.write(0x05);
                body.writeBytes(ByteBuffer.allocate(8).putDouble(number).array());
            } else if (entry.getValue() instanceof String text) {
                writeAmf3String(body, entry.getKey());
                body.write(0x06);
                writeAmf3String(body, text);
            }
        }
        body.write(0x01); // end of dynamic members
        return body.toByteArray();
    }

    private static void writeAmf3String(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeU29(out, bytes.length << 1 | 1);
        out.writeBytes(bytes);
    }

    private static void writeU29(ByteArrayOutputStream out, int value) {
        if (value < 0x80) {
            out.write(value);
        } else if (value < 0x4000) {
            out.write(value >> 7 | 0x80);
            out.write(value & 0x7F);
        } else {
            throw new IllegalArgumentException("longer U29 not needed here: " + value);
        }
    }

    private static void writeU24(ByteArrayOutputStream out, int value) {
        out.write(value >> 16 & 0xFF);
        out.write(value >> 8 & 0xFF);
        out.write(value & 0xFF);
    }
}
