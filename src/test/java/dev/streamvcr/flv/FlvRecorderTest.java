package dev.streamvcr.flv;

import static dev.streamvcr.flv.SyntheticMedia.AUDIO;
import static dev.streamvcr.flv.SyntheticMedia.DATA;
import static dev.streamvcr.flv.SyntheticMedia.VIDEO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlvRecorderTest {

    private static final int FRAME_MS = 40;
    private static final int AUDIO_LAG_MS = 20;
    private static final int VIDEO_HEADER = 5;

    private final RecordedTags sink = new RecordedTags();

    /**
     * A live publisher: video every 40 ms with a keyframe every {@code gop} frames starting at
     * frame {@code firstKey}, each followed by an audio frame 20 ms later; arrival keeps pace with
     * the wire clock. Frame i carries serial {@code serialBase + i}.
     */
    private static void publish(FlvRecorder recorder, long wireStart, long arrivalStart, int frames, int gop,
            int firstKey, int serialBase) {
        for (int i = 0; i < frames; i++) {
            long wire = (wireStart + (long) i * FRAME_MS) & 0xFFFFFFFFL;
            long arrival = arrivalStart + (long) i * FRAME_MS;
            boolean key = i >= firstKey && (i - firstKey) % gop == 0;
            int serial = serialBase + i;
            recorder.accept(VIDEO, wire,
                    key ? SyntheticMedia.avcKeyframe(serial) : SyntheticMedia.avcInterFrame(serial), arrival);
            recorder.accept(AUDIO, (wire + AUDIO_LAG_MS) & 0xFFFFFFFFL, SyntheticMedia.aacFrame(serial),
                    arrival + AUDIO_LAG_MS);
        }
    }

    private static void sendSequenceHeaders(FlvRecorder recorder, int avcVariant, long arrival) {
        recorder.accept(VIDEO, 0, SyntheticMedia.avcSequenceHeader(avcVariant), arrival);
        recorder.accept(AUDIO, 0, SyntheticMedia.aacSequenceHeader(), arrival);
    }

    private static int serial(RecordedTags.Written tag) {
        return SyntheticMedia.serialOf(tag.payload(), tag.type() == VIDEO ? VIDEO_HEADER : 2);
    }

    private static boolean isKeyframe(RecordedTags.Written tag) {
        return MediaHeader.parse(TagType.ofId(tag.type()), tag.payload()).keyframe();
    }

    /**
     * Asserts the file's opening (metadata, the video then audio sequence headers, media from 0) and returns the
     * index of its first video frame, which must be a keyframe; the audio before it is the lead-in.
     */
    private int assertFileStart(int avcVariant) {
        assertEquals(DATA, sink.tags.get(0).type(), "onMetaData comes first");
        assertEquals(VIDEO, sink.tags.get(1).type());
        assertEquals(SyntheticMedia.avcSequenceHeader(avcVariant), sink.tags.get(1).payload());
        assertEquals(0, sink.tags.get(1).timestamp());
        assertEquals(SyntheticMedia.aacSequenceHeader(), sink.tags.get(2).payload());
        assertEquals(0, sink.tags.get(2).timestamp());
        assertEquals(0, sink.tags.get(3).timestamp(), "media starts at 0");
        int first = 3;
        while (sink.tags.get(first).type() == AUDIO) {
            first++;
        }
        assertTrue(isKeyframe(sink.tags.get(first)), "video starts with a keyframe");
        return first;
    }

    @Test
    void startsFromBufferedKeyframeThatArrivedWithinToleranceBeforeStart() {
        FlvRecorder recorder = new FlvRecorder(sink, 10_000);
        sendSequenceHeaders(recorder, 1, 8_000);
        // Keyframes arrive at 8 700, 9 700 (300 ms before the start) and 10 700.
        publish(recorder, 50_000, 8_700, 50, 25, 0, 0);

        assertEquals(3, assertFileStart(1), "a buffered group needs no lead-in");
        assertEquals(25, serial(sink.tags.get(3)), "the keyframe of 9 700, not 10 700");
        assertEquals(AUDIO, sink.tags.get(4).type());
        assertEquals(AUDIO_LAG_MS, sink.tags.get(4).timestamp());
        assertEquals(25 * 2, sink.media().size() - 2, "every frame from the chosen keyframe on");
        assertEquals(FlvRecorder.State.RECORDING, recorder.state());
    }

    @Test
    void startsFromTheGroupRunningAtTheStartThoughItsKeyframeCameLongBefore() {
        FlvRecorder recorder = new FlvRecorder(sink, 10_000);
        sendSequenceHeaders(recorder, 1, 8_000);
        // Keyframes arrive at 8 500 (1 500 ms before the start) and 10 500: the first message at the start writes.
        publish(recorder, 50_000, 8_500, 75, 50, 0, 0);

        assertEquals(3, assertFileStart(1), "a buffered group needs no lead-in");
        assertEquals(0, serial(sink.tags.get(3)), "the keyframe of 8 500, whose group runs at the start");
        assertEquals(75 * 2, sink.media().size() - 2, "every frame from that keyframe on: none of the window missing");
    }

    @Test
    void waitsForNextKeyframeWhenBufferedOneIsBeyondTolerance() {
        FlvRecorder recorder = new FlvRecorder(sink, 10_000, 1000, FlvRecorder.DEFAULT_MAX_GOP_BYTES);
        sendSequenceHeaders(recorder, 1, 8_000);
        // Keyframes arrive at 8 500 (1 500 ms before the start) and 10 500.
        publish(recorder, 50_000, 8_500, 75, 50, 0, 0);

        int keyframe = assertFileStart(1);
        assertEquals(50, serial(sink.tags.get(keyframe)), "the keyframe of 10 500");
        // Audio 37 (arriving at 10 000, the start) to 49 leads in.
        assertEquals(37, serial(sink.tags.get(3)));
        assertEquals(13, keyframe - 3);
        assertEquals((50 - 37) * FRAME_MS - AUDIO_LAG_MS, sink.tags.get(keyframe).timestamp(),
                "the keyframe keeps its distance to the audio before it");
        assertEquals(25 * 2 + 13, sink.media().size() - 2);
    }

    @Test
    void audioTimedAfterTheKeyframeFollowsIt() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        recorder.accept(AUDIO, 1_000, SyntheticMedia.aacFrame(1), 1_000);
        // An audio frame timed 10 ms after the keyframe arrives just before it.
        recorder.accept(AUDIO, 1_510, SyntheticMedia.aacFrame(2), 1_500);
        recorder.accept(VIDEO, 1_500, SyntheticMedia.avcKeyframe(3), 1_500);

        int keyframe = assertFileStart(1);
        assertEquals(4, keyframe, "one frame leads in");
        assertEquals(List.of(0L, 500L, 510L), sink.tags.subList(3, 6).stream().map(RecordedTags.Written::timestamp)
                .toList());
        assertEquals(2, serial(sink.tags.get(keyframe + 1)), "audio timed after the keyframe comes after it");
    }

    @Test
    void aStreamThatAnnouncesVideoButSendsNoneIsRecordedFromItsAudioAndVideoJoinsAtAKeyframe() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        recorder.accept(DATA, 0, Buffer.buffer(dev.streamvcr.rtmp.amf.Amf0.encodeAll("onMetaData",
                new dev.streamvcr.rtmp.amf.EcmaArray(java.util.Map.of("videocodecid", 7.0)))), 0);
        sendSequenceHeaders(recorder, 1, 0);
        int serial = 0;
        long wire = 1_000;
        for (; wire < 1_000 + AudioLeadIn.MAX_SPAN_MILLIS; wire += 23) {
            recorder.accept(AUDIO, wire, SyntheticMedia.aacFrame(serial++), wire);
        }
        assertFalse(recorder.started(), "still waiting for the announced video");
        recorder.accept(AUDIO, wire, SyntheticMedia.aacFrame(serial++), wire);
        assertTrue(recorder.started(), "ten seconds of sound without a keyframe: the sound is recorded");
        assertEquals(FlvRecorder.State.RECORDING, recorder.state());
        assertEquals(serial, sink.media().stream().filter(t -> t.type() == AUDIO).count() - 1, "all of it, from 0");
        // Video turns up mid-group: nothing of it until its keyframe.
        recorder.accept(VIDEO, wire + 10, SyntheticMedia.avcInterFrame(100), wire + 10);
        recorder.accept(VIDEO, wire + 43, SyntheticMedia.avcKeyframe(101), wire + 43);
        recorder.accept(VIDEO, wire + 76, SyntheticMedia.avcInterFrame(102), wire + 76);
        List<RecordedTags.Written> video = sink.media().stream()
                .filter(t -> t.type() == VIDEO && !t.payload().equals(SyntheticMedia.avcSequenceHeader(1))).toList();
        assertEquals(List.of(101, 102), video.stream().map(FlvRecorderTest::serial).toList());
        assertTrue(isKeyframe(video.get(0)));
    }

    @Test
    void oversizedGroupOfPicturesIsDroppedAndNextKeyframeUsed() {
        FlvRecorder recorder = new FlvRecorder(sink, 10_000, 1000, 500);
        sendSequenceHeaders(recorder, 1, 8_000);
        publish(recorder, 50_000, 8_700, 60, 25, 0, 0);

        assertEquals(50, serial(sink.tags.get(assertFileStart(1))), "the 9 700 group outgrew 500 bytes before the start");
    }

    @Test
    void nothingIsWrittenBeforeStart() {
        FlvRecorder recorder = new FlvRecorder(sink, 10_000);
        sendSequenceHeaders(recorder, 1, 8_000);
        publish(recorder, 50_000, 8_000, 40, 25, 0, 0);

        assertTrue(sink.tags.isEmpty());
        assertFalse(recorder.started());
        assertEquals(FlvRecorder.State.WAITING_FOR_START, recorder.state());
    }

    @Test
    void audioOnlyStreamStartsWithFirstAudioFrameAfterStart() {
        FlvRecorder recorder = new FlvRecorder(sink, 10_000);
        recorder.accept(AUDIO, 0, SyntheticMedia.aacSequenceHeader(), 9_000);
        for (int i = 0; i < 100; i++) {
            recorder.accept(AUDIO, 7_000 + i * 23L, SyntheticMedia.aacFrame(i), 9_000 + i * 23L);
        }

        assertEquals(DATA, sink.tags.get(0).type());
        assertEquals(SyntheticMedia.aacSequenceHeader(), sink.tags.get(1).payload());
        // 9 000 + 44 * 23 = 10 012 is the first arrival at or after the start.
        assertEquals(44, SyntheticMedia.serialOf(sink.tags.get(2).payload(), 2));
        assertEquals(0, sink.tags.get(2).timestamp());
        assertEquals(23, sink.tags.get(3).timestamp());
    }

    @Test
    void tagsArrivingAtOrAfterEndAreNotWritten() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        recorder.stopAt(2_000);
        sendSequenceHeaders(recorder, 1, 1_000);
        publish(recorder, 0, 1_000, 50, 25, 0, 0);

        // Video arrives at 1 000 + 40 i, audio 20 ms later: both stop before 2 000.
        RecordedTags.Written last = sink.media().get(sink.media().size() - 1);
        assertEquals(24, serial(last));
        assertEquals(AUDIO, last.type());
        assertEquals(FlvRecorder.State.ENDED, recorder.state());
        int written = sink.tags.size();
        publish(recorder, 2_000, 3_000, 30, 25, 0, 100);
        assertEquals(written, sink.tags.size());
    }

    @Test
    void stopDropsEverythingAfterIt() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        publish(recorder, 0, 1_000, 5, 25, 0, 0);
        recorder.stop();
        publish(recorder, 200, 1_200, 5, 25, 0, 5);

        assertEquals(FlvRecorder.State.ENDED, recorder.state());
        assertEquals(2 + 10, sink.media().size(), "sequence headers and the 5 frames before the stop");
    }

    @Test
    void timestampsAreRebasedAndExtendedAcrossWrapAround() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        // 0xFFFFFE00 + 40 i passes 0xFFFFFF00 and 0x00000100 on the way.
        publish(recorder, 0xFFFFFE00L, 1_000, 30, 25, 0, 0);

        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add((long) i * FRAME_MS);
            expected.add((long) i * FRAME_MS + AUDIO_LAG_MS);
        }
        List<Long> actual = sink.timestamps().subList(2, sink.timestamps().size());
        assertEquals(expected, actual);
    }

    @Test
    void audioKeepsItsOffsetToVideoAndEachTrackNeverGoesBackwards() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        recorder.accept(VIDEO, 1_000, SyntheticMedia.avcKeyframe(0), 10);
        recorder.accept(AUDIO, 990, SyntheticMedia.aacFrame(0), 11);
        recorder.accept(VIDEO, 1_040, SyntheticMedia.avcInterFrame(1), 12);
        recorder.accept(AUDIO, 1_030, SyntheticMedia.aacFrame(1), 13);
        recorder.accept(VIDEO, 1_020, SyntheticMedia.avcInterFrame(2), 14);
        recorder.accept(AUDIO, 1_070, SyntheticMedia.aacFrame(2), 15);

        // Audio 10 ms behind video stays 10 ms behind (the first is clamped to the file's start); the
        // video step back to 1 020 is clamped to the previous video timestamp.
        List<Long> media = sink.timestamps().subList(2, sink.timestamps().size());
        assertEquals(List.of(0L, 0L, 40L, 30L, 40L, 70L), media);
    }

    @Test
    void reconnectContinuesTimelineFromNextKeyframeAndRecordsGap() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 1_000);
        publish(recorder, 100_000, 1_000, 50, 25, 0, 0);
        long lastBefore = 49 * FRAME_MS + AUDIO_LAG_MS;
        assertEquals(lastBefore, sink.timestamps().get(sink.timestamps().size() - 1));
        int writtenBefore = sink.tags.size();

        recorder.onReconnect();
        assertEquals(FlvRecorder.State.WAITING_FOR_KEYFRAME, recorder.state());
        sendSequenceHeaders(recorder, 1, 5_000);
        // Wire time restarts at 0; the first keyframe is frame 10, arriving at 5 400.
        publish(recorder, 0, 5_000, 30, 25, 10, 1_000);

        List<RecordedTags.Written> after = sink.tags.subList(writtenBefore, sink.tags.size());
        assertEquals(VIDEO, after.get(0).type(), "unchanged sequence headers are not written again");
        assertTrue(isKeyframe(after.get(0)));
        assertEquals(1_010, serial(after.get(0)));
        assertEquals(resumesAt(lastBefore), after.get(0).timestamp());
        assertEquals(resumesAt(lastBefore) + AUDIO_LAG_MS, after.get(1).timestamp());
        assertEquals(20 * 2, after.size());
        long lastArrivalBefore = 1_000 + 49 * FRAME_MS + AUDIO_LAG_MS;
        assertEquals(List.of(new StreamGap(lastArrivalBefore, 5_400 - lastArrivalBefore)),
                recorder.snapshot(6_000).gaps());
        assertEquals(-1, recorder.snapshot(6_000).waitingSinceMillis());
    }

    @Test
    void changedSequenceHeaderIsWrittenBeforeFirstFrameAfterReconnect() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 1_000);
        publish(recorder, 0, 1_000, 10, 25, 0, 0);
        long last = sink.timestamps().get(sink.timestamps().size() - 1);
        int writtenBefore = sink.tags.size();

        recorder.onReconnect();
        assertEquals(1_000 + 9 * FRAME_MS + AUDIO_LAG_MS, recorder.snapshot(2_000).waitingSinceMillis());
        sendSequenceHeaders(recorder, 2, 3_000);
        publish(recorder, 0, 3_000, 5, 25, 0, 100);

        List<RecordedTags.Written> after = sink.tags.subList(writtenBefore, sink.tags.size());
        assertEquals(SyntheticMedia.avcSequenceHeader(2), after.get(0).payload());
        assertEquals(resumesAt(last), after.get(0).timestamp());
        assertTrue(isKeyframe(after.get(1)));
        assertEquals(resumesAt(last), after.get(1).timestamp());
        assertEquals(AUDIO, after.get(2).type());
        assertEquals(SyntheticMedia.aacFrame(100), after.get(2).payload(), "the unchanged AAC header is not repeated");
    }

    @Test
    void sourceClockRestartWithinConnectionIsTreatedLikeReconnect() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        publish(recorder, 600_000, 1_000, 25, 25, 0, 0);
        long last = sink.timestamps().get(sink.timestamps().size() - 1);

        // The publisher restarted: wire time falls back to 0 and a new group starts at frame 3.
        publish(recorder, 0, 2_000, 10, 25, 3, 100);

        List<Long> timestamps = sink.timestamps();
        assertEquals(2 + 50 + 14, timestamps.size(), "frames before the new keyframe are dropped");
        assertEquals(resumesAt(last), timestamps.get(2 + 50));
        for (int i = 1; i < timestamps.size(); i++) {
            assertTrue(timestamps.get(i) >= timestamps.get(i - 1), "monotonic at " + i);
        }
    }

    @Test
    void backpressureIsReportedOnceUntilDrained() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        List<Boolean> signals = new ArrayList<>();
        recorder.backpressureHandler(signals::add);
        publish(recorder, 0, 0, 2, 25, 0, 0);
        assertEquals(List.of(), signals);

        sink.queueFull = true;
        publish(recorder, 80, 80, 3, 25, 0, 10);
        assertEquals(List.of(true), signals);
        assertTrue(recorder.writeQueueFull());

        sink.drain();
        assertEquals(List.of(true, false), signals);
    }

    @Test
    void snapshotReportsCodecsFramesDurationAndBitrate() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        publish(recorder, 0, 0, 250, 25, 0, 0);

        RecorderSnapshot snapshot = recorder.snapshot(10_000);
        assertEquals("H.264", snapshot.videoCodec());
        assertEquals("AAC", snapshot.audioCodec());
        assertEquals(250, snapshot.videoFrames());
        assertEquals(250, snapshot.audioFrames());
        assertEquals(249 * FRAME_MS + AUDIO_LAG_MS, snapshot.mediaDurationMillis());
        assertEquals(sink.bytesWritten(), snapshot.bytesWritten());
        // Each second: 1 keyframe, 24 inter frames, 25 audio frames, each with 15 bytes of framing.
        long bitsPerSecond = 8 * ((15 + 209) + 24 * (15 + 59) + 25 * (15 + 26));
        assertEquals(bitsPerSecond, snapshot.bitsPerSecond(), bitsPerSecond * 0.05);
        assertEquals(0, recorder.snapshot(60_000).bitsPerSecond());
    }

    @Test
    void otherMessageTypesAreIgnored() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        recorder.accept(20, 0, Buffer.buffer(new byte[] {2, 0, 1, 'x'}), 0);
        recorder.accept(15, 0, Buffer.buffer(new byte[] {0}), 0);
        assertTrue(sink.tags.isEmpty());
    }

    @Test
    void keyframeWithoutItsSequenceHeaderIsNoStartingPoint() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        // A player that joins a stream whose server did not send the AVC and AAC configuration first.
        publish(recorder, 0, 1_000, 30, 25, 0, 0);
        assertTrue(sink.tags.isEmpty(), "nothing decodable yet");
        sendSequenceHeaders(recorder, 1, 2_200);
        publish(recorder, 1_200, 2_200, 30, 25, 5, 100);

        int keyframe = assertFileStart(1);
        assertEquals(105, serial(sink.tags.get(keyframe)), "the first keyframe after the configuration arrived");
        assertEquals(100, serial(sink.tags.get(3)), "audio leads in from the configuration on");
    }

    @Test
    void aacFramesBeforeTheirSequenceHeaderAreDropped() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        recorder.accept(VIDEO, 0, SyntheticMedia.avcSequenceHeader(1), 0);
        publish(recorder, 0, 0, 5, 25, 0, 0);
        assertEquals(List.of(VIDEO, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO), sink.media().stream().map(RecordedTags.Written::type).toList());
        recorder.accept(AUDIO, 0, SyntheticMedia.aacSequenceHeader(), 200);
        publish(recorder, 200, 200, 2, 25, 1, 10);

        List<RecordedTags.Written> after = sink.media().subList(6, sink.media().size());
        assertEquals(VIDEO, after.get(0).type());
        assertEquals(SyntheticMedia.aacSequenceHeader(), after.get(1).payload(), "the AAC header precedes its frames");
        assertEquals(SyntheticMedia.aacFrame(10), after.get(2).payload());
    }

    @Test
    void reconnectToAnotherCodecWaitsForThatCodecsSequenceHeader() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        publish(recorder, 0, 0, 10, 25, 0, 0);
        int writtenBefore = sink.tags.size();

        recorder.onReconnect();
        Buffer hevcKeyframe = Buffer.buffer(new byte[] {0x1C, 0x01, 0, 0, 0, 1, 2, 3});
        recorder.accept(VIDEO, 0, hevcKeyframe, 2_000);
        recorder.accept(AUDIO, 20, SyntheticMedia.aacFrame(500), 2_020);
        assertEquals(writtenBefore, sink.tags.size(), "an H.265 keyframe cannot follow an H.264 configuration");

        Buffer hevcConfig = Buffer.buffer(new byte[] {0x1C, 0x00, 0, 0, 0, 1, 9});
        recorder.accept(VIDEO, 40, hevcConfig, 2_040);
        recorder.accept(VIDEO, 40, hevcKeyframe, 2_040);
        List<RecordedTags.Written> after = sink.tags.subList(writtenBefore, sink.tags.size());
        assertEquals(hevcConfig, after.get(0).payload(), "the new configuration first");
        assertEquals(hevcKeyframe, after.get(1).payload());
        assertEquals(after.get(0).timestamp(), after.get(1).timestamp());
    }

    @Test
    void timestampsCrossThe24BitBoundaryWithoutAJump() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        // 0xFFFFFE, 0xFFFFFF and 0x1000000 are where the chunk header switches to the extended field.
        long[] wire = {0xFFFFFEL - 80, 0xFFFFFEL - 40, 0xFFFFFEL, 0xFFFFFFL, 0x1000000L, 0x1000000L + 40};
        for (int i = 0; i < wire.length; i++) {
            recorder.accept(VIDEO, wire[i], i == 0 ? SyntheticMedia.avcKeyframe(i) : SyntheticMedia.avcInterFrame(i), i * 40L);
        }
        List<Long> media = sink.timestamps().subList(2, sink.timestamps().size());
        assertEquals(List.of(0L, 40L, 80L, 81L, 82L, 122L), media);
    }

    @Test
    void aClockJumpForwardIsTreatedLikeARestart() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        publish(recorder, 0, 1_000, 25, 25, 0, 0);
        long last = sink.timestamps().get(sink.timestamps().size() - 1);

        // One second later on the wall clock, the source's clock reads an hour later.
        publish(recorder, 3_600_000, 2_000, 10, 25, 2, 100);

        List<Long> timestamps = sink.timestamps();
        assertEquals(resumesAt(last), timestamps.get(2 + 50), "continues one frame later, not an hour");
        assertEquals(102, serial(sink.tags.get(2 + 2 + 50)), "from the next keyframe");
        assertTrue(timestamps.get(timestamps.size() - 1) < 2_000, "file length stays real: " + timestamps);
    }

    @Test
    void audioKeepsItsOffsetAcrossAReconnect() {
        FlvRecorder recorder = new FlvRecorder(sink, 0);
        sendSequenceHeaders(recorder, 1, 0);
        publish(recorder, 0, 1_000, 10, 25, 0, 0);
        long last = sink.timestamps().get(sink.timestamps().size() - 1);
        int writtenBefore = sink.tags.size();

        recorder.onReconnect();
        publish(recorder, 70_000, 4_000, 5, 25, 0, 100);

        List<RecordedTags.Written> after = sink.tags.subList(writtenBefore, sink.tags.size());
        for (int i = 0; i < after.size(); i += 2) {
            assertEquals(after.get(i).timestamp() + AUDIO_LAG_MS, after.get(i + 1).timestamp(), "audio 20 ms after video");
        }
        assertEquals(resumesAt(last), after.get(0).timestamp());
    }

    /**
     * Where video resumes after a reconnect whose last written tag (audio, {@value #AUDIO_LAG_MS} ms behind the last
     * video frame) was at {@code lastWritten}: on the video's frame grid, at least one 30 fps frame after it.
     */
    private static long resumesAt(long lastWritten) {
        long lastVideo = lastWritten - AUDIO_LAG_MS;
        long frames = (lastWritten + Timeline.RECONNECT_STEP_MS - lastVideo + FRAME_MS - 1) / FRAME_MS;
        return lastVideo + Math.max(1, frames) * FRAME_MS;
    }
}
