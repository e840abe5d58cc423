package dev.streamvcr.hls;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags of a media playlist (RFC 8216 §4.3.2, §4.3.3; 8216bis §4.4.3 to §4.4.5), gathered into
 * {@link MediaSegment}s. Segment tags apply to the next URI line; EXT-X-KEY and EXT-X-MAP to every segment after
 * them until the next one. Low-latency parts, preload hints and rendition reports are skipped: only full segments
 * are listed.
 */
final class MediaPlaylistReader implements PlaylistParser.Reader {
    private final URI base;
    private final PlaylistLimits limits;

    private Duration targetDuration;
    private long mediaSequence;
    private long discontinuitySequence;
    /** EXT-X-DISCONTINUITY tags before the segments so far. */
    private long discontinuities;
    private long skipped;
    private MediaPlaylist.Type type = MediaPlaylist.Type.NONE;
    private boolean endList;
    private final List<MediaSegment> segments = new ArrayList<>();
    private final List<DateRange> dateRanges = new ArrayList<>();

    /** The keys in force by KEYFORMAT (§4.3.2.4: a key applies until the next EXT-X-KEY "with the same KEYFORMAT"). */
    private final Map<String, SegmentKey> keys = new LinkedHashMap<>();
    private InitSection initSection;

    // the tags of the segment whose URI line is still to come
    private Duration pendingDuration;
    private String pendingTitle;
    private int extinfLine;
    private long[] pendingRange;
    private int rangeLine;
    private boolean pendingDiscontinuity;
    private boolean pendingGap;
    private Instant pendingDateTime;

    MediaPlaylistReader(URI base, PlaylistLimits limits) {
        this.base = base;
        this.limits = limits;
    }

    @Override
    public void tag(String tag, String value, int line) {
        switch (tag) {
            case "EXT-X-TARGETDURATION" -> {
                long seconds = TagValues.decimalInteger(value, tag, line);
                if (seconds < 1) {
                    // a zero target duration would have the client reload without pause (§6.3.4)
                    throw new PlaylistException(line, tag + " must be at least 1 second, got " + value);
                }
                if (seconds > TagValues.MAX_SECONDS) {
                    throw new PlaylistException(line, tag + " is too large: '" + TagValues.shown(value)
                            + "' seconds");
                }
                targetDuration = Duration.ofSeconds(seconds);
            }
            case "EXT-X-MEDIA-SEQUENCE" -> {
                beforeFirstSegment(tag, line);
                mediaSequence = TagValues.decimalInteger(value, tag, line);
            }
            case "EXT-X-DISCONTINUITY-SEQUENCE" -> {
                beforeFirstSegment(tag, line);
                discontinuitySequence = TagValues.decimalInteger(value, tag, line);
            }
            case "EXT-X-PLAYLIST-TYPE" -> type = switch (value) {
                case "EVENT" -> MediaPlaylist.Type.EVENT;
                case "VOD" -> MediaPlaylist.Type.VOD;
                default -> type; // §6.3.1: a tag with an unrecognized enumerated value is ignored
            };
            case "EXT-X-ENDLIST" -> endList = true;
            case "EXTINF" -> extinf(value, line);
            case "EXT-X-BYTERANGE" -> {
                pendingRange = byteRange(value, tag, line);
                rangeLine = line;
            }
            case "EXT-X-DISCONTINUITY" -> pendingDiscontinuity = true;
            case "EXT-X-GAP" -> pendingGap = true;
            case "EXT-X-PROGRAM-DATE-TIME" -> pendingDateTime = TagValues.dateTime(value, tag, line);
            case "EXT-X-KEY" -> {
                SegmentKey key = PlaylistParser.key(attributes(tag, value, line), base, line);
                if (key.method() == SegmentKey.Method.NONE) {
                    keys.clear();
                } else {
                    keys.put(key.keyFormat(), key);
                }
            }
            case "EXT-X-MAP" -> map(attributes(tag, value, line), line);
            case "EXT-X-DATERANGE" -> dateRange(attributes(tag, value, line), line);
            case "EXT-X-SKIP" -> {
                // 8216bis §4.4.5.2: a delta update leaves out this many segments after EXT-X-MEDIA-SEQUENCE
                beforeFirstSegment(tag, line);
                skipped = attributes(tag, value, line).requiredDecimalInteger("SKIPPED-SEGMENTS");
            }
            default -> {
                // EXT-X-PART, -PART-INF, -SERVER-CONTROL, -PRELOAD-HINT, -RENDITION-REPORT, -BITRATE,
                // -I-FRAMES-ONLY: tolerated and not kept
            }
        }
    }

    private AttributeList attributes(String tag, String value, int line) {
        return AttributeList.parse(tag, value, line, limits.maxAttributes());
    }

    private void beforeFirstSegment(String tag, int line) {
        if (!segments.isEmpty()) {
            // §4.3.3.2, §4.3.3.3: it numbers the first segment, so it MUST come before it
            throw new PlaylistException(line, tag + " must come before the first segment");
        }
    }

    /** §4.3.2.1: {@code #EXTINF:<duration>,[<title>]}; a missing comma is tolerated. */
    private void extinf(String value, int line) {
        int comma = value.indexOf(',');
        String duration = (comma < 0 ? value : value.substring(0, comma)).strip();
        pendingDuration = TagValues.seconds(duration, "EXTINF", line);
        pendingTitle = comma < 0 ? "" : value.substring(comma + 1);
        extinfLine = line;
    }

    /** §4.3.2.2: {@code <length>[@<offset>]}; a missing offset is -1 here. */
    private static long[] byteRange(String value, String what, int line) {
        int at = value.indexOf('@');
        String length = at < 0 ? value : value.substring(0, at);
        long offset = at < 0 ? -1 : TagValues.decimalInteger(value.substring(at + 1), what + " offset", line);
        return new long[] {TagValues.decimalInteger(length, what + " length", line), offset};
    }

    /** §4.3.2.5: URI is required; a BYTERANGE without an offset starts at 0. */
    private void map(AttributeList attributes, int line) {
        URI uri = PlaylistParser.resolve(base, attributes.requiredQuoted("URI"), line);
        String range = attributes.quoted("BYTERANGE");
        ByteRange byteRange = null;
        if (range != null) {
            long[] parsed = byteRange(range, "EXT-X-MAP BYTERANGE", line);
            byteRange = new ByteRange(parsed[0], Math.max(parsed[1], 0));
            checkEnd(byteRange, line);
        }
        initSection = new InitSection(uri, byteRange, currentKey());
    }

    /** §4.3.2.7: ID and START-DATE are required; END-ON-NEXT may only be YES. */
    private void dateRange(AttributeList attributes, int line) {
        if (dateRanges.size() == limits.maxDateRanges()) {
            throw new PlaylistException(line, "the playlist has more than " + limits.maxDateRanges()
                    + " EXT-X-DATERANGE tags, over the limit");
        }
        String endOnNext = attributes.enumerated("END-ON-NEXT");
        if (endOnNext != null && !endOnNext.equals("YES")) {
            throw new PlaylistException(line, "EXT-X-DATERANGE END-ON-NEXT may only be YES, got '"
                    + TagValues.shown(endOnNext) + "'");
        }
        dateRanges.add(new DateRange(attributes.requiredQuoted("ID"), attributes.quoted("CLASS"),
                required(attributes.dateTime("START-DATE"), "EXT-X-DATERANGE has no START-DATE", line),
                attributes.dateTime("END-DATE"), attributes.seconds("DURATION"),
                attributes.seconds("PLANNED-DURATION"), attributes.hexPresent("SCTE35-OUT"),
                attributes.hexPresent("SCTE35-IN"), attributes.hexPresent("SCTE35-CMD"), endOnNext != null));
    }

    private static <T> T required(T value, String problem, int line) {
        if (value == null) {
            throw new PlaylistException(line, problem);
        }
        return value;
    }

    /**
     * The key for the segments that follow: of several KEYFORMATs, which must all give the same key (§4.3.2.4), the
     * {@code identity} one if present, as it is the one a recorder can fetch.
     */
    private SegmentKey currentKey() {
        SegmentKey identity = keys.get(SegmentKey.IDENTITY);
        if (identity != null || keys.isEmpty()) {
            return identity != null ? identity : SegmentKey.NONE;
        }
        return keys.values().iterator().next();
    }

    @Override
    public void uri(String text, int line) {
        if (pendingDuration == null) {
            throw new PlaylistException(line, "the segment URI '" + TagValues.shown(text)
                    + "' has no EXTINF before it");
        }
        if (segments.size() == limits.maxSegments()) {
            throw new PlaylistException(line, "the playlist lists more than " + limits.maxSegments()
                    + " segments, over the limit");
        }
        URI uri = PlaylistParser.resolve(base, text, line);
        MediaSegment previous = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        ByteRange range = null;
        if (pendingRange != null) {
            long offset = pendingRange[1];
            if (offset < 0) {
                // §4.3.2.2: the sub-range follows that of the previous segment, which must be of the same resource
                if (previous == null || previous.byteRange() == null || !previous.uri().equals(uri)) {
                    throw new PlaylistException(rangeLine, "EXT-X-BYTERANGE has no offset, and the previous segment"
                            + " is not a sub-range of the same resource");
                }
                offset = previous.byteRange().end();
            }
            range = new ByteRange(pendingRange[0], offset);
            checkEnd(range, rangeLine);
        }
        long sequence = sum(firstSequence(line), segments.size(), "media", line);
        if (pendingDiscontinuity) {
            discontinuities++;
        }
        long discontinuitySequenceNumber = sum(discontinuitySequence, discontinuities, "discontinuity", line);
        Instant dateTime = pendingDateTime;
        if (dateTime == null && previous != null && previous.programDateTime() != null && !pendingDiscontinuity) {
            dateTime = DateRange.plus(previous.programDateTime(), previous.duration());
        }
        segments.add(new MediaSegment(sequence, discontinuitySequenceNumber, uri, pendingDuration, pendingTitle, range,
                currentKey(), initSection, dateTime, pendingGap, pendingDiscontinuity));
        pendingDuration = null;
        pendingTitle = null;
        pendingRange = null;
        pendingDiscontinuity = false;
        pendingGap = false;
        pendingDateTime = null;
    }

    /** @return the first listed segment's Media Sequence Number */
    private long firstSequence(int line) {
        return sum(mediaSequence, skipped, "media", line);
    }

    /** Sequence numbers are decimal-integers up to 2^64-1 (§4.2); here they must stay below 2^63-1. */
    private static long sum(long number, long added, String sequence, int line) {
        if (number >= Long.MAX_VALUE - added) {
            String problem = "the " + sequence + " sequence number reaches " + Long.MAX_VALUE;
            throw line > 0 ? new PlaylistException(line, problem) : new PlaylistException(problem);
        }
        return number + added;
    }

    private static void checkEnd(ByteRange range, int line) {
        if (range.length() > Long.MAX_VALUE - range.offset()) {
            throw new PlaylistException(line, "the byte range ends past byte " + Long.MAX_VALUE);
        }
    }

    @Override
    public Playlist finish(int version, boolean independentSegments) {
        if (pendingDuration != null) {
            throw new PlaylistException(extinfLine, "EXTINF has no segment URI after it");
        }
        if (targetDuration == null) {
            throw new PlaylistException("the media playlist has no EXT-X-TARGETDURATION, which RFC 8216 §4.3.3.1"
                    + " requires");
        }
        return new MediaPlaylist(base, version, independentSegments, targetDuration, firstSequence(0),
                discontinuitySequence, type, endList, segments, dateRanges);
    }
}
