package dev.streamvcr.hls;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How segments are encrypted (RFC 8216 §4.3.2.4 EXT-X-KEY, §4.3.4.5 EXT-X-SESSION-KEY).
 *
 * @param method            the encryption method
 * @param uri               where the key is, resolved against the playlist's URI; null for {@link Method#NONE}
 * @param explicitIv        the IV attribute as 16 bytes, or null when the IV comes from the sequence number
 * @param keyFormat         KEYFORMAT, {@code "identity"} when absent
 * @param keyFormatVersions KEYFORMATVERSIONS, {@code "1"} when absent
 */
public record SegmentKey(Method method, URI uri, byte[] explicitIv, String keyFormat, String keyFormatVersions) {
    /** The KEYFORMAT whose key file is the 16 bytes of the AES key itself (§5.1). */
    public static final String IDENTITY = "identity";

    /** Segments that are not encrypted. */
    public static final SegmentKey NONE = new SegmentKey(Method.NONE, null, null, IDENTITY, "1");

    /** The METHOD attribute's values (§4.3.2.4, with 8216bis's SAMPLE-AES-CTR). */
    public enum Method {
        NONE("NONE"),
        /** Whole segments in AES-128-CBC with PKCS7 padding (§5.2). */
        AES_128("AES-128"),
        /** Samples encrypted inside the container, as DRM systems do (§5.3 of RFC 8216 and its references). */
        SAMPLE_AES("SAMPLE-AES"),
        SAMPLE_AES_CTR("SAMPLE-AES-CTR"),
        /**
         * A method this library does not know. Kept rather than ignored (as §6.3.1 would have a client ignore the
         * tag) so that its segments are not taken for unencrypted ones.
         */
        OTHER("");

        private final String attributeValue;

        Method(String attributeValue) {
            this.attributeValue = attributeValue;
        }

        /** @return the method for a METHOD attribute value; {@link #OTHER} for an unknown one */
        public static Method of(String attributeValue) {
            for (Method method : values()) {
                if (method != OTHER && method.attributeValue.equals(attributeValue)) {
                    return method;
                }
            }
            return OTHER;
        }

        /** @return the METHOD attribute value, empty for {@link #OTHER} */
        public String attributeValue() {
            return attributeValue;
        }
    }

    public SegmentKey {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(keyFormat, "keyFormat");
        Objects.requireNonNull(keyFormatVersions, "keyFormatVersions");
        if (method != Method.NONE) {
            Objects.requireNonNull(uri, "uri");
        }
        if (explicitIv != null) {
            if (explicitIv.length != 16) {
                throw new IllegalArgumentException("an IV is 16 bytes, got " + explicitIv.length);
            }
            explicitIv = explicitIv.clone();
        }
    }

    /** @return a copy of the explicit IV, or null when there is none */
    @Override
    public byte[] explicitIv() {
        return explicitIv == null ? null : explicitIv.clone();
    }

    /**
     * The IV to decrypt the segment with Media Sequence Number {@code mediaSequence}: the explicit IV when there is
     * one, else (§5.2) the sequence number as a big-endian 128-bit integer, that is, 8 zero bytes and then its 8 bytes.
     *
     * @return 16 new bytes
     */
    public byte[] iv(long mediaSequence) {
        if (explicitIv != null) {
            return explicitIv.clone();
        }
        return ByteBuffer.allocate(16).putLong(8, mediaSequence).array();
    }

    /**
     * @return whether the segments are under a DRM system, which a recorder cannot decrypt: a SAMPLE-AES method, or a
     *         KEYFORMAT other than {@code identity} (FairPlay, Widevine, PlayReady and the like)
     */
    public boolean isDrm() {
        return method == Method.SAMPLE_AES || method == Method.SAMPLE_AES_CTR
                || method != Method.NONE && !IDENTITY.equals(keyFormat);
    }

    /**
     * @return why segments under this key cannot be recorded, in words a user reads: DRM (see {@link #isDrm()}) or a
     *         method no recorder knows; null when they can be
     */
    public String refusal() {
        if (!isDrm() && method != Method.OTHER) {
            return null;
        }
        return "The stream is protected by DRM (" + method.attributeValue()
                + (IDENTITY.equals(keyFormat) ? "" : ", " + keyFormat) + ") and cannot be recorded.";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SegmentKey key && method == key.method && Objects.equals(uri, key.uri)
                && Arrays.equals(explicitIv, key.explicitIv) && keyFormat.equals(key.keyFormat)
                && keyFormatVersions.equals(key.keyFormatVersions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, uri, Arrays.hashCode(explicitIv), keyFormat, keyFormatVersions);
    }

    /** Shows the IV in hex; the key URI may carry a token, but the key itself is never here. */
    @Override
    public String toString() {
        return "SegmentKey[method=" + method + ", uri=" + uri + ", explicitIv="
                + (explicitIv == null ? "null" : "0x" + HexFormat.of().formatHex(explicitIv)) + ", keyFormat="
                + keyFormat + ", keyFormatVersions=" + keyFormatVersions + "]";
    }
}
