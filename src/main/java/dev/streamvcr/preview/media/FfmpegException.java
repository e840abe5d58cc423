package dev.streamvcr.preview.media;

/**
 * An ffmpeg or ffprobe run that could not start, failed or timed out, or an ffmpeg that cannot be
 * used at all. The message names the program and, for a failed run, ends with its last stderr
 * lines, which is what a person debugging it needs.
 */
public class FfmpegException extends RuntimeException {

    public FfmpegException(String message) {
        super(message);
    }

    public FfmpegException(String message, Throwable cause) {
        super(message, cause);
    }
}
