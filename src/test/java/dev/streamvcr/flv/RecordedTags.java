package dev.streamvcr.flv;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link TagSink} that keeps what it is given, with a queue that tests fill and drain. */
final class RecordedTags implements TagSink {

    record Written(int type, long timestamp, Buffer payload) {
        boolean isMetadata() {
            return type == SyntheticMedia.DATA;
        }
    }

    final List<Written> tags = new ArrayList<>();
    Map<String, Object> metadata;
    boolean queueFull;
    private long bytes = FlvFormat.HEADER_SIZE + FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
    private Handler<Void> drainHandler;

    @Override
    public void writeMetadata(Map<String, Object> streamMetadata) {
        if (metadata != null || !tags.isEmpty()) {
            throw new IllegalStateException("metadata must be written once, first");
        }
        metadata = streamMetadata;
        tags.add(new Written(SyntheticMedia.DATA, 0, Buffer.buffer()));
    }

    @Override
    public void writeTag(int type, long timestampMs, Buffer payload) {
        tags.add(new Written(type, timestampMs, payload.copy()));
        bytes += FlvFormat.TAG_HEADER_SIZE + payload.length() + FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
    }

    @Override
    public long bytesWritten() {
        return bytes;
    }

    @Override
    public boolean writeQueueFull() {
        return queueFull;
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        drainHandler = handler;
    }

    void drain() {
        queueFull = false;
        Handler<Void> handler = drainHandler;
        drainHandler = null;
        if (handler != null) {
            handler.handle(null);
        }
    }

    List<Written> media() {
        return tags.stream().filter(tag -> !tag.isMetadata()).toList();
    }

    List<Long> timestamps() {
        return media().stream().map(Written::timestamp).toList();
    }
}
