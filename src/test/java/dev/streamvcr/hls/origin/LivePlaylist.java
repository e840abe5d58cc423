package dev.streamvcr.hls.origin;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rendition's media playlist as a live server shows it at a moment of the stream's clock: a segment is revealed
 * once its end has come (an encoder publishes a segment when it is complete), the playlist lists the newest
 * {@link LiveOptions#window()} of them with EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE advancing as they
 * slide out (RFC 8216 §6.2.2), repeats the EXT-X-KEY and EXT-X-MAP in force at the top, and ends with EXT-X-ENDLIST
 * once the last one is revealed. No I/O and no clock of its own.
 */
public final class LivePlaylist {

    private static final Pattern KEY_URI = Pattern.compile("URI=\"[^\"]*\"");

    private final MuxedStream.Rendition rendition;
    private final LiveOptions options;

    public LivePlaylist(MuxedStream.Rendition rendition, LiveOptions options) {
        this.rendition = rendition;
        this.options = options;
    }

    /**
     * The segments listed at {@code seconds} on the stream's clock.
     *
     * @param first  the first listed (its Media Sequence Number)
     * @param last   the last listed; {@code last < first} when none is
     * @param ended  whether EXT-X-ENDLIST follows
     */
    public record Window(int first, int last, boolean ended) {
    }

    public Window window(double seconds) {
        int count = rendition.segments().size();
        int revealed = 0;
        double end = 0;
        while (revealed < count && (end += rendition.segments().get(revealed).seconds()) <= seconds) {
            revealed++;
        }
        if (options.frozenAfter() >= 0) {
            revealed = Math.min(revealed, options.frozenAfter());
        }
        int last = revealed - 1;
        while (last >= 0 && options.skipped().contains(last)) {
            last--;
        }
        int first = Math.max(0, last - options.window() + 1);
        for (int skipped : options.skipped()) {
            if (skipped < last && skipped >= first) {
                first = skipped + 1; // the window cannot list a segment on each side of one it never listed
            }
        }
        boolean ended = options.endList() && options.frozenAfter() < 0 && last == count - 1;
        return new Window(last < 0 ? 0 : first, last, ended);
    }

    /** The playlist's text at {@code seconds} on the stream's clock. */
    public String at(double seconds) {
        Window window = window(seconds);
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(rendition.version())
                .append("\n#EXT-X-TARGETDURATION:").append(rendition.targetDuration())
                .append("\n#EXT-X-MEDIA-SEQUENCE:").append(window.first()).append('\n');
        if (rendition.segments().stream().anyMatch(MuxedStream.Segment::discontinuity)) {
            long gone = rendition.segments().subList(0, window.first()).stream()
                    .filter(MuxedStream.Segment::discontinuity).count();
            text.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(gone).append('\n');
        }
        String key = null;
        String map = null;
        for (int i = window.first(); i <= window.last(); i++) {
            MuxedStream.Segment segment = rendition.segments().get(i);
            if (segment.discontinuity()) {
                text.append("#EXT-X-DISCONTINUITY\n");
            }
            String segmentKey = keyLine(i, segment);
            if (segmentKey != null && !segmentKey.equals(key)) {
                text.append(segmentKey).append('\n');
            }
            key = segmentKey;
            if (segment.mapLine() != null && !segment.mapLine().equals(map)) {
                text.append(segment.mapLine()).append('\n');
            }
            map = segment.mapLine();
            text.append(options.malformed().getOrDefault(i,
                    String.format(Locale.ROOT, "#EXTINF:%.6f,", segment.seconds()))).append('\n');
            text.append(segment.uri()).append('\n');
        }
        if (window.ended()) {
            text.append("#EXT-X-ENDLIST\n");
        }
        return text.toString();
    }

    private String keyLine(int index, MuxedStream.Segment segment) {
        if (segment.keyLine() == null || options.keyUris() == null) {
            return segment.keyLine();
        }
        return KEY_URI.matcher(segment.keyLine()).replaceFirst(
                Matcher.quoteReplacement("URI=\"" + options.keyUris().apply(index) + "\""));
    }
}
