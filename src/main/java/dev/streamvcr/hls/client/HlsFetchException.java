package dev.streamvcr.hls.client;

/** A request of the HLS client that got no answer; {@link #isTransient()} when the same request may work later. */
public final class HlsFetchException extends Exception {

    private final boolean transientFailure;
    private final boolean tooLarge;
    private final boolean refused;

    public HlsFetchException(String message, boolean transientFailure, boolean tooLarge, Throwable cause) {
        this(message, transientFailure, tooLarge, false, cause);
    }

    private HlsFetchException(String message, boolean transientFailure, boolean tooLarge, boolean refused,
            Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.tooLarge = tooLarge;
        this.refused = refused;
    }

    /**
     * The request was not made and never will be: the application's policy refuses the address ({@code reason} says
     * why, in its words).
     */
    public static HlsFetchException refused(String reason, Throwable cause) {
        return new HlsFetchException(reason, false, false, true, cause);
    }

    /** The application refused to make the request (see {@link #refused}); asking again cannot help. */
    public boolean isRefused() {
        return refused;
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
