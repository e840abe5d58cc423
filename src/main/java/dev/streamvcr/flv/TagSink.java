package dev.streamvcr.flv;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * Where {@link FlvRecorder} puts tags: {@link FlvWriter} in production, a list in tests. Calls come
 * from one thread (the Vert.x context that owns the recording).
 */
public interface TagSink {

    /** Writes the {@code onMetaData} script tag at timestamp 0; at most once, before media. */
    void writeMetadata(Map<String, Object> streamMetadata);

    /** Writes one tag; {@code type} is 8 (audio), 9 (video) or 18 (script data). */
    void writeTag(int type, long timestampMs, Buffer payload);

    /** Bytes handed to the sink so far, header included. */
    long bytesWritten();

    /** True while the sink holds more unwritten data than it wants; stop feeding it until drained. */
    boolean writeQueueFull();

    /** Called once when a full queue has drained (replaces the previous handler). */
    void drainHandler(Handler<Void> handler);
}
