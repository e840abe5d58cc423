package dev.streamvcr.site;

import java.util.concurrent.CompletionStage;

/**
 * What a resolver keeps open while its stream is recorded, because the site stops serving the stream without it: a
 * WebSocket that must answer the site's pings and keep its seat, a keep-alive a player would send. A resolver returns
 * one with its candidate ({@link StreamAccess#held()}); the recorder closes it when the recording ends or the stream
 * is looked for again, and when the site ends it, the recorder looks for the stream again (a fresh session).
 */
public interface HeldSession extends AutoCloseable {

    /** Completes when the site ended the session or it broke, with why in words a user reads; never on close. */
    CompletionStage<String> ended();

    /** Ends the session; safe to call more than once. */
    @Override
    void close();
}
