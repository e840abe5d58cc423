package dev.streamvcr.web;

/** The thing asked for does not exist, or the viewer may not know it exists (someone else's). */
public final class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
