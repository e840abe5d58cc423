package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;

/**
 * One tag read from a file: where it starts (file offset of its first header byte), its type,
 * its full 32-bit timestamp in milliseconds and its body.
 */
public record FlvTag(long offset, TagType type, long timestamp, Buffer data) {

    /** Tag header plus body, as counted by the following PreviousTagSize. */
    public int size() {
        return FlvFormat.TAG_HEADER_SIZE + data.length();
    }
}
