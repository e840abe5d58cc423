package dev.streamvcr.site;

/**
 * A page was looked at (or could not be loaded) and showed no stream to record. Unlike a refused login or an address
 * that cannot be read, this may change: a broadcast's page shows its stream once it is live.
 */
public class StreamNotFoundException extends SiteException {

    public StreamNotFoundException(String message) {
        super(message);
    }
}
