package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A play's listener that keeps what it was told, and can act on each media message as it arrives. */
final class PlayLog implements RtmpPlayListener {
    final List<RtmpMedia> media = new CopyOnWriteArrayList<>();
    final List<RtmpFailure> ends = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    volatile Consumer<RtmpMedia> onEach = m -> { };

    @Override
    public void onMedia(RtmpMedia m) {
        media.add(m);
        onEach.accept(m);
    }

    @Override
    public void onEnd(RtmpFailure reason) {
        ends.add(reason);
        ended.countDown();
    }

    /** The reason of the first onEnd, waiting up to 10 s for it. */
    RtmpFailure awaitEnd() throws InterruptedException {
        assertTrue(ended.await(10, TimeUnit.SECONDS), "onEnd was not called");
        return ends.get(0);
    }
}
