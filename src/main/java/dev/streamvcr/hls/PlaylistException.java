package dev.streamvcr.hls;

/**
 * A playlist that cannot be read: not a playlist at all, malformed, missing a required tag, or over a
 * {@link PlaylistLimits limit}. The message names the line (when one is to blame) and what is wrong there, in words a
 * user can act on.
 */
public final class PlaylistException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What a response that is no playlist (typically an HTML page) fails with. */
    static final String NOT_A_PLAYLIST = "not an HLS playlist: the first line is not #EXTM3U";

    private final int line;

    /** A problem of the whole playlist, not of one line. */
    PlaylistException(String message) {
        super(message);
        this.line = 0;
    }

    /** A problem on line {@code line} (1-based): the message becomes {@code "line N: " + problem}. */
    PlaylistException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /** @return the 1-based line at fault, or 0 when the problem is the playlist as a whole */
    public int line() {
        return line;
    }

    /**
     * @return whether the bytes are no HLS playlist at all (they do not start with {@code #EXTM3U}), as when a URL
     *         answers with a web page, rather than a playlist with a mistake in it
     */
    public boolean notAPlaylist() {
        return NOT_A_PLAYLIST.equals(getMessage());
    }
}
