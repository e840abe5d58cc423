package dev.streamvcr.hls;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tags of a master playlist (RFC 8216 §4.3.4; 8216bis §4.4.6): each EXT-X-STREAM-INF and the URI line after it
 * make a {@link Variant}, each EXT-X-MEDIA a {@link Rendition}. I-frame variants, session data and content steering
 * are skipped.
 */
final class MasterPlaylistReader implements PlaylistParser.Reader {
    private final URI base;
    private final PlaylistLimits limits;
    private final List<Variant> variants = new ArrayList<>();
    private final List<Rendition> renditions = new ArrayList<>();
    private final List<SegmentKey> sessionKeys = new ArrayList<>();

    /** The EXT-X-STREAM-INF waiting for its URI line, and where it was. */
    private AttributeList pending;
    private int pendingLine;

    MasterPlaylistReader(URI base, PlaylistLimits limits) {
        this.base = base;
        this.limits = limits;
    }

    @Override
    public void tag(String tag, String value, int line) {
        switch (tag) {
            case "EXT-X-STREAM-INF" -> {
                checkNoPending();
                pending = attributes(tag, value, line);
                // §4.3.4.2: "Every EXT-X-STREAM-INF tag MUST include the BANDWIDTH attribute"
                pending.requiredDecimalInteger("BANDWIDTH");
                pendingLine = line;
            }
            case "EXT-X-MEDIA" -> rendition(attributes(tag, value, line), line);
            case "EXT-X-SESSION-KEY" -> {
                SegmentKey key = PlaylistParser.key(attributes(tag, value, line), base, line);
                if (key.method() != SegmentKey.Method.NONE) {
                    sessionKeys.add(key);
                }
            }
            default -> {
                // EXT-X-I-FRAME-STREAM-INF, EXT-X-SESSION-DATA, EXT-X-CONTENT-STEERING: not kept
            }
        }
    }

    private AttributeList attributes(String tag, String value, int line) {
        return AttributeList.parse(tag, value, line, limits.maxAttributes());
    }

    private void checkNoPending() {
        if (pending != null) {
            throw new PlaylistException(pendingLine, "EXT-X-STREAM-INF has no URI line after it");
        }
    }

    /** §4.3.4.1: TYPE, GROUP-ID and NAME are required; a TYPE this library does not know is skipped. */
    private void rendition(AttributeList attributes, int line) {
        Rendition.Type type = Rendition.Type.of(attributes.requiredEnumerated("TYPE"));
        if (type == null) {
            return;
        }
        String groupId = attributes.requiredQuoted("GROUP-ID");
        String name = attributes.requiredQuoted("NAME");
        if (renditions.size() == limits.maxVariants()) {
            throw new PlaylistException(line, "the playlist lists more than " + limits.maxVariants()
                    + " renditions, over the limit");
        }
        String uri = attributes.quoted("URI");
        // §4.3.4.1: both are NO when absent
        renditions.add(new Rendition(type, groupId, name, attributes.quoted("LANGUAGE"),
                attributes.yesNo("DEFAULT", false), attributes.yesNo("AUTOSELECT", false),
                uri == null || type == Rendition.Type.CLOSED_CAPTIONS ? null : PlaylistParser.resolve(base, uri, line)));
    }

    @Override
    public void uri(String text, int line) {
        if (pending == null) {
            throw new PlaylistException(line, "the URI '" + TagValues.shown(text)
                    + "' does not follow an EXT-X-STREAM-INF");
        }
        if (variants.size() == limits.maxVariants()) {
            throw new PlaylistException(line, "the playlist lists more than " + limits.maxVariants()
                    + " variants, over the limit");
        }
        AttributeList attributes = pending;
        pending = null;
        int[] resolution = attributes.resolution("RESOLUTION");
        String codecs = attributes.quoted("CODECS");
        variants.add(new Variant(PlaylistParser.resolve(base, text, line),
                attributes.requiredDecimalInteger("BANDWIDTH"), attributes.decimalInteger("AVERAGE-BANDWIDTH", 0),
                resolution == null ? 0 : resolution[0], resolution == null ? 0 : resolution[1],
                codecs == null ? List.of() : Arrays.stream(codecs.split(",")).map(String::strip)
                        .filter(codec -> !codec.isEmpty()).toList(),
                attributes.decimal("FRAME-RATE", 0), attributes.quoted("AUDIO"), attributes.quoted("VIDEO"),
                attributes.quoted("NAME")));
    }

    @Override
    public Playlist finish(int version, boolean independentSegments) {
        checkNoPending();
        return new MasterPlaylist(base, version, independentSegments, variants, renditions, sessionKeys);
    }
}
