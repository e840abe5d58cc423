package dev.streamvcr.flv;

/** The FLV file header (FLV spec E.2). */
public record FlvHeader(int version, boolean audio, boolean video, long dataOffset) {
}
