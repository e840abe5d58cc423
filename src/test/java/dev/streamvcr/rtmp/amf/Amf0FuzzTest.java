package dev.streamvcr.rtmp.amf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Any bytes as the AMF0 values of one command or script data message, AMF3 switches included: decoding returns
 * values or throws {@link Amf0Exception}, within the allocation bound, and what it returns re-encodes to equal
 * values. Seeds are commands and metadata captured from nginx-rtmp and ffmpeg (see
 * {@code dev.streamvcr.fuzz.SeedCorpusCapture}).
 */
class Amf0FuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decodeAmf0(byte[] input) {
        List<Object> values = AmfFuzzChecks.decode(input.length, () -> Amf0.decodeAll(input));
        if (values != null) {
            AmfFuzzChecks.roundTrip(values);
        }
    }
}
