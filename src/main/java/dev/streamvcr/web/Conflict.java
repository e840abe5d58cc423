package dev.streamvcr.web;

/** The request is well formed but the thing is not in a state that allows it (e.g. cancelling a finished reservation). */
public final class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
