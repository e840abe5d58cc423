package dev.streamvcr.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.fuzz.AllocationLimit;
import java.util.List;
import java.util.function.Supplier;

/** What the AMF fuzz tests require of every decoded input. */
final class AmfFuzzChecks {
    /**
     * Decoded values take more room than their bytes (a one-byte null becomes a list slot, a three-byte string a
     * String object): 256 bytes per input byte is far above that and far below a count or length trusted blindly.
     */
    private static final long BYTES_PER_INPUT_BYTE = 256;
    private static final long FIXED_ALLOWANCE = 4L * 1024 * 1024;

    private AmfFuzzChecks() {
    }

    /**
     * Decodes within the allocation bound; a malformed input must fail with {@link Amf0Exception} only.
     *
     * @return the values, or null for input the decoder rightly refused
     */
    static List<Object> decode(int inputLength, Supplier<List<Object>> decoder) {
        try {
            return AllocationLimit.within(FIXED_ALLOWANCE + BYTES_PER_INPUT_BYTE * inputLength,
                    "decoding " + inputLength + " bytes", decoder);
        } catch (Amf0Exception malformed) {
            return null;
        }
    }

    /**
     * Values that have an AMF0 form re-encode, within the largest RTMP message, to bytes that decode to equal values;
     * hashing them finishes (references cannot expand without bound).
     */
    static void roundTrip(List<Object> values) {
        values.hashCode();
        byte[] encoded;
        try {
            encoded = Amf0.encodeAll(values, 0xFF_FFFF);
        } catch (Amf0Exception noAmf0Form) {
            // a byte array, a dictionary key that is not a non-empty string, or too large: refused by name
            return;
        }
        assertEquals(values, Amf0.decodeAll(encoded), "re-encoded values must decode to equal values");
    }
}
