package dev.streamvcr.flv;

/**
 * Input that is not a well-formed FLV file. {@link #offset()} is where the offending item starts;
 * every byte before it was valid, so a damaged recording can be cut there.
 */
public final class FlvFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    public FlvFormatException(long offset, String message) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
