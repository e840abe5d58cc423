package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every finalised file must hold, checked by reading it back strictly. */
public final class FinalisedFile {

    private FinalisedFile() {
    }

    /**
     * The file reads without error; {@code duration} is its last timestamp, {@code filesize} its size, and
     * every {@code keyframes} entry names the offset and time of a real video keyframe tag. Returns the metadata.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> check(Path file) throws IOException {
        List<FlvTag> tags = new ArrayList<>();
        FlvReader.readFile(file, tags::add);
        Map<String, Object> metadata = ScriptData.onMetaData(tags.get(0).data());
        assertNotNull(metadata, "the first tag is onMetaData");
        long lastTimestamp = tags.stream().mapToLong(FlvTag::timestamp).max().orElseThrow();
        assertEquals(lastTimestamp / 1000.0, metadata.get("duration"));
        assertEquals((double) Files.size(file), metadata.get("filesize"));
        Map<Long, FlvTag> byOffset = new HashMap<>();
        tags.forEach(tag -> byOffset.put(tag.offset(), tag));
        Map<String, List<Double>> keyframes = (Map<String, List<Double>>) metadata.get("keyframes");
        assertNotNull(keyframes, "a keyframes index: " + metadata.keySet());
        List<Double> times = keyframes.get("times");
        List<Double> positions = keyframes.get("filepositions");
        assertEquals(times.size(), positions.size());
        assertTrue(times.size() > 1, "an index to seek with: " + times);
        for (int i = 0; i < times.size(); i++) {
            FlvTag tag = byOffset.get(positions.get(i).longValue());
            assertNotNull(tag, "file position " + positions.get(i) + " is the start of a tag");
            assertTrue(MediaHeader.parse(tag.type(), tag.data()).keyframe(), "a video keyframe at " + positions.get(i));
            assertEquals(tag.timestamp() / 1000.0, times.get(i), "time of the keyframe at " + positions.get(i));
        }
        return metadata;
    }
}
