package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamvcr.fuzz.AllocationLimit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Any bytes as an FLV file: the reader returns tags or fails with {@link FlvFormatException}, allocating no more than
 * the tags it returns need (it reads a tag's body only once all of it is there), and returns the same tags whatever
 * slices the bytes arrive in. Each tag's media header and {@code onMetaData} are read as the recorder reads them,
 * which must not throw. Seeds are short FLV files made by ffmpeg ({@code TestCard.flvBytes}) and recorded from
 * nginx-rtmp (see {@code dev.streamvcr.fuzz.SeedCorpusCapture}).
 */
class FlvFuzzTest {
    private static final long FIXED_ALLOWANCE = 4L * 1024 * 1024;

    @FuzzTest(maxDuration = "60s")
    void readFlv(byte[] input) {
        List<FlvTag> whole = AllocationLimit.within(FIXED_ALLOWANCE + 64L * input.length,
                "reading " + input.length + " bytes", () -> read(input, input.length));
        assertEquals(whole, read(input, 5), "the same bytes in 5-byte slices must give the same tags");
        for (FlvTag tag : whole) {
            if (tag.type() == TagType.SCRIPT_DATA) {
                ScriptData.onMetaData(tag.data());
            } else {
                assertEquals(tag.type(), MediaHeader.parse(tag.type(), tag.data()).type());
            }
        }
    }

    /** @return the tags read up to the end of the input or the first format error */
    private static List<FlvTag> read(byte[] input, int slice) {
        FlvReader reader = new FlvReader();
        ByteBuf pending = Unpooled.buffer();
        List<FlvTag> tags = new ArrayList<>();
        try {
            for (int from = 0; from < input.length; from += slice) {
                pending.writeBytes(input, from, Math.min(slice, input.length - from));
                for (FlvTag tag = reader.next(pending); tag != null; tag = reader.next(pending)) {
                    tags.add(tag);
                }
                pending.discardReadBytes();
            }
            reader.finish(pending);
            assertTrue(reader.offset() <= input.length);
        } catch (FlvFormatException expected) {
            // malformed input: the declared failure
        }
        return tags;
    }
}
