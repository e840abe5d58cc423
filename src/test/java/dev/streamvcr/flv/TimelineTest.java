package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    /** Millisecond timestamps of a 30 fps source, as encoders round them: 0, 33, 67, 100, … */
    private static long frameMs(int frame) {
        return Math.round(frame * 1000.0 / 30);
    }

    @Test
    void reconnectsKeepVideoOnItsFrameGridSoNoTwoFramesShareATick() {
        // Whatever lies between the last video frame and the last tag before the drop (here audio lagging the
        // video by 0..40 ms), and however many frames came before, frames after the reconnect must not land on a
        // 1/30 s tick an earlier frame holds, or ffmpeg sees "non monotonically increasing dts".
        for (int audioLag = 0; audioLag <= 40; audioLag++) {
            for (int framesBefore = 44; framesBefore <= 46; framesBefore++) {
                Timeline timeline = new Timeline();
                List<Long> video = new ArrayList<>();
                connection(timeline, 0, framesBefore, audioLag, video);
                long lastBefore = timeline.lastWritten();
                connection(timeline, 500, 45, audioLag, video);
                assertTrue(video.get(framesBefore) > lastBefore, "after everything already written");
                for (int i = 1; i < video.size(); i++) {
                    long tick = Math.round(video.get(i) * 30 / 1000.0);
                    long previous = Math.round(video.get(i - 1) * 30 / 1000.0);
                    assertTrue(tick > previous, "audio lag " + audioLag + " ms, " + framesBefore + " frames before: "
                            + "frame " + i + " at " + video.get(i) + " ms shares 1/30 s tick " + tick
                            + " with the one before at " + video.get(i - 1) + " ms");
                }
            }
        }
    }

    private static void connection(Timeline timeline, long base, int frames, int audioLag, List<Long> video) {
        timeline.newConnection();
        for (int f = 0; f < frames; f++) {
            long ts = base + frameMs(f);
            video.add(timeline.place(TagType.VIDEO, timeline.extend(ts, ts)));
            timeline.place(TagType.AUDIO, timeline.extend(ts + audioLag, ts + audioLag));
        }
    }
}
