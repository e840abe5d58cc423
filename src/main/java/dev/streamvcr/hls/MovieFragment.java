package dev.streamvcr.hls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * One {@code moof} box (ISO/IEC 14496-12 §8.8.4) read for its timing and rewritten with new decode times. Each
 * {@code traf} (§8.8.6) gives its track ({@code tfhd}, §8.8.7), its {@code tfdt} baseMediaDecodeTime (§8.8.12), and
 * the samples of its {@code trun}s (§8.8.8), whose durations come from the run, else from {@code tfhd}'s default,
 * else from the init's {@code trex}.
 *
 * <p>A version 0 {@code tfdt} holds 32 bits. When a new decode time does not fit, the box becomes version 1: 4 bytes
 * longer, so the {@code traf} and {@code moof} sizes grow, and every offset measured from the start of the
 * {@code moof} into the {@code mdat} after it grows too: {@code trun} data_offset and {@code saio} offsets (§8.7.9) of
 * track fragments whose base is the {@code moof} (default-base-is-moof, or no explicit base for the first one).
 */
final class MovieFragment {
    private static final int BASE_DATA_OFFSET = 0x000001;
    private static final int DEFAULT_DURATION = 0x000008;
    private static final int DEFAULT_BASE_IS_MOOF = 0x020000;
    private static final int RUN_DATA_OFFSET = 0x000001;
    private static final int RUN_FIRST_FLAGS = 0x000004;
    private static final int RUN_DURATION = 0x000100;

    /**
     * One track fragment's timing.
     *
     * @param decodeTime the tfdt value, or -1 when the fragment has none
     * @param version    the tfdt version
     * @param duration   the sum of its samples' durations
     */
    record TrackFragment(long trackId, long decodeTime, int version, long duration, long samples) {
    }

    private final byte[] moof;
    private final List<Mp4Box> trafs = new ArrayList<>();
    private final List<TrackFragment> fragments = new ArrayList<>();

    /**
     * @param moof            the whole box
     * @param trexDuration    a track's default_sample_duration from the init's trex, by track_ID (0 when none)
     * @throws SegmentFormatException when a box inside is cut short
     */
    MovieFragment(byte[] moof, LongUnaryOperator trexDuration) {
        this.moof = moof;
        Mp4Box box = Mp4Box.children(moof, 0, moof.length).get(0);
        List<Mp4Box> children = Mp4Box.children(moof, box.bodyStart(), box.end());
        if (children.isEmpty() || children.get(children.size() - 1).end() != box.end()) {
            throw malformed("its boxes do not add up to its size");
        }
        for (Mp4Box traf : children) {
            if (traf.type().equals("traf")) {
                trafs.add(traf);
                fragments.add(read(traf, trexDuration));
            }
        }
    }

    List<TrackFragment> fragments() {
        return fragments;
    }

    private TrackFragment read(Mp4Box traf, LongUnaryOperator trexDuration) {
        Mp4Box tfhd = traf.child(moof, "tfhd");
        if (tfhd == null || tfhd.size() < 16) {
            throw malformed("a track fragment has no tfhd");
        }
        long trackId = Mp4Box.u32(moof, tfhd.bodyStart() + 4);
        int flags = tfhd.flags(moof);
        long defaultDuration = trexDuration.applyAsLong(trackId);
        if ((flags & DEFAULT_DURATION) != 0) {
            int at = tfhd.bodyStart() + 8 + ((flags & BASE_DATA_OFFSET) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
            check(at + 4 <= tfhd.end(), "tfhd");
            defaultDuration = Mp4Box.u32(moof, at);
        }
        long decodeTime = -1;
        int version = 0;
        long duration = 0;
        long samples = 0;
        for (Mp4Box child : Mp4Box.children(moof, traf.bodyStart(), traf.end())) {
            if (child.type().equals("tfdt")) {
                version = child.version(moof);
                check(child.bodyStart() + (version == 1 ? 12 : 8) <= child.end(), "tfdt");
                decodeTime = version == 1 ? Mp4Box.u64(moof, child.bodyStart() + 4)
                        : Mp4Box.u32(moof, child.bodyStart() + 4);
            } else if (child.type().equals("trun")) {
                int runFlags = child.flags(moof);
                check(child.bodyStart() + 8 <= child.end(), "trun");
                long count = Mp4Box.u32(moof, child.bodyStart() + 4);
                int at = child.bodyStart() + 8 + ((runFlags & RUN_DATA_OFFSET) != 0 ? 4 : 0)
                        + ((runFlags & RUN_FIRST_FLAGS) != 0 ? 4 : 0);
                int perSample = 4 * Integer.bitCount(runFlags & 0xF00);
                check(at + count * perSample <= child.end(), "trun");
                samples += count;
                if ((runFlags & RUN_DURATION) == 0) {
                    duration += count * defaultDuration;
                } else {
                    for (long i = 0; i < count; i++, at += perSample) {
                        duration += Mp4Box.u32(moof, at);
                    }
                }
            }
        }
        return new TrackFragment(trackId, decodeTime, version, duration, samples);
    }

    /**
     * The moof with new decode times and sequence number.
     *
     * @param decodeTimes one per {@link #fragments()} entry; ignored where the fragment has no tfdt
     * @return the rewritten box: the same array when no tfdt had to grow
     */
    byte[] write(long[] decodeTimes, long sequenceNumber) {
        Mp4Box box = Mp4Box.children(moof, 0, moof.length).get(0);
        Mp4Box mfhd = box.child(moof, "mfhd");
        if (mfhd != null && mfhd.size() >= 16) {
            Mp4Box.put32(moof, mfhd.bodyStart() + 4, sequenceNumber); // increasing in the part (§8.8.5)
        }
        int growth = 0;
        for (int i = 0; i < trafs.size(); i++) {
            TrackFragment fragment = fragments.get(i);
            if (fragment.decodeTime() >= 0 && fragment.version() == 0 && decodeTimes[i] > 0xFFFFFFFFL) {
                growth += 4;
            }
        }
        byte[] out = growth == 0 ? moof : grow(box, decodeTimes);
        Mp4Box outBox = Mp4Box.children(out, 0, out.length).get(0);
        List<Mp4Box> outTrafs = Mp4Box.children(out, outBox.bodyStart(), outBox.end()).stream()
                .filter(child -> child.type().equals("traf")).toList();
        for (int i = 0; i < outTrafs.size(); i++) {
            Mp4Box traf = outTrafs.get(i);
            Mp4Box tfdt = traf.child(out, "tfdt");
            if (tfdt != null) {
                if (tfdt.version(out) == 1) {
                    Mp4Box.put64(out, tfdt.bodyStart() + 4, decodeTimes[i]);
                } else {
                    Mp4Box.put32(out, tfdt.bodyStart() + 4, decodeTimes[i]);
                }
            }
            if (growth > 0 && basedOnMoof(out, traf, i)) {
                shiftOffsets(out, traf, growth);
            }
        }
        return out;
    }

    /** Copies the moof with each version 0 tfdt whose new time needs 64 bits turned into version 1. */
    private byte[] grow(Mp4Box box, long[] decodeTimes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(moof.length + 4 * trafs.size());
        out.write(moof, box.start(), box.bodyStart() - box.start());
        int cursor = box.bodyStart();
        for (int i = 0; i < trafs.size(); i++) {
            Mp4Box traf = trafs.get(i);
            Mp4Box tfdt = traf.child(moof, "tfdt");
            if (tfdt == null || tfdt.version(moof) != 0 || decodeTimes[i] <= 0xFFFFFFFFL) {
                continue;
            }
            out.write(moof, cursor, traf.start() - cursor);
            byte[] trafHeader = Arrays.copyOfRange(moof, traf.start(), tfdt.start());
            Mp4Box.put32(trafHeader, 0, traf.size() + 4);
            out.write(trafHeader, 0, trafHeader.length);
            byte[] wide = new byte[20];
            Mp4Box.put32(wide, 0, 20);
            System.arraycopy(moof, tfdt.start() + 4, wide, 4, 4);
            wide[8] = 1;
            out.write(wide, 0, wide.length);
            cursor = tfdt.end();
        }
        out.write(moof, cursor, box.end() - cursor);
        byte[] grown = out.toByteArray();
        if (box.bodyStart() - box.start() == 16) {
            Mp4Box.put64(grown, 8, grown.length);
        } else {
            Mp4Box.put32(grown, 0, grown.length);
        }
        return grown;
    }

    /** Whether the traf's data offsets count from the moof's start (§8.8.7: tfhd flags and the implicit base). */
    private static boolean basedOnMoof(byte[] b, Mp4Box traf, int index) {
        Mp4Box tfhd = traf.child(b, "tfhd");
        int flags = tfhd.flags(b);
        return (flags & BASE_DATA_OFFSET) == 0 && ((flags & DEFAULT_BASE_IS_MOOF) != 0 || index == 0);
    }

    private static void shiftOffsets(byte[] b, Mp4Box traf, int growth) {
        for (Mp4Box child : Mp4Box.children(b, traf.bodyStart(), traf.end())) {
            if (child.type().equals("trun") && (child.flags(b) & RUN_DATA_OFFSET) != 0) {
                int at = child.bodyStart() + 8;
                Mp4Box.put32(b, at, (int) Mp4Box.u32(b, at) + growth); // each offset counts from the base
            }
            if (child.type().equals("saio") && child.bodyStart() + 8 <= child.end()) {
                int at = child.bodyStart() + 4 + ((child.flags(b) & 1) != 0 ? 8 : 0);
                long count = Mp4Box.u32(b, at);
                int width = child.version(b) == 1 ? 8 : 4;
                for (long i = 0; i < count && at + 4 + (i + 1) * width <= child.end(); i++) {
                    int entry = (int) (at + 4 + i * width);
                    if (width == 8) {
                        Mp4Box.put64(b, entry, Mp4Box.u64(b, entry) + growth);
                    } else {
                        Mp4Box.put32(b, entry, Mp4Box.u32(b, entry) + growth);
                    }
                }
            }
        }
    }

    private static void check(boolean fits, String box) {
        if (!fits) {
            throw malformed("its " + box + " box is cut short");
        }
    }

    private static SegmentFormatException malformed(String problem) {
        return new SegmentFormatException("an fMP4 moof box cannot be read: " + problem);
    }
}
