package dev.streamvcr.peer;

import java.util.List;

/**
 * What ffprobe found in a media file.
 *
 * @param formatName            ffprobe's container name; rtmpdump's FLV shows as {@code live_flv}
 * @param formatDurationSeconds the container's duration as ffprobe reports it. For a recording that
 *                              joined a live stream late this is the last timestamp, not the length
 * @param startTimeSeconds      the first timestamp (0 for a file that starts at zero)
 * @param packetSpanSeconds     latest packet pts minus earliest over all streams: the real
 *                              length of a recording, whatever its timestamps start at
 * @param streams               in file order
 */
public record MediaInfo(String formatName, double formatDurationSeconds, double startTimeSeconds,
                        double packetSpanSeconds, List<StreamInfo> streams) {

    /**
     * One elementary stream.
     *
     * @param codecType  {@code video}, {@code audio}, {@code data}, …
     * @param codecName  ffprobe's codec name, e.g. {@code h264}, {@code aac}
     * @param frameCount frames the decoder actually produced ({@code -count_frames}), not a header's claim
     * @param width      the picture's width in pixels; 0 for a stream without pictures
     * @param height     the picture's height in lines; 0 for a stream without pictures
     */
    public record StreamInfo(int index, String codecType, String codecName, long frameCount, int width, int height) {
    }

    public List<String> codecNames() {
        return streams.stream().map(StreamInfo::codecName).toList();
    }

    public boolean hasCodec(String codecName) {
        return codecNames().contains(codecName);
    }

    /** The first video stream's picture size, e.g. {@code 1280x720}; empty without video. */
    public String videoSize() {
        return streams.stream().filter(s -> s.codecType().equals("video")).findFirst()
                .map(s -> s.width() + "x" + s.height()).orElse("");
    }

    /** Decoded video frames over all video streams. */
    public long videoFrames() {
        return frames("video");
    }

    /** Decoded audio frames (AAC: 1024 samples each) over all audio streams. */
    public long audioFrames() {
        return frames("audio");
    }

    private long frames(String codecType) {
        return streams.stream().filter(s -> s.codecType().equals(codecType)).mapToLong(StreamInfo::frameCount).sum();
    }
}
