package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;

/** Message bodies with real FLV/RTMP media headers and filler data (FLV spec E.4.2, E.4.3). */
final class SyntheticMedia {

    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int DATA = 18;

    private SyntheticMedia() {
    }

    /** AVC sequence header: key frame + codec 7, AVCPacketType 0, composition time 0, a record. */
    static Buffer avcSequenceHeader(int variant) {
        return Buffer.buffer(new byte[] {0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, (byte) variant});
    }

    static Buffer avcKeyframe(int serial) {
        return withFiller(new byte[] {0x17, 0x01, 0, 0, 0}, serial, 200);
    }

    static Buffer avcInterFrame(int serial) {
        return withFiller(new byte[] {0x27, 0x01, 0, 0, 0}, serial, 50);
    }

    /** AAC sequence header: format 10, 44 kHz, 16 bit, stereo; AACPacketType 0; AAC-LC 44.1 kHz stereo. */
    static Buffer aacSequenceHeader() {
        return Buffer.buffer(new byte[] {(byte) 0xAF, 0x00, 0x12, 0x10});
    }

    static Buffer aacFrame(int serial) {
        return withFiller(new byte[] {(byte) 0xAF, 0x01}, serial, 20);
    }

    /** The serial number a filler body carries, to tell frames apart after a round trip. */
    static int serialOf(Buffer body, int headerLength) {
        return body.getInt(headerLength);
    }

    private static Buffer withFiller(byte[] header, int serial, int length) {
        Buffer body = Buffer.buffer(header).appendInt(serial);
        for (int i = 0; i < length; i++) {
            body.appendByte((byte) i);
        }
        return body;
    }
}
