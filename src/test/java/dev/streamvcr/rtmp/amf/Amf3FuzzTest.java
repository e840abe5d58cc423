package dev.streamvcr.rtmp.amf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Any bytes as a sequence of AMF3 values sharing one set of reference tables, as inside one AMF3 command: the reader
 * returns values or throws {@link Amf0Exception}, within the allocation bound, and values with an AMF0 form re-encode
 * to equal values. Seeds are the AMF3 spec examples of {@link Amf3Test}: no peer on this machine speaks AMF3.
 */
class Amf3FuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decodeAmf3(byte[] input) {
        List<Object> values = AmfFuzzChecks.decode(input.length, () -> readAll(input));
        if (values != null) {
            AmfFuzzChecks.roundTrip(values);
        }
    }

    private static List<Object> readAll(byte[] input) {
        ByteBuf in = Unpooled.wrappedBuffer(input);
        Amf3Reader reader = new Amf3Reader(in, 0, new DecodeBudget());
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(reader.read());
        }
        return values;
    }
}
