package dev.streamvcr.site.plugin;

import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.Amf0Exception;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of an AMF document as Flash players fetched them over HTTP ({@code application/x-amf}): an AMF packet
 * (AMF0 spec §4 "AMF packet": U16 version, headers, messages, each value in AMF0) or, as some servers sent, a bare
 * sequence of AMF0 values.
 */
final class AmfPacket {

    private AmfPacket() {
    }

    /**
     * The header and message body values, in order.
     *
     * @throws Amf0Exception with the reason when the document is neither form
     */
    static List<Object> values(byte[] document) {
        if (document.length >= 6 && document[0] == 0 && (document[1] == 0 || document[1] == 3)) {
            try {
                return packet(Unpooled.wrappedBuffer(document));
            } catch (Amf0Exception | IndexOutOfBoundsException e) {
                // not a packet after all: try the bare form below
            }
        }
        return Amf0.decodeAll(document);
    }

    private static List<Object> packet(ByteBuf in) {
        in.readUnsignedShort(); // version: 0, or 3 for AMF3-capable players; values are AMF0 either way here
        List<Object> values = new ArrayList<>();
        int headers = in.readUnsignedShort();
        for (int i = 0; i < headers; i++) {
            utf8(in);
            in.readUnsignedByte(); // must-understand
            in.readUnsignedInt(); // length, or 0xFFFFFFFF for unknown
            values.add(Amf0.decode(in));
        }
        int messages = in.readUnsignedShort();
        for (int i = 0; i < messages; i++) {
            utf8(in); // target URI
            utf8(in); // response URI
            in.readUnsignedInt();
            values.add(Amf0.decode(in));
        }
        if (in.isReadable()) {
            throw new Amf0Exception(in.readableBytes() + " bytes after the last message of the AMF packet");
        }
        return values;
    }

    private static String utf8(ByteBuf in) {
        int length = in.readUnsignedShort();
        if (length > in.readableBytes()) {
            throw new Amf0Exception("AMF packet string of " + length + " bytes runs past the end");
        }
        return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }
}
