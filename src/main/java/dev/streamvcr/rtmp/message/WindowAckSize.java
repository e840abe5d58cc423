package dev.streamvcr.rtmp.message;

/** Window Acknowledgement Size (RTMP spec 5.4.4): acknowledge after receiving this many bytes. */
public record WindowAckSize(long windowSize) {
    public WindowAckSize {
        if (windowSize < 0 || windowSize > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("window size " + windowSize + " is outside 0..2^32-1");
        }
    }

    public RtmpMessage toMessage() {
        return Payloads.control(MessageType.WINDOW_ACK_SIZE, windowSize);
    }

    public static WindowAckSize from(RtmpMessage message) {
        return new WindowAckSize(Payloads.open(message, MessageType.WINDOW_ACK_SIZE, 4).readUnsignedInt());
    }
}
