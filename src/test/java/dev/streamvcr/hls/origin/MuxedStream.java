package dev.streamvcr.hls.origin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What ffmpeg's HLS muxer wrote for one stream, read back from its VOD playlists: each rendition's segments in order
 * with the tags that go with them, the master playlist when there are variants, and the AES-128 key when encrypted.
 * The playlists are read with a few lines of string handling rather than the library's parser, so the fixture does
 * not take the parser's word for what ffmpeg wrote.
 *
 * @param renditions by path under the stream ("" for a stream without a master playlist, "720p", "audio", …)
 * @param master     ffmpeg's master playlist as written, or null
 * @param key        the AES-128 key, or null
 */
public record MuxedStream(Map<String, Rendition> renditions, String master, byte[] key) {

    /**
     * One media playlist's segments.
     *
     * @param version         ffmpeg's EXT-X-VERSION
     * @param targetDuration  ffmpeg's EXT-X-TARGETDURATION
     */
    public record Rendition(int version, int targetDuration, List<Segment> segments) {
        public Rendition {
            segments = List.copyOf(segments);
        }

        /** Segment {@code index}'s end on the stream's clock: the sum of the EXTINF durations up to it. */
        public double endSeconds(int index) {
            double end = 0;
            for (int i = 0; i <= index; i++) {
                end += segments.get(i).seconds();
            }
            return end;
        }

        /** The EXTINF durations of segments {@code from} to {@code to}, both included. */
        public double seconds(int from, int to) {
            double sum = 0;
            for (int i = from; i <= to; i++) {
                sum += segments.get(i).seconds();
            }
            return sum;
        }

        /** The segment whose URI is {@code uri} (relative to the playlist), or -1. */
        public int indexOf(String uri) {
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).uri().equals(uri)) {
                    return i;
                }
            }
            return -1;
        }

        /** This rendition's segments followed by {@code next}'s, the first of them after an EXT-X-DISCONTINUITY. */
        Rendition followedBy(Rendition next) {
            List<Segment> joined = new ArrayList<>(segments);
            for (int i = 0; i < next.segments().size(); i++) {
                Segment segment = next.segments().get(i);
                joined.add(i == 0 ? segment.afterDiscontinuity() : segment);
            }
            return new Rendition(Math.max(version, next.version()), Math.max(targetDuration, next.targetDuration()),
                    joined);
        }
    }

    /**
     * One segment as ffmpeg listed it.
     *
     * @param uri           relative to its playlist, as ffmpeg wrote it
     * @param seconds       its EXTINF duration
     * @param discontinuity whether an EXT-X-DISCONTINUITY comes before it
     * @param keyLine       the EXT-X-KEY line in force for it, or null
     * @param mapLine       the EXT-X-MAP line in force for it (fMP4), or null
     */
    public record Segment(String uri, double seconds, boolean discontinuity, String keyLine, String mapLine) {
        Segment afterDiscontinuity() {
            return new Segment(uri, seconds, true, keyLine, mapLine);
        }
    }

    /** Reads a VOD media playlist ffmpeg wrote. */
    static Rendition read(Path playlist) {
        List<String> lines;
        try {
            lines = Files.readAllLines(playlist);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int version = 1;
        int target = 0;
        String key = null;
        String map = null;
        boolean discontinuity = false;
        double duration = -1;
        List<Segment> segments = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-VERSION:")) {
                version = Integer.parseInt(line.substring(line.indexOf(':') + 1));
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(line.substring(line.indexOf(':') + 1));
            } else if (line.startsWith("#EXT-X-KEY:")) {
                key = line;
            } else if (line.startsWith("#EXT-X-MAP:")) {
                map = line;
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (line.startsWith("#EXTINF:")) {
                duration = Double.parseDouble(line.substring(8, line.indexOf(',')));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                if (duration < 0) {
                    throw new IllegalStateException(playlist + ": " + line + " has no EXTINF");
                }
                segments.add(new Segment(line, duration, discontinuity, key, map));
                discontinuity = false;
                duration = -1;
            }
        }
        if (target == 0 || segments.isEmpty()) {
            throw new IllegalStateException(playlist + " is not a media playlist with segments");
        }
        return new Rendition(version, target, segments);
    }
}
