package dev.streamvcr.preview;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The file names under which one viewer's segments of one recording are served in A/B mode: the segment number
 * encrypted (one AES block, a key per viewer and recording), so the name says neither which variant it is nor whether
 * it carries the name, a viewer cannot make up another segment's name, and a name taken from another viewer's
 * playlist means nothing under one's own path.
 */
final class SegmentAddresses {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{22}\\.ts");
    private static final long MAGIC = 0x5356_4352_5345_4731L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    SegmentAddresses(byte[] addressKey, long viewerId, long recordingId) {
        byte[] derived = CodeKeys.hmac(addressKey, viewerId + "|" + recordingId);
        this.key = new SecretKeySpec(derived, 0, 16, "AES");
    }

    /** The file name of segment {@code segment} (from 0). */
    String name(int segment) {
        byte[] block = ByteBuffer.allocate(16).putLong(MAGIC).putInt(segment).putInt(0).array();
        return B64.encodeToString(cipher(Cipher.ENCRYPT_MODE).update(block)) + ".ts";
    }

    /** The segment a file name stands for; empty for any name this viewer was not given. */
    OptionalInt segment(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return OptionalInt.empty();
        }
        byte[] block = cipher(Cipher.DECRYPT_MODE).update(B64D.decode(name.substring(0, 22)));
        ByteBuffer plain = ByteBuffer.wrap(block);
        if (plain.getLong() != MAGIC) {
            return OptionalInt.empty();
        }
        int segment = plain.getInt();
        return segment >= 0 && plain.getInt() == 0 ? OptionalInt.of(segment) : OptionalInt.empty();
    }

    private Cipher cipher(int mode) {
        try {
            // One block, a key of its own per viewer and recording: ECB is a keyed permutation of the block here.
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(mode, key);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }
}
