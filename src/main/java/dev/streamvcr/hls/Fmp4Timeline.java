package dev.streamvcr.hls;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the media segments of a fragmented MP4 HLS stream (RFC 8216 §3.3) one after the other into a part file with
 * one timeline, by rewriting each track fragment's {@code tfdt} baseMediaDecodeTime (ISO/IEC 14496-12 §8.8.12). The
 * part starts with the initialization section (EXT-X-MAP) given to the constructor, returned with the first bytes.
 *
 * <p>Use: {@link #beginSegment(boolean)}, then {@link #rewrite} with the segment's bytes in chunks of any size, then
 * {@link #endSegment()}; write what each call returns, in order. {@code mdat} bytes pass through as they come; a
 * {@code moof} is returned once whole (at most {@value #MAX_MOOF_BYTES} bytes).
 *
 * <ul>
 * <li>Within continuous segments each track keeps the source's decode times, shifted by its offset in force; a
 *     version 0 {@code tfdt} that wraps past 2^32 keeps counting up.</li>
 * <li>A segment that does not continue the last one is re-anchored on its first {@code moof}: the track fragment
 *     that starts earliest (in seconds) starts where the part's samples end (the last sample's start plus its
 *     duration: "one sample after" the last one), and the other tracks keep their distances to it. The first segment
 *     of a part starts at 0, as ffmpeg's own fMP4 does.</li>
 * <li>A fragment that would start before its track's end is moved to the end, and counted as clamped.</li>
 * <li>A jump of more than 10 s in a segment marked continuous is treated as a break, and counted.</li>
 * <li>A version 0 {@code tfdt} whose new time needs more than 32 bits becomes version 1; sizes and data offsets are
 *     adjusted (see {@link MovieFragment}).</li>
 * <li>{@code styp}, {@code sidx}, {@code ssix} and {@code prft} are dropped: they describe the source's segment
 *     files (byte offsets, the source's decode times), not the part. An {@code ftyp}/{@code moov} repeated in a
 *     segment is dropped when it has the same tracks, and refused otherwise.</li>
 * </ul>
 *
 * <p>A segment that does not start with a box type a media segment starts with fails with a
 * {@link SegmentFormatException} whose message begins "not an fMP4 segment". An initialization section with other
 * tracks (a new EXT-X-MAP after a discontinuity) needs a new part: ask {@link #sameTracks(byte[])} first. Not
 * thread-safe: one recording task owns an instance.
 */
public final class Fmp4Timeline implements SegmentTimeline {
    /** The largest moof (or repeated moov) read. */
    public static final int MAX_MOOF_BYTES = 4 << 20;
    private static final Set<String> OPENING = Set.of("styp", "sidx", "ssix", "prft", "emsg", "moof", "mdat", "free",
            "skip", "uuid", "ftyp", "moov");
    private static final Set<String> DROPPED = Set.of("styp", "sidx", "ssix", "prft", "ftyp");
    private static final long MAX_STEP_SECONDS = 10;

    private final byte[] init;
    private final List<Fmp4Init.Track> tracks;
    private final Fmp4Tracks timing;
    private boolean initWritten;
    private boolean open;
    private boolean segmentStarted;
    private final byte[] header = new byte[16];
    private int headerLength;
    private String type;
    private long remaining;
    private boolean dropping;
    private byte[] box;
    private int boxLength;
    private long segmentBytes;
    private long bytesWritten;
    private ByteArrayOutputStream out;

    /**
     * @param init the initialization section (EXT-X-MAP), already decrypted
     * @throws SegmentFormatException when it is not an fMP4 initialization section with tracks
     */
    public Fmp4Timeline(byte[] init) {
        this.init = init.clone();
        this.tracks = Fmp4Init.tracks(this.init);
        this.timing = new Fmp4Tracks(tracks, MAX_STEP_SECONDS);
    }

    /**
     * Whether another initialization section has the same tracks (track_ID, timescale, handler and codec) as this
     * part's, so its segments can go on in this part.
     *
     * @throws SegmentFormatException when it is not an fMP4 initialization section
     */
    public boolean sameTracks(byte[] otherInit) {
        return same(Fmp4Init.tracks(otherInit));
    }

    private boolean same(List<Fmp4Init.Track> other) {
        if (other.size() != tracks.size()) {
            return false;
        }
        for (int i = 0; i < tracks.size(); i++) {
            if (!tracks.get(i).sameAs(other.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts the next segment.
     *
     * @param continuous whether it directly follows the last segment written (see {@link TsTimeline#beginSegment})
     * @throws IllegalStateException when the previous segment was not ended
     */
    @Override
    public void beginSegment(boolean continuous) {
        if (open) {
            throw new IllegalStateException("the previous segment was not ended: call endSegment() first");
        }
        open = true;
        segmentStarted = false;
        segmentBytes = 0;
        timing.beginSegment(continuous);
    }

    /**
     * Takes the next bytes of the segment.
     *
     * @return bytes to append to the file (the initialization section first, the first time); possibly empty
     * @throws SegmentFormatException when the segment is not fMP4 or cannot be carried into the part; the segment is
     *                                then over and the next call must be {@link #beginSegment}
     * @throws IllegalStateException  outside a segment
     */
    @Override
    public byte[] rewrite(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        checkOpen();
        out = new ByteArrayOutputStream(Math.min(length + (initWritten ? 0 : init.length) + 64, 1 << 20));
        if (!initWritten) {
            out.writeBytes(init);
            initWritten = true;
        }
        try {
            int at = offset;
            int end = offset + length;
            while (at < end) {
                at = type == null ? readHeader(chunk, at, end) : readBody(chunk, at, end);
            }
            segmentBytes += length;
        } catch (SegmentFormatException e) {
            close();
            out = null;
            throw e;
        }
        return finish();
    }

    /**
     * Ends the segment.
     *
     * @return nothing more as a rule (the bytes already went out), the initialization section for an empty first one
     * @throws SegmentFormatException when the segment ended inside a box (it was cut short)
     * @throws IllegalStateException  outside a segment
     */
    @Override
    public byte[] endSegment() {
        checkOpen();
        if (type != null || headerLength > 0) {
            String inside = type == null ? "a box header" : "its '" + type + "' box, " + remaining + " bytes short";
            close();
            throw new SegmentFormatException("the fMP4 segment ends inside " + inside + " (after " + segmentBytes
                    + " bytes): it was cut short");
        }
        close();
        out = new ByteArrayOutputStream();
        return finish();
    }

    /** What has been written so far. */
    @Override
    public TimelineSnapshot snapshot() {
        String video = tracks.stream().filter(Fmp4Init.Track::video).map(Fmp4Init.Track::codec).findFirst()
                .orElse(null);
        String audio = tracks.stream().filter(Fmp4Init.Track::audio).map(Fmp4Init.Track::codec).findFirst()
                .orElse(null);
        return timing.snapshot(bytesWritten, video, audio);
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("no segment is open: call beginSegment() first");
        }
    }

    private void close() {
        open = false;
        type = null;
        headerLength = 0;
        box = null;
    }

    private byte[] finish() {
        byte[] result = out.toByteArray();
        bytesWritten += result.length;
        out = null;
        return result;
    }

    /** Gathers a box header; once whole, decides what becomes of the box. @return where the unread bytes start */
    private int readHeader(byte[] b, int at, int end) {
        int wanted = headerLength >= 8 && Mp4Box.u32(header, 0) == 1 ? 16 : 8;
        int take = Math.min(wanted - headerLength, end - at);
        System.arraycopy(b, at, header, headerLength, take);
        headerLength += take;
        if (headerLength < wanted || wanted == 8 && Mp4Box.u32(header, 0) == 1) {
            return at + take;
        }
        String boxType = Mp4Box.type(header, 4);
        if (!segmentStarted && !OPENING.contains(boxType)) {
            throw new SegmentFormatException(SegmentFormatException.NOT_FMP4 + ": it starts with "
                    + Mp4Box.describe(header, 0, headerLength) + ", not a box a media segment starts with");
        }
        segmentStarted = true;
        long size = wanted == 16 ? Mp4Box.u64(header, 8) : Mp4Box.u32(header, 0);
        if (size == 0) {
            throw new SegmentFormatException("the fMP4 segment's '" + boxType + "' box runs to the end of its file"
                    + " (size 0), which cannot be appended to a part");
        }
        if (size < wanted) {
            throw new SegmentFormatException("the fMP4 segment's '" + boxType + "' box says it is " + size
                    + " bytes, less than its header");
        }
        type = boxType;
        remaining = size - wanted;
        dropping = DROPPED.contains(boxType);
        if (boxType.equals("moof") || boxType.equals("moov")) {
            if (size > MAX_MOOF_BYTES) {
                throw new SegmentFormatException("the fMP4 segment's '" + boxType + "' box is " + size
                        + " bytes, more than the " + MAX_MOOF_BYTES + " this recorder reads");
            }
            box = new byte[(int) size];
            System.arraycopy(header, 0, box, 0, wanted);
            boxLength = wanted;
        } else if (!dropping) {
            out.write(header, 0, wanted);
        }
        headerLength = 0;
        if (remaining == 0) {
            boxDone();
        }
        return at + take;
    }

    private int readBody(byte[] b, int at, int end) {
        int take = (int) Math.min(remaining, end - at);
        if (box != null) {
            System.arraycopy(b, at, box, boxLength, take);
            boxLength += take;
        } else if (!dropping) {
            out.write(b, at, take);
        }
        remaining -= take;
        if (remaining == 0) {
            boxDone();
        }
        return at + take;
    }

    private void boxDone() {
        if (box != null && type.equals("moof")) {
            out.writeBytes(timing.rewrite(box));
        } else if (box != null && !same(Fmp4Init.tracks(box))) {
            throw new SegmentFormatException("the fMP4 segment carries a moov box with other tracks than the part's"
                    + " initialization section: start a new part");
        }
        box = null;
        type = null;
    }
}
