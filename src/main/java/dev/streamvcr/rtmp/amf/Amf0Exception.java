package dev.streamvcr.rtmp.amf;

/** Malformed AMF0 input, or a Java value that has no AMF0 form. The message says exactly what and where. */
public final class Amf0Exception extends RuntimeException {
    public Amf0Exception(String message) {
        super(message);
    }
}
