package dev.streamvcr.site;

/** Something a user can act on went wrong while talking to a site; the message says what, in plain words. */
public class SiteException extends Exception {

    public SiteException(String message) {
        super(message);
    }

    public SiteException(String message, Throwable cause) {
        super(message, cause);
    }
}
