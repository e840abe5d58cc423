package dev.streamvcr.preview;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of A/B previews, each derived from one secret ({@code STREAMVCR_PREVIEW_CODE_KEY}) for one purpose, so
 * none can be learnt from another: viewers' codes, the variants' mark patterns, and viewers' segment addresses.
 */
public record CodeKeys(byte[] code, byte[] mark, byte[] address) {

    static CodeKeys derive(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("The preview code key must have at least 16 bytes");
        }
        return new CodeKeys(hmac(secret, "code"), hmac(secret, "mark"), hmac(secret, "segment-address"));
    }

    static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("streamvcr-preview-" + label).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
