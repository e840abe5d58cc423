package dev.streamvcr.hls;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a playlist's bytes into a {@link MasterPlaylist} or a {@link MediaPlaylist}, line by line (RFC 8216 §4.1).
 *
 * <p>The text is UTF-8 (§4.1), with an optional byte order mark; bytes that are not UTF-8 become U+FFFD, so a title
 * in another encoding does no harm. Lines end in LF or CRLF; spaces around a line are ignored. The first line must be
 * {@code #EXTM3U}. Comments (§4.1: lines starting with '#' that are not {@code #EXT} tags) and unknown tags are skipped,
 * and so is a tag whose enumerated value is one this library does not know (§6.3.1: clients "MUST ignore any
 * unrecognized tags", and tags with an unrecognized enumerated-string value), except EXT-X-KEY: an unknown METHOD is
 * kept as {@link SegmentKey.Method#OTHER}, since taking such segments as unencrypted would record noise. A malformed
 * value, a missing required tag or attribute, or a playlist over its {@link PlaylistLimits} fails with a
 * {@link PlaylistException} that names the line.
 *
 * <p>Thread-safe: each call keeps its state to itself.
 */
public final class PlaylistParser {
    /** Tags that make a playlist a master playlist (§4.3.4, 8216bis §4.4.6). */
    private static final Set<String> MASTER_TAGS = Set.of("EXT-X-STREAM-INF", "EXT-X-MEDIA",
            "EXT-X-I-FRAME-STREAM-INF", "EXT-X-SESSION-DATA", "EXT-X-SESSION-KEY", "EXT-X-CONTENT-STEERING");
    /** Tags that make a playlist a media playlist (§4.3.2, §4.3.3, 8216bis §4.4.3 to §4.4.5). */
    private static final Set<String> MEDIA_TAGS = Set.of("EXTINF", "EXT-X-BYTERANGE", "EXT-X-DISCONTINUITY",
            "EXT-X-KEY", "EXT-X-MAP", "EXT-X-PROGRAM-DATE-TIME", "EXT-X-GAP", "EXT-X-BITRATE", "EXT-X-DATERANGE",
            "EXT-X-TARGETDURATION", "EXT-X-MEDIA-SEQUENCE", "EXT-X-DISCONTINUITY-SEQUENCE", "EXT-X-ENDLIST",
            "EXT-X-PLAYLIST-TYPE", "EXT-X-I-FRAMES-ONLY", "EXT-X-PART-INF", "EXT-X-SERVER-CONTROL", "EXT-X-PART",
            "EXT-X-PRELOAD-HINT", "EXT-X-RENDITION-REPORT", "EXT-X-SKIP");

    private final PlaylistLimits limits;

    /** A parser with {@link PlaylistLimits#DEFAULTS}. */
    public PlaylistParser() {
        this(PlaylistLimits.DEFAULTS);
    }

    public PlaylistParser(PlaylistLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public PlaylistLimits limits() {
        return limits;
    }

    /**
     * Parses one playlist.
     *
     * @param bytes the response body
     * @param uri   the absolute URI the playlist was loaded from (after redirects: RFC 3986 §5.1.3), against which
     *              relative URIs in it are resolved (§4.1)
     * @return a {@link MasterPlaylist} or a {@link MediaPlaylist}
     * @throws PlaylistException when the bytes are not a playlist this parser can read
     */
    public Playlist parse(byte[] bytes, URI uri) {
        Objects.requireNonNull(bytes, "bytes");
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new IllegalArgumentException("a playlist's URI must be absolute and hierarchical: " + uri);
        }
        if (bytes.length > limits.maxBytes()) {
            throw new PlaylistException("the playlist is " + bytes.length + " bytes, over the limit of "
                    + limits.maxBytes());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNumber = 1;
        // leading white space before #EXTM3U is tolerated, as players tolerate it
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            lineNumber += text.charAt(at) == '\n' ? 1 : 0;
            at++;
        }
        Common common = new Common();
        Reader reader = null;
        int kindLine = 0;
        String kindTag = null;
        boolean first = true;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = text.length();
            }
            int contentEnd = end > at && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (contentEnd - at > limits.maxLineLength()) {
                throw new PlaylistException(lineNumber, "the line is " + (contentEnd - at)
                        + " characters long, over the limit of " + limits.maxLineLength());
            }
            String line = text.substring(at, contentEnd).strip();
            if (first) {
                if (!line.equals("#EXTM3U") && !line.startsWith("#EXTM3U ") && !line.startsWith("#EXTM3U\t")) {
                    throw new PlaylistException(PlaylistException.NOT_A_PLAYLIST);
                }
                first = false;
            } else if (line.startsWith("#EXT")) {
                int colon = line.indexOf(':');
                String tag = colon < 0 ? line.substring(1) : line.substring(1, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).strip();
                boolean master = MASTER_TAGS.contains(tag);
                if (master || MEDIA_TAGS.contains(tag)) {
                    if (reader == null) {
                        reader = master ? new MasterPlaylistReader(uri, limits) : new MediaPlaylistReader(uri, limits);
                        kindLine = lineNumber;
                        kindTag = tag;
                    } else if (master != reader instanceof MasterPlaylistReader) {
                        throw new PlaylistException(lineNumber, tag + " is a " + (master ? "master" : "media")
                                + " playlist tag, but " + kindTag + " on line " + kindLine + " made this a "
                                + (master ? "media" : "master") + " playlist");
                    }
                    reader.tag(tag, value, lineNumber);
                } else {
                    common.tag(tag, value, lineNumber);
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                if (reader == null) {
                    reader = new MediaPlaylistReader(uri, limits);
                    kindLine = lineNumber;
                    kindTag = "the segment URI";
                }
                reader.uri(line, lineNumber);
            }
            at = end + 1;
            lineNumber++;
        }
        if (first) {
            throw new PlaylistException(PlaylistException.NOT_A_PLAYLIST);
        }
        if (reader == null) {
            reader = new MediaPlaylistReader(uri, limits);
        }
        return reader.finish(common.version, common.independentSegments);
    }

    /** What reads the tags and URI lines of one kind of playlist. */
    interface Reader {
        void tag(String tag, String value, int line);

        void uri(String text, int line);

        /** Checks for what is missing at the end and returns the playlist. */
        Playlist finish(int version, boolean independentSegments);
    }

    /** Tags that may appear in both kinds (§4.3.1, §4.3.5); the others of 8216bis (EXT-X-START, -DEFINE) are skipped. */
    private static final class Common {
        int version = 1;
        boolean independentSegments;

        void tag(String tag, String value, int line) {
            switch (tag) {
                case "EXT-X-VERSION" -> {
                    long number = TagValues.decimalInteger(value, tag, line);
                    version = (int) Math.min(number, Integer.MAX_VALUE);
                }
                case "EXT-X-INDEPENDENT-SEGMENTS" -> independentSegments = true;
                default -> {
                    // unknown or unused tag: skipped (§6.3.1)
                }
            }
        }
    }

    /**
     * Resolves a URI line or URI attribute against the playlist's URI (§4.1, RFC 3986 §5). Characters no URI may
     * contain (spaces, {@code |}, non-ASCII letters) are percent-encoded first, as browsers do, since servers put them
     * in file names.
     */
    static URI resolve(URI base, String reference, int line) {
        URI relative;
        try {
            relative = new URI(encodeIllegal(reference));
        } catch (URISyntaxException e) {
            throw new PlaylistException(line, "'" + TagValues.shown(reference) + "' is not a valid URI");
        }
        if (relative.isAbsolute()) {
            return relative;
        }
        String raw = base.toString();
        int cut = raw.indexOf('#');
        String withoutFragment = cut < 0 ? raw : raw.substring(0, cut);
        if (reference.startsWith("?")) {
            // RFC 3986 §5.2.2: a query-only reference keeps the base path; java.net.URI would drop its last segment
            int query = withoutFragment.indexOf('?');
            return URI.create((query < 0 ? withoutFragment : withoutFragment.substring(0, query)) + relative);
        }
        if (base.getRawAuthority() != null && (base.getRawPath() == null || base.getRawPath().isEmpty())) {
            // java.net.URI resolves "a.ts" against "http://host" to "http://hosta.ts"; RFC 3986 §5.2.3 gives "/a.ts"
            base = URI.create(base.getScheme() + "://" + base.getRawAuthority() + "/");
        }
        return base.resolve(relative);
    }

    private static String encodeIllegal(String reference) {
        int authorityEnd = 0;
        int scheme = reference.indexOf("://");
        if (scheme > 0) {
            authorityEnd = scheme + 3;
            while (authorityEnd < reference.length() && "/?#".indexOf(reference.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
        }
        StringBuilder out = null;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            boolean illegal = c <= ' ' || c >= 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0
                    || (c == '[' || c == ']') && i >= authorityEnd
                    || c == '%' && !(i + 2 < reference.length() && Character.digit(reference.charAt(i + 1), 16) >= 0
                    && Character.digit(reference.charAt(i + 2), 16) >= 0);
            if (illegal && out == null) {
                out = new StringBuilder(reference.length() + 16).append(reference, 0, i);
            }
            if (out != null) {
                if (!illegal) {
                    out.append(c);
                } else if (Character.isHighSurrogate(c) && i + 1 < reference.length()) {
                    percentEncode(out, reference.substring(i, i + 2));
                    i++;
                } else {
                    percentEncode(out, String.valueOf(c));
                }
            }
        }
        return out == null ? reference : out.toString();
    }

    private static void percentEncode(StringBuilder out, String chars) {
        for (byte b : chars.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
    }

    /**
     * Reads an EXT-X-KEY or EXT-X-SESSION-KEY attribute list (§4.3.2.4).
     *
     * @return the key; {@link SegmentKey#NONE} for METHOD=NONE
     */
    static SegmentKey key(AttributeList attributes, URI base, int line) {
        String methodName = attributes.requiredEnumerated("METHOD");
        SegmentKey.Method method = SegmentKey.Method.of(methodName);
        if (method == SegmentKey.Method.NONE) {
            return SegmentKey.NONE;
        }
        URI keyUri = resolve(base, attributes.requiredQuoted("URI"), line);
        String keyFormat = attributes.quoted("KEYFORMAT");
        String versions = attributes.quoted("KEYFORMATVERSIONS");
        return new SegmentKey(method, keyUri, attributes.iv("IV"), keyFormat == null ? SegmentKey.IDENTITY : keyFormat,
                versions == null ? "1" : versions);
    }
}
