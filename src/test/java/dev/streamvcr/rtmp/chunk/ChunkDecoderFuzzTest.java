package dev.streamvcr.rtmp.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamvcr.fuzz.AllocationLimit;
import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Any bytes after the handshake: the chunk decoder either returns messages within its size limit or fails with
 * {@link RtmpProtocolException}; it never allocates for a message before checking its declared length, and it
 * decodes the same messages whatever slices the bytes arrive in. Seeds are chunk streams captured from nginx-rtmp
 * (see {@code dev.streamvcr.fuzz.SeedCorpusCapture}).
 */
class ChunkDecoderFuzzTest {
    /** Small enough that a fuzzed length over it is easy to reach, big enough for the captured streams. */
    private static final int MAX_MESSAGE = 64 * 1024;
    /** Two messages' worth of partial buffers (the decoder's own bound) plus per-byte bookkeeping. */
    private static final long ALLOCATION_BOUND = 3L * MAX_MESSAGE + 1024 * 1024;

    @FuzzTest(maxDuration = "60s")
    void decodeChunkStream(byte[] input) {
        List<RtmpMessage> whole = AllocationLimit.within(ALLOCATION_BOUND + 64L * input.length,
                "decoding " + input.length + " bytes", () -> decode(input, input.length));
        List<RtmpMessage> sliced = decode(input, 7);
        assertEquals(whole, sliced, "the same bytes in 7-byte slices must decode to the same messages");
    }

    /** @return the messages decoded up to the end of the input or the first protocol error */
    private static List<RtmpMessage> decode(byte[] input, int slice) {
        ChunkDecoder decoder = new ChunkDecoder(MAX_MESSAGE);
        List<RtmpMessage> messages = new ArrayList<>();
        try {
            for (int from = 0; from < input.length; from += slice) {
                ByteBuf in = Unpooled.wrappedBuffer(input, from, Math.min(slice, input.length - from));
                for (RtmpMessage message = decoder.decode(in); message != null; message = decoder.decode(in)) {
                    assertTrue(message.payload().length <= MAX_MESSAGE, "message over the limit: " + message);
                    messages.add(message);
                }
                assertEquals(0, in.readableBytes(), "decode must consume every byte it is given");
            }
        } catch (RtmpProtocolException expected) {
            // malformed input: the declared failure
        }
        return messages;
    }
}
