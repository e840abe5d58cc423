package dev.streamvcr.hls;

/**
 * Maps the 33-bit 90 kHz clock of a source (PCR base, PTS, DTS: ISO/IEC 13818-1 §2.4.3.5, §2.4.3.7) onto the part
 * file's timeline, as 64-bit tick counts that never wrap; what is written is that count mod 2^33.
 *
 * <p>Source values are first extended to 64 bits against the last one seen (the signed 33-bit difference is added),
 * so a source that wraps past 2^33 - 1 to 0 keeps counting up. Within a run of continuous segments the file time is
 * the extended source time plus a fixed offset. The offset is chosen ("anchored") when a part starts and after each
 * break: see {@link #anchorStart} and {@link #anchorAfter}.
 */
final class TsClock {
    /** The video frame interval assumed until one is measured: 1/30 s. */
    static final long DEFAULT_FRAME_TICKS = 3000;
    /**
     * A step between consecutive timestamps larger than this, either way, is a new clock rather than interleaving or
     * reordering, which stay under a second (the T-STD of §2.4.2 keeps data in the decoder's buffers at most 1 s).
     */
    static final long MAX_STEP_TICKS = 10 * 90_000L;
    /** Frame intervals outside 1/240 s to 1 s are gaps or bursts, not the frame rate. */
    private static final long MIN_FRAME_TICKS = 375;
    private static final long MAX_FRAME_TICKS = 90_000;

    private boolean referenced;
    private long reference;
    private boolean anchored;
    private long offset;
    /** The source clock value (33-bit) that the part's time 0 stands for, once anchored; or as preset. */
    private long origin = -1;
    private boolean originPreset;
    private long firstPts = Long.MAX_VALUE;
    private long lastPts = Long.MIN_VALUE;
    private double frameTicks;
    private long lastVideoSourceDts = Long.MIN_VALUE;
    private long lastVideoPts = Long.MIN_VALUE;

    /** The next timestamp belongs to a new clock: it is taken as it is instead of extended from the last one. */
    void newClock() {
        referenced = false;
        jumped();
    }

    /** The source's clock jumped: the frame interval is not measured across the jump. */
    void jumped() {
        lastVideoSourceDts = Long.MIN_VALUE;
    }

    /** Extends a 33-bit source value to 64 bits against the last one. */
    long extend(long raw) {
        long value = raw & TsPacket.CLOCK_MASK;
        if (!referenced) {
            referenced = true;
            reference = value;
            return value;
        }
        reference = Wraparound.extend(reference, value, 33);
        return reference;
    }

    /** Whether {@code extended} is further than {@link #MAX_STEP_TICKS} from {@code previous}. */
    static boolean jump(long previous, long extended) {
        return Math.abs(extended - previous) > MAX_STEP_TICKS;
    }

    /** The last extended value, for {@link #jump}; meaningless before the first {@link #extend}. */
    long reference() {
        return reference;
    }

    boolean referenced() {
        return referenced;
    }

    boolean anchored() {
        return anchored;
    }

    /** Whether a PTS has been written: the part has started. */
    boolean started() {
        return lastPts != Long.MIN_VALUE;
    }

    /**
     * Anchors the part's first segment: its earliest clock value (usually the first PCR, which precedes the PTS and
     * DTS it governs) becomes 0, so the media start at the source's own PCR lead, a fraction of a second, as in a
     * file ffmpeg writes. Keeping the source's values instead would start a part hours into a live stream's clock and
     * close to the 2^33 wrap.
     */
    void anchorStart(long earliest) {
        // a preset origin after the segment's earliest value would make times negative: the segment starts at 0
        long zero = originPreset ? Math.min(Wraparound.extend(earliest, origin, 33), earliest) : earliest;
        offset = -zero;
        origin = zero & TsPacket.CLOCK_MASK;
        anchored = true;
    }

    /**
     * Sets the source clock value that time 0 stands for before the part starts, instead of its own earliest value:
     * so another rendition of the same stream (RFC 8216 §6.2.4: renditions' timestamps match) written to its own
     * file lines up with the one that set it.
     */
    void presetOrigin(long sourceClock) {
        origin = sourceClock & TsPacket.CLOCK_MASK;
        originPreset = true;
    }

    /** The source clock value of time 0 (33-bit), or -1 before the part started. */
    long origin() {
        return anchored || originPreset ? origin : -1;
    }

    /**
     * Anchors a segment that does not continue the last one at one frame after the largest PTS written. With video on
     * both sides, the segment's first video frame goes there, on the video frame grid: a whole number of frames (at
     * least one) after the last video frame written, so the picture runs on without a hole. Without, its earliest PTS
     * goes there. Every other timestamp of the segment keeps its distance to that one.
     *
     * @param earliestVideoPts the segment's earliest video PTS (extended), or {@link Long#MIN_VALUE} when none
     * @param minimumOffset    the least offset that keeps each PID's decoding times above its last ones
     */
    void anchorAfter(long earliestPts, long earliestVideoPts, long minimumOffset) {
        long frame = frameTicks();
        if (earliestVideoPts != Long.MIN_VALUE && lastVideoPts != Long.MIN_VALUE) {
            long earliestAt = Math.max(lastPts + frame, earliestVideoPts + minimumOffset);
            long frames = Math.max(1, Math.floorDiv(earliestAt - lastVideoPts + frame - 1, frame));
            offset = lastVideoPts + frames * frame - earliestVideoPts;
        } else {
            offset = Math.max(lastPts + frame - earliestPts, minimumOffset);
        }
        anchored = true;
    }

    /** The file time of an extended source value. */
    long toFile(long extended) {
        return extended + offset;
    }

    /** Notes a PTS as written. */
    void wrotePts(long filePts) {
        firstPts = Math.min(firstPts, filePts);
        lastPts = Math.max(lastPts, filePts);
    }

    /** Notes a video frame as written, measuring the frame interval from the source's consecutive DTS. */
    void wroteVideo(long sourceDts, long filePts) {
        if (lastVideoSourceDts != Long.MIN_VALUE) {
            long delta = sourceDts - lastVideoSourceDts;
            if (delta >= MIN_FRAME_TICKS && delta <= MAX_FRAME_TICKS) {
                frameTicks = frameTicks <= 0 ? delta : frameTicks * 0.9 + delta * 0.1;
            }
        }
        lastVideoSourceDts = sourceDts;
        lastVideoPts = Math.max(lastVideoPts, filePts);
    }

    /** The measured video frame interval, or {@link #DEFAULT_FRAME_TICKS} before there is one. */
    long frameTicks() {
        return frameTicks > 0 ? Math.round(frameTicks) : DEFAULT_FRAME_TICKS;
    }

    /** The last PTS minus the first, in milliseconds; 0 before any. */
    long durationMillis() {
        return started() ? (lastPts - firstPts) / 90 : 0;
    }
}
