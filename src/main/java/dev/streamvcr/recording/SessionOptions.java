package dev.streamvcr.recording;

import dev.streamvcr.rtmp.client.RtmpClientOptions;

/** The RTMP client options a recording session connects with. */
final class SessionOptions {

    private SessionOptions() {
    }

    static RtmpClientOptions rtmp(SessionSettings settings) {
        return RtmpClientOptions.defaults()
                .withLive(true)
                .withIdleTimeout(settings.idleTimeout())
                .withMaxMessageSize(settings.maxMessageSize());
    }
}
