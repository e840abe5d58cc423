package dev.streamvcr.rtmp;

/**
 * The peer broke the RTMP protocol: malformed chunks, messages or handshake, or a declared size over a limit. The
 * message names the rule and the offending value exactly, for logs and bug reports.
 */
public class RtmpProtocolException extends RuntimeException {
    public RtmpProtocolException(String message) {
        super(message);
    }

    public RtmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
