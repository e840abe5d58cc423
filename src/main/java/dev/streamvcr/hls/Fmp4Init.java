package dev.streamvcr.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a fragmented MP4 initialization section (RFC 8216 §3.3, EXT-X-MAP) says about its tracks: in {@code moov},
 * each {@code trak}'s {@code tkhd} track_ID (ISO/IEC 14496-12 §8.3.2), {@code mdia/mdhd} timescale (§8.4.2),
 * {@code mdia/hdlr} handler_type (§8.4.3) and first sample entry in {@code stsd} (§8.5.2); and in {@code mvex},
 * each {@code trex}'s default_sample_duration (§8.8.3), which fragments fall back on.
 */
final class Fmp4Init {
    /** Box types that may open an initialization section. */
    private static final Set<String> OPENING = Set.of("ftyp", "styp", "moov", "free", "skip", "uuid", "pdin");
    private static final int MAX_TRACKS = 16;

    /**
     * One track.
     *
     * @param sampleEntry the sample entry's type; for an encrypted {@code encv}/{@code enca} entry, the original
     *                    format its {@code frma} box names (§8.12.2)
     */
    record Track(long id, long timescale, String handler, String sampleEntry, long defaultDuration) {
        /** The codec's common name, or the sample entry type when unknown. */
        String codec() {
            return switch (sampleEntry) {
                case "avc1", "avc2", "avc3", "avc4" -> "H.264";
                case "hvc1", "hev1" -> "H.265";
                case "av01" -> "AV1";
                case "vp08" -> "VP8";
                case "vp09" -> "VP9";
                case "mp4a" -> "AAC";
                case "Opus" -> "Opus";
                case "ac-3" -> "AC-3";
                case "ec-3" -> "E-AC-3";
                case "fLaC" -> "FLAC";
                case "mp4v" -> "MPEG-4 Visual";
                default -> sampleEntry;
            };
        }

        boolean video() {
            return handler.equals("vide");
        }

        boolean audio() {
            return handler.equals("soun");
        }

        /** Whether two tracks are the same to a player: identity, clock, kind and codec. */
        boolean sameAs(Track other) {
            return id == other.id && timescale == other.timescale && handler.equals(other.handler)
                    && sampleEntry.equals(other.sampleEntry);
        }
    }

    private Fmp4Init() {
    }

    /**
     * Reads the tracks of an initialization section.
     *
     * @throws SegmentFormatException when the bytes are not one, or a track has no usable timescale
     */
    static List<Track> tracks(byte[] init) {
        List<Mp4Box> top = Mp4Box.children(init, 0, init.length);
        if (top.isEmpty() || !OPENING.contains(top.get(0).type())) {
            throw new SegmentFormatException(SegmentFormatException.NOT_FMP4 + ": the initialization section (EXT-X-MAP)"
                    + " starts with " + Mp4Box.describe(init, 0, init.length) + ", not an ftyp or moov box");
        }
        Mp4Box moov = Mp4Box.first(top, "moov");
        if (moov == null) {
            throw new SegmentFormatException(SegmentFormatException.NOT_FMP4 + ": the initialization section"
                    + " (EXT-X-MAP) has no moov box");
        }
        List<Mp4Box> children = Mp4Box.children(init, moov.bodyStart(), moov.end());
        Mp4Box mvex = Mp4Box.first(children, "mvex");
        List<Track> tracks = new ArrayList<>();
        for (Mp4Box trak : children) {
            if (trak.type().equals("trak") && tracks.size() < MAX_TRACKS) {
                tracks.add(track(init, trak, mvex));
            }
        }
        if (tracks.isEmpty()) {
            throw new SegmentFormatException("the fMP4 initialization section (EXT-X-MAP) has no track");
        }
        return List.copyOf(tracks);
    }

    private static Track track(byte[] b, Mp4Box trak, Mp4Box mvex) {
        Mp4Box tkhd = trak.child(b, "tkhd");
        Mp4Box mdhd = trak.path(b, "mdia", "mdhd");
        Mp4Box hdlr = trak.path(b, "mdia", "hdlr");
        if (tkhd == null || mdhd == null || hdlr == null || hdlr.size() < 20) {
            throw new SegmentFormatException("an fMP4 track of the initialization section lacks its tkhd, mdhd or hdlr");
        }
        // tkhd: creation and modification times (32 or 64 bits each), then track_ID
        int idAt = tkhd.bodyStart() + (tkhd.version(b) == 1 ? 20 : 12);
        int scaleAt = mdhd.bodyStart() + (mdhd.version(b) == 1 ? 20 : 12);
        if (idAt + 4 > tkhd.end() || scaleAt + 4 > mdhd.end()) {
            throw new SegmentFormatException("an fMP4 track's tkhd or mdhd box is too short");
        }
        long id = Mp4Box.u32(b, idAt);
        long timescale = Mp4Box.u32(b, scaleAt);
        if (timescale == 0) {
            throw new SegmentFormatException("fMP4 track " + id + " has a timescale of 0");
        }
        String handler = Mp4Box.type(b, hdlr.bodyStart() + 8);
        return new Track(id, timescale, handler, sampleEntry(b, trak), defaultDuration(b, mvex, id));
    }

    /** The first entry of stsd (a FullBox with an entry count before the entries), seen through encv/enca. */
    private static String sampleEntry(byte[] b, Mp4Box trak) {
        Mp4Box stsd = trak.path(b, "mdia", "minf", "stbl", "stsd");
        if (stsd == null || stsd.bodyStart() + 16 > stsd.end()) {
            return "none";
        }
        Mp4Box entry = Mp4Box.children(b, stsd.bodyStart() + 8, stsd.end()).stream().findFirst().orElse(null);
        if (entry == null) {
            return "none";
        }
        if (entry.type().equals("encv") || entry.type().equals("enca")) {
            // sinf/frma holds the original format; the entry's own fields before its children differ by kind
            for (int at = entry.bodyStart(); at + 12 <= entry.end(); at++) {
                if (Mp4Box.u32(b, at) == 12 && Mp4Box.type(b, at + 4).equals("frma")) {
                    return Mp4Box.type(b, at + 8);
                }
            }
        }
        return entry.type();
    }

    private static long defaultDuration(byte[] b, Mp4Box mvex, long id) {
        if (mvex != null) {
            for (Mp4Box trex : Mp4Box.children(b, mvex.bodyStart(), mvex.end())) {
                if (trex.type().equals("trex") && trex.bodyStart() + 24 <= trex.end()
                        && Mp4Box.u32(b, trex.bodyStart() + 4) == id) {
                    return Mp4Box.u32(b, trex.bodyStart() + 12);
                }
            }
        }
        return 0;
    }
}
