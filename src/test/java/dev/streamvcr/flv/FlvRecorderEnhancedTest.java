package dev.streamvcr.flv;

import static dev.streamvcr.flv.SyntheticMedia.AUDIO;
import static dev.streamvcr.flv.SyntheticMedia.DATA;
import static dev.streamvcr.flv.SyntheticMedia.VIDEO;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recorder with Enhanced RTMP streams: every piece of codec configuration (per track, per kind:
 * SequenceStart, Metadata, MultichannelConfig) reaches the file before the first frame and again
 * when it changes, as ffmpeg 8 sends them for HEVC + Opus with a second audio track.
 */
class FlvRecorderEnhancedTest {

    private static final Buffer HEVC_START = bytes(0x90, 'h', 'v', 'c', '1', 1, 2, 3);
    private static final Buffer HEVC_COLOR_INFO = bytes(0xD4, 'h', 'v', 'c', '1', 2, 0, 9);
    private static final Buffer OPUS_START = bytes(0x90, 'O', 'p', 'u', 's', 'O', 'H');
    private static final Buffer OPUS_CHANNELS = bytes(0x94, 'O', 'p', 'u', 's', 1, 2, 0, 0, 0, 3);
    private static final Buffer TRACK1_START = bytes(0x95, 0x00, 'm', 'p', '4', 'a', 1, 0x11, 0x88);
    private static final Buffer TRACK1_CHANNELS = bytes(0x95, 0x04, 'm', 'p', '4', 'a', 1, 1, 1);

    private final RecordedTags sink = new RecordedTags();
    private final FlvRecorder recorder = new FlvRecorder(sink, 0);

    private static Buffer bytes(int... values) {
        Buffer buffer = Buffer.buffer();
        for (int value : values) {
            buffer.appendByte((byte) value);
        }
        return buffer;
    }

    private static Buffer hevcFrame(boolean key, int serial) {
        return bytes(key ? 0x91 : 0xA1, 'h', 'v', 'c', '1', 0, 0, 0, serial);
    }

    private static Buffer opusFrame(int serial) {
        return bytes(0x91, 'O', 'p', 'u', 's', serial);
    }

    private static Buffer track1Frame(int serial) {
        return bytes(0x95, 0x01, 'm', 'p', '4', 'a', 1, 0x21, serial);
    }

    private void sendConfiguration(long arrival) {
        recorder.accept(VIDEO, 0, HEVC_START, arrival);
        recorder.accept(AUDIO, 0, OPUS_START, arrival);
        recorder.accept(AUDIO, 0, TRACK1_START, arrival);
        recorder.accept(AUDIO, 0, OPUS_CHANNELS, arrival);
        recorder.accept(AUDIO, 0, TRACK1_CHANNELS, arrival);
        recorder.accept(VIDEO, 0, HEVC_COLOR_INFO, arrival);
    }

    private List<Buffer> payloads(int from) {
        return sink.tags.subList(from, sink.tags.size()).stream().map(RecordedTags.Written::payload).toList();
    }

    @Test
    void everyConfigurationPrecedesTheFirstKeyframe() {
        sendConfiguration(1_000);
        recorder.accept(AUDIO, 10, opusFrame(1), 1_010); // before the keyframe: leads in
        recorder.accept(VIDEO, 33, hevcFrame(false, 1), 1_033);
        recorder.accept(VIDEO, 66, hevcFrame(true, 2), 1_066);
        recorder.accept(AUDIO, 70, opusFrame(2), 1_070);
        recorder.accept(AUDIO, 70, track1Frame(3), 1_070);

        assertEquals(DATA, sink.tags.get(0).type());
        // Video configuration in arrival order, then audio: both tracks' SequenceStart and MultichannelConfig.
        assertEquals(List.of(HEVC_START, HEVC_COLOR_INFO, OPUS_START, TRACK1_START, OPUS_CHANNELS, TRACK1_CHANNELS,
                opusFrame(1), hevcFrame(true, 2), opusFrame(2), track1Frame(3)), payloads(1));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 56L, 60L, 60L),
                sink.tags.subList(1, sink.tags.size()).stream().map(RecordedTags.Written::timestamp).toList());
        assertEquals("H.265", recorder.snapshot(2_000).videoCodec());
        assertEquals("Opus", recorder.snapshot(2_000).audioCodec(), "track 1's AAC does not rename the main track");
    }

    @Test
    void aChangedConfigurationIsWrittenAgainAloneBeforeTheNextFrameOfItsType() {
        sendConfiguration(1_000);
        recorder.accept(VIDEO, 0, hevcFrame(true, 1), 1_000);
        int before = sink.tags.size();
        Buffer newChannels = bytes(0x95, 0x04, 'm', 'p', '4', 'a', 1, 1, 2);
        recorder.accept(AUDIO, 40, newChannels, 1_040);
        recorder.accept(VIDEO, 40, HEVC_COLOR_INFO.copy(), 1_040); // the same bytes again: nothing new
        recorder.accept(VIDEO, 40, hevcFrame(false, 2), 1_040);
        recorder.accept(AUDIO, 45, track1Frame(3), 1_045);

        assertEquals(List.of(hevcFrame(false, 2), newChannels, track1Frame(3)), payloads(before));
    }

    @Test
    void keyframesOfOtherTracksDoNotStartTheFile() {
        recorder.accept(VIDEO, 0, HEVC_START, 1_000);
        recorder.accept(VIDEO, 0, bytes(0x96, 0x00, 'a', 'v', 'c', '1', 1, 7), 1_000);
        recorder.accept(VIDEO, 10, bytes(0x96, 0x01, 'a', 'v', 'c', '1', 1, 0, 0, 0, 5), 1_010);
        assertEquals(List.of(), sink.tags, "a keyframe of track 1 is no place to start track 0");

        recorder.accept(VIDEO, 20, hevcFrame(true, 6), 1_020);
        assertEquals(List.of(HEVC_START, bytes(0x96, 0x00, 'a', 'v', 'c', '1', 1, 7), hevcFrame(true, 6)), payloads(1));
    }
}
