package dev.streamvcr.flv;

import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.EcmaArray;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.util.AbstractList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of the {@code onMetaData} script tag (FLV spec E.5) as a block of fixed length, so the file's
 * figures can be rewritten in place when it is finalised, without moving a single media byte.
 *
 * <p>Layout: the string {@code onMetaData}, then one ECMA array holding the stream's own entries, the
 * figures computed from the file ({@code duration}, {@code filesize}, data rates, frame rate, the
 * {@code keyframes} index with {@code times} and {@code filepositions}) and last a {@value #PADDING} entry:
 * a strict array of AMF0 nulls (one byte each) that takes up whatever room the other entries leave. The
 * block is sized when the file starts for a full keyframe index of the booked length; a finished file
 * uses part of the room for its index and the rest stays padding. Players skip unknown entries; ffmpeg reads
 * nulls in a strict array without a word.
 */
public final class OnMetaData {

    static final String NAME = "onMetaData";
    /** The entry that fills the reserved room; its presence marks a block this class wrote. */
    public static final String PADDING = "reservedSpace";
    static final String DURATION = "duration";
    static final String FILESIZE = "filesize";
    static final String FRAMERATE = "framerate";
    static final String KEYFRAMES = "keyframes";
    static final String TIMES = "times";
    static final String FILEPOSITIONS = "filepositions";
    /** Entries computed from the file: a stream's own values under these names are replaced. */
    private static final Set<String> COMPUTED = Set.of(DURATION, FILESIZE, "videodatarate", "audiodatarate",
            "hasVideo", "hasAudio", "hasKeyframes", "hasMetadata", "lasttimestamp", "lastkeyframetimestamp",
            "lastkeyframelocation", "metadatacreator", KEYFRAMES, PADDING);
    /** Bytes one more keyframe adds: a number in {@code times} and one in {@code filepositions}. */
    private static final int BYTES_PER_KEYFRAME = 2 * 9;

    private OnMetaData() {
    }

    /**
     * The stream's entries that the file keeps as they are: everything but the computed figures. A
     * {@code framerate} stays as the stream declared it; the block states it, or the measured rate if the
     * stream declared none (or 0).
     */
    public static Map<String, Object> streamEntries(Map<String, Object> stream) {
        Map<String, Object> kept = new LinkedHashMap<>();
        stream.forEach((key, value) -> {
            if (!COMPUTED.contains(key)) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    /** Length of a block with room for every computed figure and {@code keyframeCapacity} keyframes. */
    public static int reservedLength(Map<String, Object> streamEntries, int keyframeCapacity) {
        int withoutIndex = encode(entries(streamEntries, null, 0, true, List.of())).length();
        Map<String, Object> emptyIndex = Map.of(KEYFRAMES, keyframesObject(new double[0], new double[0]));
        int emptyIndexEntry = encode(emptyIndex).length() - encode(Map.of()).length();
        long length = (long) withoutIndex + emptyIndexEntry + (long) keyframeCapacity * BYTES_PER_KEYFRAME;
        if (length > FlvFormat.MAX_DATA_SIZE) {
            throw new IllegalArgumentException("onMetaData for " + keyframeCapacity + " keyframes needs " + length
                    + " bytes, more than a tag holds");
        }
        return (int) length;
    }

    /** The block a file starts with: every figure 0, no keyframes yet. */
    public static Buffer initial(Map<String, Object> streamEntries, int length) {
        return fit(streamEntries, null, 0, length);
    }

    /**
     * The block of a finished file of {@code fileSize} bytes, exactly {@code length} bytes long. If the
     * index does not fit (a block reserved for a shorter booking), it is thinned until it does.
     *
     * @throws IllegalStateException if even the figures without an index do not fit
     */
    public static Buffer finished(Map<String, Object> streamEntries, MediaTally tally, long fileSize, int length) {
        return fit(streamEntries, tally, fileSize, length);
    }

    private static Buffer fit(Map<String, Object> streamEntries, MediaTally tally, long fileSize, int length) {
        while (true) {
            Map<String, Object> entries = entries(streamEntries, tally, fileSize, false, List.of());
            int used = encode(entries).length();
            if (used <= length) {
                entries.put(PADDING, Collections.nCopies(length - used, null));
                Buffer block = encode(entries);
                if (block.length() != length) {
                    throw new IllegalStateException("onMetaData block is " + block.length() + " bytes, expected " + length);
                }
                return block;
            }
            KeyframeIndex index = tally == null ? null : tally.keyframes();
            if (index == null || index.size() == 0) {
                throw new IllegalStateException("onMetaData needs " + used + " bytes but only " + length
                        + " were reserved");
            }
            if (index.size() == 1) {
                index.clear();
            } else {
                index.thin();
            }
        }
    }

    /**
     * The ECMA array's entries. With {@code reserve}, every figure that may appear is present with room for
     * its largest form; a {@code null} tally gives placeholders (zeros, falses).
     */
    private static Map<String, Object> entries(Map<String, Object> stream, MediaTally tally, long fileSize,
            boolean reserve, List<Object> padding) {
        Map<String, Object> entries = new LinkedHashMap<>(stream);
        double declared = entries.remove(FRAMERATE) instanceof Number n ? n.doubleValue() : 0;
        boolean known = tally != null;
        entries.put(DURATION, known ? tally.durationMillis() / 1000.0 : 0.0);
        entries.put(FILESIZE, (double) fileSize);
        entries.put("videodatarate", known ? tally.videoDataRate() : 0.0);
        entries.put("audiodatarate", known ? tally.audioDataRate() : 0.0);
        double frameRate = declared > 0 || !known ? declared : tally.measuredFrameRate();
        if (reserve || !known || frameRate > 0) {
            entries.put(FRAMERATE, frameRate);
        }
        entries.put("hasVideo", known && tally.hasVideo());
        entries.put("hasAudio", known && tally.hasAudio());
        entries.put("hasMetadata", true);
        entries.put("hasKeyframes", known && tally.keyframes().size() > 0);
        entries.put("lasttimestamp", known ? tally.durationMillis() / 1000.0 : 0.0);
        entries.put("lastkeyframetimestamp", known ? Math.max(tally.lastKeyframeTimestamp(), 0) / 1000.0 : 0.0);
        entries.put("lastkeyframelocation", known ? (double) Math.max(tally.lastKeyframePosition(), 0) : 0.0);
        entries.put("metadatacreator", "StreamVCR");
        if (known && tally.keyframes().size() > 0) {
            KeyframeIndex index = tally.keyframes();
            entries.put(KEYFRAMES, keyframesObject(index.times(), index.filePositions()));
        }
        entries.put(PADDING, padding);
        return entries;
    }

    /** An anonymous object with {@code times} then {@code filepositions}, the order flvtool2 and yamdi write. */
    private static Map<String, Object> keyframesObject(double[] times, double[] filePositions) {
        Map<String, Object> keyframes = new LinkedHashMap<>();
        keyframes.put(TIMES, numbers(times));
        keyframes.put(FILEPOSITIONS, numbers(filePositions));
        return keyframes;
    }

    private static List<Double> numbers(double[] values) {
        return new AbstractList<>() {
            @Override
            public Double get(int i) {
                return values[i];
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    private static Buffer encode(Map<String, Object> entries) {
        ByteBuf out = Unpooled.buffer();
        try {
            Amf0.encode(out, NAME);
            Amf0.encode(out, new EcmaArray(entries));
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return Buffer.buffer(bytes);
        } finally {
            out.release();
        }
    }
}
