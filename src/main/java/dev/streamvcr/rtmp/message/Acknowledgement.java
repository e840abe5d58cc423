package dev.streamvcr.rtmp.message;

/** Acknowledgement (RTMP spec 5.4.3): the number of bytes received so far, modulo 2^32. */
public record Acknowledgement(long sequenceNumber) {
    public Acknowledgement {
        sequenceNumber &= 0xFFFF_FFFFL;
    }

    public RtmpMessage toMessage() {
        return Payloads.control(MessageType.ACKNOWLEDGEMENT, sequenceNumber);
    }

    public static Acknowledgement from(RtmpMessage message) {
        return new Acknowledgement(Payloads.open(message, MessageType.ACKNOWLEDGEMENT, 4).readUnsignedInt());
    }
}
