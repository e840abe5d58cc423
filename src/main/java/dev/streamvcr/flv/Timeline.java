package dev.streamvcr.flv;

/**
 * Maps the 32-bit wire timestamps of one or more consecutive connections onto one file timeline
 * that starts at 0, with each track (audio, video) never going backwards.
 *
 * <p>RTMP timestamps are 32-bit milliseconds that wrap (RTMP spec 5.3.1.3); they are extended to
 * 64 bits by adding the signed 32-bit difference to the previous one, so 0xFFFFFF00 followed by
 * 0x00000100 is a step of 512 ms. The 24-bit boundary of the chunk header (0xFFFFFF, the extended
 * timestamp field) is the chunk layer's business: timestamps arrive here whole. Each connection is
 * anchored at its first written tag: at 0 for the first, one frame after the last written timestamp
 * for later ones.
 *
 * <p>Audio and video keep their offset to each other (a source that sends audio 10 ms behind the video
 * gets a file with the same 10 ms); a step back within one track is clamped to the track's previous
 * timestamp, so each track is monotonic even when the source is not.
 *
 * <p>A new connection whose first tag is video is anchored on the video's frame grid: a whole number of
 * (measured) frame intervals after the last video frame, and after every tag already written. Players and
 * ffmpeg map millisecond timestamps onto the frame rate; a file whose frames sat half an interval off that
 * grid after a reconnect gets pairs of frames on one tick (ffmpeg: "non monotonically increasing dts").
 */
final class Timeline {

    /** Distance between the last tag of one connection and the first of the next: one frame at 30 fps. */
    static final long RECONNECT_STEP_MS = 33;
    /** A step back larger than this means the source restarted its clock, not A/V interleaving. */
    static final long MAX_BACKWARD_STEP_MS = 3000;
    /** A step forward this much larger than the time between arrivals means the source's clock jumped. */
    static final long MAX_FORWARD_LEAD_MS = 10_000;

    private boolean connectionStarted;
    private long lastWire;
    private long lastArrival;
    private long lastExtended;
    private boolean anchored;
    private long offset;
    private long lastWritten = -1;
    private long lastAudio = -1;
    private long lastVideo = -1;
    /** Video frame interval, averaged over the recent frames (ms, fractional: 30 fps is 33.33). */
    private double videoStep;
    private long lastVideoExtended = -1;

    /**
     * Whether {@code wire}, arriving at {@code arrivalMillis}, breaks the current clock: a step back
     * beyond interleaving, or a step forward far ahead of the time that actually passed.
     */
    boolean discontinuity(long wire, long arrivalMillis) {
        if (!connectionStarted) {
            return false;
        }
        int step = (int) ((wire & 0xFFFFFFFFL) - lastWire);
        if (step < -MAX_BACKWARD_STEP_MS) {
            return true;
        }
        return step - Math.max(arrivalMillis - lastArrival, 0) > MAX_FORWARD_LEAD_MS;
    }

    /** Extends a 32-bit wire timestamp of the current connection to 64 bits. */
    long extend(long wire, long arrivalMillis) {
        wire &= 0xFFFFFFFFL;
        if (!connectionStarted) {
            connectionStarted = true;
            lastExtended = wire;
        } else {
            lastExtended += (int) (wire - lastWire);
        }
        lastWire = wire;
        lastArrival = arrivalMillis;
        return lastExtended;
    }

    /** The file timestamp for a tag of {@code type} about to be written; never before the track's last one. */
    long place(TagType type, long extended) {
        boolean video = type == TagType.VIDEO;
        if (!anchored) {
            offset = anchor(video) - extended;
            anchored = true;
            lastVideoExtended = -1;
        }
        if (video) {
            measureVideoStep(extended);
        }
        long floor = Math.max(video ? lastVideo : lastAudio, 0);
        long placed = Math.max(extended + offset, floor);
        if (video) {
            lastVideo = placed;
        } else {
            lastAudio = placed;
        }
        lastWritten = Math.max(lastWritten, placed);
        return placed;
    }

    private long anchor(boolean video) {
        if (lastWritten < 0) {
            return 0;
        }
        long earliest = lastWritten + RECONNECT_STEP_MS;
        if (!video || lastVideo < 0 || videoStep <= 0) {
            return earliest;
        }
        double frames = Math.max(1, Math.ceil((earliest - lastVideo) / videoStep));
        return lastVideo + Math.round(frames * videoStep);
    }

    private void measureVideoStep(long extended) {
        if (lastVideoExtended >= 0) {
            long delta = extended - lastVideoExtended;
            if (delta > 0 && delta < 1000) {
                videoStep = videoStep <= 0 ? delta : videoStep * 0.9 + delta * 0.1;
            }
        }
        lastVideoExtended = extended;
    }

    /** The next tags come from a new connection (or a restarted clock): re-anchor at the next write. */
    void newConnection() {
        connectionStarted = false;
        anchored = false;
    }

    /** Highest timestamp written, or -1 if none. */
    long lastWritten() {
        return lastWritten;
    }
}
