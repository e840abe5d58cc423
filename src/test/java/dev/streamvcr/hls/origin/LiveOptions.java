package dev.streamvcr.hls.origin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * How {@link HlsOrigin} plays one stream out live, and the faults it serves on purpose. Segments are numbered from 0
 * in ffmpeg's order, which is also their Media Sequence Number.
 *
 * @param window      how many segments a playlist lists at most (the sliding window, RFC 8216 §6.2.2)
 * @param endList     whether EXT-X-ENDLIST follows the last segment once it is revealed
 * @param skipped     segments never listed: a reload could not have seen them (the window moved past them at once)
 * @param frozenAfter reveal only this many segments, then serve the same playlist for ever, without EXT-X-ENDLIST;
 *                    -1 for a stream that goes on to its end
 * @param keyUris     the URI each segment's EXT-X-KEY names (by segment), or null for the one ffmpeg wrote
 * @param malformed   by segment, the line served in place of its EXTINF line
 * @param oversized   by segment, how it is served over the size cap
 */
public record LiveOptions(int window, boolean endList, Set<Integer> skipped, int frozenAfter,
        IntFunction<String> keyUris, Map<Integer, String> malformed, Map<Integer, Oversize> oversized) {

    /** How a segment over the recorder's 64 MiB cap is served. */
    public enum Oversize {
        /** The answer declares a Content-Length of 100 GiB and then breaks off. */
        DECLARED,
        /** The segment's bytes, then MPEG-TS null packets past 65 MiB, chunked (no length announced). */
        STREAMED
    }

    public LiveOptions {
        skipped = Set.copyOf(skipped);
        malformed = Map.copyOf(malformed);
        oversized = Map.copyOf(oversized);
    }

    /** A window of 5 segments, EXT-X-ENDLIST at the end, no faults. */
    public static LiveOptions defaults() {
        return new LiveOptions(5, true, Set.of(), -1, null, Map.of(), Map.of());
    }

    public LiveOptions withoutEndList() {
        return new LiveOptions(window, false, skipped, frozenAfter, keyUris, malformed, oversized);
    }

    public LiveOptions skipping(Integer... segments) {
        Set<Integer> more = new HashSet<>(skipped);
        more.addAll(Set.of(segments));
        return new LiveOptions(window, endList, more, frozenAfter, keyUris, malformed, oversized);
    }

    public LiveOptions frozenAfter(int segments) {
        return new LiveOptions(window, false, skipped, segments, keyUris, malformed, oversized);
    }

    public LiveOptions withKeyUris(IntFunction<String> bySegment) {
        return new LiveOptions(window, endList, skipped, frozenAfter, bySegment, malformed, oversized);
    }

    public LiveOptions malformed(int segment, String line) {
        Map<Integer, String> more = new HashMap<>(malformed);
        more.put(segment, line);
        return new LiveOptions(window, endList, skipped, frozenAfter, keyUris, more, oversized);
    }

    public LiveOptions oversized(int segment, Oversize how) {
        Map<Integer, Oversize> more = new HashMap<>(oversized);
        more.put(segment, how);
        return new LiveOptions(window, endList, skipped, frozenAfter, keyUris, malformed, more);
    }
}
