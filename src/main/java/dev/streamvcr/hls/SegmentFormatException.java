package dev.streamvcr.hls;

/**
 * A media segment (or initialization section) whose bytes are not what the playlist says they are: not MPEG-TS or
 * not fragmented MP4 at all (a server that answers a segment URL with a web page), cut short, or with a structure
 * this library cannot carry into a part file. The message says which, in words a user can act on. Bytes already
 * returned for the segment are whole packets or boxes and stay valid; the rest of the segment is lost.
 */
public final class SegmentFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How every message about bytes that are no MPEG-TS begins. */
    static final String NOT_TS = "not an MPEG-TS segment";
    /** How every message about bytes that are no fragmented MP4 begins. */
    static final String NOT_FMP4 = "not an fMP4 segment";

    SegmentFormatException(String message) {
        super(message);
    }

    /**
     * @return whether the bytes are not of the segment's format at all (typically an HTML error page), rather than
     *         a segment of the right format that is damaged
     */
    public boolean wrongFormat() {
        String message = getMessage();
        return message.startsWith(NOT_TS) || message.startsWith(NOT_FMP4);
    }
}
