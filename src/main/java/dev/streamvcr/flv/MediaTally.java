package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;

/**
 * What the tags of one FLV file add up to, counted tag by tag as they are written (or read back when a
 * file is recovered): the figures {@code onMetaData} states once the file is complete. Fixed memory: the
 * keyframe index is bounded, everything else is a counter.
 */
public final class MediaTally {

    private final KeyframeIndex keyframes;
    private long lastTimestamp = -1;
    private long videoBodyBytes;
    private long audioBodyBytes;
    private long videoFrames;
    private long firstVideoTimestamp = -1;
    private long lastVideoTimestamp = -1;
    private long lastKeyframeTimestamp = -1;
    private long lastKeyframePosition = -1;
    private String videoCodec;
    private String audioCodec;

    public MediaTally(int keyframeCapacity) {
        this.keyframes = new KeyframeIndex(keyframeCapacity);
    }

    /** Counts one tag that starts at file offset {@code position}. */
    public void note(TagType type, long timestamp, long position, Buffer body) {
        lastTimestamp = Math.max(lastTimestamp, timestamp);
        if (type == TagType.SCRIPT_DATA) {
            return;
        }
        MediaHeader header = MediaHeader.parse(type, body);
        if (type == TagType.AUDIO) {
            audioBodyBytes += body.length();
            audioCodec = header.codec() != null ? header.codec() : audioCodec;
            return;
        }
        videoBodyBytes += body.length();
        videoCodec = header.codec() != null ? header.codec() : videoCodec;
        if (header.sequenceHeader()) {
            return;
        }
        videoFrames++;
        if (firstVideoTimestamp < 0) {
            firstVideoTimestamp = timestamp;
        }
        lastVideoTimestamp = Math.max(lastVideoTimestamp, timestamp);
        if (header.keyframe()) {
            keyframes.add(timestamp, position);
            lastKeyframeTimestamp = timestamp;
            lastKeyframePosition = position;
        }
    }

    public KeyframeIndex keyframes() {
        return keyframes;
    }

    /** Highest timestamp of any tag, 0 for a file without tags. */
    public long durationMillis() {
        return Math.max(lastTimestamp, 0);
    }

    public boolean hasVideo() {
        return videoBodyBytes > 0;
    }

    public boolean hasAudio() {
        return audioBodyBytes > 0;
    }

    public long videoFrames() {
        return videoFrames;
    }

    public String videoCodec() {
        return videoCodec;
    }

    public String audioCodec() {
        return audioCodec;
    }

    /** Video payload rate in kbit/s (1 kbit = 1024 bits, as ffmpeg's FLV muxer writes it); 0 without duration. */
    public double videoDataRate() {
        return kbitPerSecond(videoBodyBytes);
    }

    /** Audio payload rate in kbit/s, like {@link #videoDataRate()}. */
    public double audioDataRate() {
        return kbitPerSecond(audioBodyBytes);
    }

    /** Frames per second measured over the video frames; 0 when fewer than two frames span any time. */
    public double measuredFrameRate() {
        long span = lastVideoTimestamp - firstVideoTimestamp;
        return videoFrames < 2 || span <= 0 ? 0 : (videoFrames - 1) * 1000.0 / span;
    }

    /** Timestamp of the last keyframe, or -1. */
    public long lastKeyframeTimestamp() {
        return lastKeyframeTimestamp;
    }

    /** File offset of the last keyframe's tag, or -1. */
    public long lastKeyframePosition() {
        return lastKeyframePosition;
    }

    private double kbitPerSecond(long bytes) {
        long millis = durationMillis();
        return millis == 0 ? 0 : bytes * 8.0 / 1024.0 / (millis / 1000.0);
    }
}
