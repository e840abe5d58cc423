package dev.streamvcr.flv;

import java.util.List;

/**
 * A snapshot of what {@link FlvRecorder} has written.
 *
 * @param state where the recorder is in its life
 * @param bytesWritten size of the file so far, header included
 * @param mediaDurationMillis timestamp of the last written tag (the first is 0)
 * @param bitsPerSecond bytes written per second over the last few seconds, times 8
 * @param videoCodec codec of the video seen in the stream, e.g. "H.264"; {@code null} if none yet
 * @param audioCodec codec of the audio seen in the stream, e.g. "AAC"; {@code null} if none yet
 * @param videoFrames video tags written, sequence headers excluded
 * @param audioFrames audio tags written, sequence headers excluded
 * @param gaps breaks between connections, oldest first
 * @param waitingSinceMillis arrival of the last written tag while a reconnect is in progress,
 *     otherwise -1
 */
public record RecorderSnapshot(
        FlvRecorder.State state,
        long bytesWritten,
        long mediaDurationMillis,
        long bitsPerSecond,
        String videoCodec,
        String audioCodec,
        long videoFrames,
        long audioFrames,
        List<StreamGap> gaps,
        long waitingSinceMillis) {
}
