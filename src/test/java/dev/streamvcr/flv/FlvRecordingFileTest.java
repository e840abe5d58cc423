package dev.streamvcr.flv;

import static dev.streamvcr.flv.SyntheticMedia.AUDIO;
import static dev.streamvcr.flv.SyntheticMedia.DATA;
import static dev.streamvcr.flv.SyntheticMedia.VIDEO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.EcmaArray;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A synthetic live stream through {@link FlvRecorder} and {@link FlvWriter} to disk, read back. */
class FlvRecordingFileTest {

    private static final long START = 1_000_000;

    @TempDir
    Path dir;
    private final OnContext context = new OnContext();

    @AfterEach
    void closeVertx() throws Exception {
        context.close();
    }

    /** Video every 40 ms, a keyframe every 25 frames, audio 20 ms after each video frame. */
    private static void publish(FlvRecorder recorder, long wireStart, long arrivalStart, int frames) {
        for (int i = 0; i < frames; i++) {
            long wire = (wireStart + i * 40L) & 0xFFFFFFFFL;
            long arrival = arrivalStart + i * 40L;
            recorder.accept(VIDEO, wire,
                    i % 25 == 0 ? SyntheticMedia.avcKeyframe(i) : SyntheticMedia.avcInterFrame(i), arrival);
            recorder.accept(AUDIO, (wire + 20) & 0xFFFFFFFFL, SyntheticMedia.aacFrame(i), arrival + 20);
        }
    }

    private static Buffer metadata(double width) {
        Map<String, Object> entries = Map.of("width", width, "videocodecid", 7.0, "audiocodecid", 10.0);
        return Buffer.buffer(Amf0.encodeAll("@setDataFrame", "onMetaData", new EcmaArray(entries)));
    }

    @Test
    void recordingAcrossWrapAndReconnectReadsBackAsOneTimeline() throws Exception {
        Path file = dir.resolve("part-0001.flv");
        FlvWriter writer = context.call(() -> FlvWriter.create(context.vertx(), file, true, true));
        FlvRecorder recorder = new FlvRecorder(writer, START);
        context.run(() -> {
            recorder.accept(DATA, 0, metadata(640), START - 2_000);
            recorder.accept(VIDEO, 0, SyntheticMedia.avcSequenceHeader(1), START - 2_000);
            recorder.accept(AUDIO, 0, SyntheticMedia.aacSequenceHeader(), START - 2_000);
            // The wire clock passes 0xFFFFFFFF about 2.5 s into the stream.
            publish(recorder, 0xFFFFFFFFL - 2_500, START - 1_300, 150);
            recorder.onReconnect();
            recorder.accept(DATA, 0, metadata(1920), START + 10_000);
            recorder.accept(VIDEO, 0, SyntheticMedia.avcSequenceHeader(1), START + 10_000);
            recorder.accept(AUDIO, 0, SyntheticMedia.aacSequenceHeader(), START + 10_000);
            publish(recorder, 0, START + 10_000, 100);
        });
        context.call(writer::close);

        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0}, Arrays.copyOf(bytes, 13));
        List<FlvTag> tags = new ArrayList<>();
        FlvReader.readFile(file, tags::add); // checks every PreviousTagSize on the way
        FlvTag last = tags.get(tags.size() - 1);
        assertEquals(last.size(), Buffer.buffer(bytes).getInt(bytes.length - 4));

        assertEquals(TagType.SCRIPT_DATA, tags.get(0).type());
        assertEquals(SyntheticMedia.avcSequenceHeader(1), tags.get(1).data());
        assertEquals(SyntheticMedia.aacSequenceHeader(), tags.get(2).data());
        assertTrue(MediaHeader.parse(TagType.VIDEO, tags.get(3).data()).keyframe());
        for (int i = 0; i < 4; i++) {
            assertEquals(0, tags.get(i).timestamp(), "tag " + i);
        }
        // The keyframe of START - 300 opens the file: 25 frames of the first 150 precede it.
        assertEquals(1 + 2 + 125 * 2 + 100 * 2, tags.size());
        for (int i = 1; i < tags.size(); i++) {
            assertTrue(tags.get(i).timestamp() >= tags.get(i - 1).timestamp(), "monotonic at tag " + i);
        }
        long lastVideoOfFirstConnection = 124 * 40;
        // video resumes on its 40 ms grid, at least one reconnect step after the last tag (audio, 20 ms later)
        long resumed = lastVideoOfFirstConnection + 2 * 40;
        assertTrue(resumed >= lastVideoOfFirstConnection + 20 + Timeline.RECONNECT_STEP_MS);
        FlvTag firstAfterReconnect = tags.get(3 + 125 * 2);
        assertEquals(resumed, firstAfterReconnect.timestamp());
        assertEquals(resumed + 99 * 40 + 20, last.timestamp());

        Map<String, Object> metadata = ScriptData.onMetaData(tags.get(0).data());
        assertEquals(640.0, metadata.get("width"), "the stream's first onMetaData is kept");
        assertEquals(last.timestamp() / 1000.0, metadata.get("duration"));
        assertEquals((double) bytes.length, metadata.get("filesize"));
        Map<String, Object> finalised = FinalisedFile.check(file);
        @SuppressWarnings("unchecked")
        List<Double> times = ((Map<String, List<Double>>) finalised.get("keyframes")).get("times");
        assertTrue(times.contains(firstAfterReconnect.timestamp() / 1000.0), "the keyframe after the reconnect is indexed");
        // From the last tag of the first connection (audio at START + 4 680) to its first keyframe.
        assertEquals(List.of(new StreamGap(START + 4_680, 5_320)), recorder.snapshot(START + 20_000).gaps());
    }

    @Test
    void streamWithoutMetadataGetsAMinimalOne() throws Exception {
        Path file = dir.resolve("bare.flv");
        FlvWriter writer = context.call(() -> FlvWriter.create(context.vertx(), file, true, true));
        FlvRecorder recorder = new FlvRecorder(writer, START);
        context.run(() -> {
            recorder.accept(VIDEO, 0, SyntheticMedia.avcSequenceHeader(1), START);
            recorder.accept(AUDIO, 0, SyntheticMedia.aacSequenceHeader(), START);
            publish(recorder, 0, START, 30);
        });
        context.call(writer::close);

        List<FlvTag> tags = new ArrayList<>();
        FlvReader.readFile(file, tags::add);
        Map<String, Object> metadata = ScriptData.onMetaData(tags.get(0).data());
        assertEquals(1_180 / 1000.0, metadata.get("duration"));
        assertEquals((double) Files.size(file), metadata.get("filesize"));
        assertEquals(List.of(), OnMetaData.streamEntries(metadata).keySet().stream()
                .filter(key -> !key.equals("framerate")).toList(), "nothing but computed figures");
        assertEquals(25.0, (double) metadata.get("framerate"), 0.01, "measured: a frame every 40 ms");
        assertTrue(MediaHeader.parse(TagType.VIDEO, tags.get(1).data()).sequenceHeader());
        FinalisedFile.check(file);
        assertTrue(MediaHeader.parse(TagType.VIDEO, tags.get(3).data()).keyframe());
    }
}
