package dev.streamvcr.preview;

import java.util.List;
import java.util.Locale;

/**
 * Builds the preview playlist players see (RFC 8216): an EVENT playlist that starts at the beginning, opens
 * with the intro segment and a discontinuity, lists only segments the transcoder has finished, and gets
 * {@code #EXT-X-ENDLIST} appended once the transcode is done. The type and target duration never change
 * between responses for one preview (§6.2.1): they depend only on the output profile.
 */
public final class PreviewPlaylist {

    /** One finished media segment: its URI relative to the playlist and its exact duration. */
    public record Entry(String uri, double durationSeconds) {
    }

    private PreviewPlaylist() {
    }

    /**
     * @param targetDuration whole seconds, at least every segment's rounded duration (§4.3.3.1)
     * @param intro the intro segment, listed first
     * @param segments finished segments in order
     * @param finished whether the transcode has ended (appends ENDLIST)
     */
    public static String build(int targetDuration, Entry intro, List<Entry> segments, boolean finished) {
        StringBuilder m3u8 = new StringBuilder(256 + segments.size() * 40);
        m3u8.append("#EXTM3U\n")
                .append("#EXT-X-VERSION:3\n")
                .append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:0\n")
                .append("#EXT-X-PLAYLIST-TYPE:EVENT\n")
                .append("#EXT-X-START:TIME-OFFSET=0\n");
        entry(m3u8, intro, targetDuration);
        if (!segments.isEmpty()) {
            m3u8.append("#EXT-X-DISCONTINUITY\n");
        }
        for (Entry segment : segments) {
            entry(m3u8, segment, targetDuration);
        }
        if (finished) {
            m3u8.append("#EXT-X-ENDLIST\n");
        }
        return m3u8.toString();
    }

    private static void entry(StringBuilder m3u8, Entry entry, int targetDuration) {
        if (Math.round(entry.durationSeconds()) > targetDuration) {
            throw new IllegalArgumentException("Segment " + entry.uri() + " lasts " + entry.durationSeconds()
                    + " s, longer than the target duration " + targetDuration + " s");
        }
        m3u8.append(String.format(Locale.ROOT, "#EXTINF:%.3f,\n", entry.durationSeconds())).append(entry.uri()).append('\n');
    }
}
