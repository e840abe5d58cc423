package dev.streamvcr.hls.client;

/** A request of the HLS client that got no answer; {@link #isTransient()} when the same request may work later. */
public final class HlsFetchException extends Exception {

    private final boolean transientFailure;
    private final boolean tooLarge;

    public HlsFetchException(String message, boolean transientFailure, boolean tooLarge, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.tooLarge = tooLarge;
    }

    /** A timeout or a broken connection: trying again may work. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The body was larger than allowed. */
    public boolean isTooLarge() {
        return tooLarge;
    }
}
