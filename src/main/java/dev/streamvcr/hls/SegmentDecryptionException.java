package dev.streamvcr.hls;

/**
 * A segment that cannot be decrypted: a key of the wrong size (the key URL answered something other than a key), a
 * segment cut short, or padding that comes out wrong (the key is not the segment's). The message says which.
 */
public final class SegmentDecryptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SegmentDecryptionException(String message) {
        super(message);
    }
}
