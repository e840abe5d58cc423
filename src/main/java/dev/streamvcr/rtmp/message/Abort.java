package dev.streamvcr.rtmp.message;

/** Abort Message (RTMP spec 5.4.2): discard the partly received message on this chunk stream. */
public record Abort(int chunkStreamId) {
    public RtmpMessage toMessage() {
        return Payloads.control(MessageType.ABORT, chunkStreamId);
    }

    public static Abort from(RtmpMessage message) {
        return new Abort(Payloads.open(message, MessageType.ABORT, 4).readInt());
    }
}
