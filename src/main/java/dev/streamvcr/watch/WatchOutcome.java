package dev.streamvcr.watch;

import java.util.Locale;

/** What a check of a watched page found. */
public enum WatchOutcome {
    /** No stream on the page. */
    OFFLINE,
    /** A stream is on the page and a recording of it is booked or running. */
    LIVE,
    /** The broadcast still runs but its recording ended (its maximum length, or stopped); it is not booked twice. */
    RECORDED,
    /** Outside the watch's hours or days: the page is not checked. */
    OUTSIDE_HOURS,
    /** The check could not be made or the recording not booked (a failed site login, a full quota, …). */
    FAILED;

    /** How pages name it: "Outside hours". */
    public String label() {
        String words = name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
