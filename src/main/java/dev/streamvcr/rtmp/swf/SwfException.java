package dev.streamvcr.rtmp.swf;

/** The player SWF needed for SWF verification could not be had or read; the message says why, in plain words. */
public class SwfException extends Exception {

    public SwfException(String message) {
        super(message);
    }

    public SwfException(String message, Throwable cause) {
        super(message, cause);
    }
}
