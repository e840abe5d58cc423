package dev.streamvcr.rtmp.client;

/**
 * Receives what a playing {@link RtmpPlayer} gets. Calls happen on the Vert.x context that called
 * {@link RtmpPlayer#play}, one at a time; they must not block. To slow the stream down, call
 * {@link RtmpPlayer#pause()} and later {@link RtmpPlayer#resume()}.
 */
public interface RtmpPlayListener {
    /** Audio, video and data messages of the played stream, in arrival order. */
    void onMedia(RtmpMedia media);

    /**
     * Called exactly once after {@link RtmpPlayer#play} succeeded, when playing stops for any reason, including
     * {@link RtmpPlayer#close()} ({@link RtmpFailure.Kind#CLOSED}). Never called if play() failed.
     */
    void onEnd(RtmpFailure reason);
}
