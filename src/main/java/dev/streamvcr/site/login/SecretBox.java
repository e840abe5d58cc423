package dev.streamvcr.site.login;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets (site passwords, cookie jars) with AES-256-GCM. A sealed value is
 * {@code key version (4 bytes) | nonce (12 random bytes) | ciphertext and 128-bit tag}. The additional
 * authenticated data is the key version plus a caller-given context naming the row, its owner and the purpose,
 * so a ciphertext copied into another row, another user's account or another column does not open.
 *
 * <p>Keys rotate: values are sealed with the current key; a value sealed with a previous key (given with its
 * version) still opens, and {@link #isCurrent} tells it apart so it can be sealed again.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit nonces, random per message
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final int version;
    private final Map<Integer, SecretKeySpec> previous = new HashMap<>();

    /** Thrown when a sealed value cannot be opened: changed, moved to another row, or sealed with another key. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    public SecretBox(byte[] key, int version) {
        this(key, version, Map.of());
    }

    /** @param previousKeys earlier keys by their version, for opening what they sealed */
    public SecretBox(byte[] key, int version, Map<Integer, byte[]> previousKeys) {
        this.key = aesKey(key, "The secret key");
        this.version = version;
        previousKeys.forEach((v, k) -> {
            if (v == version) {
                throw new IllegalArgumentException("Previous key version " + v + " is the current version; give the "
                        + "new key a higher STREAMVCR_SECRET_KEY_VERSION");
            }
            previous.put(v, aesKey(k, "Previous key " + v));
        });
    }

    private static SecretKeySpec aesKey(byte[] key, String what) {
        if (key.length != 32) {
            throw new IllegalArgumentException(what + " must be 256 bits (32 bytes), not " + key.length + " bytes");
        }
        return new SecretKeySpec(key.clone(), "AES");
    }

    /** Whether {@code sealed} was sealed with the current key (else it is sealed again when it can be opened). */
    public boolean isCurrent(byte[] sealed) {
        return sealed != null && sealed.length >= 4 && ByteBuffer.wrap(sealed).getInt() == version;
    }

    public int version() {
        return version;
    }

    /** Seals {@code plain} for {@code context} (e.g. {@code site_account:7:owner 3:password}). */
    public byte[] seal(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, version, context);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(4 + NONCE_BYTES + sealed.length).putInt(version).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    public byte[] seal(String plain, String context) {
        return seal(plain.getBytes(StandardCharsets.UTF_8), context);
    }

    /** Opens what {@link #seal} made for the same {@code context}. */
    public byte[] open(byte[] sealed, String context) throws Unreadable {
        if (sealed == null || sealed.length < 4 + NONCE_BYTES + TAG_BITS / 8) {
            throw new Unreadable("the stored secret is truncated");
        }
        ByteBuffer in = ByteBuffer.wrap(sealed);
        int sealedWith = in.getInt();
        SecretKeySpec opener = sealedWith == version ? key : previous.get(sealedWith);
        if (opener == null) {
            throw new Unreadable("it was encrypted with key version " + sealedWith + " and this server has version "
                    + version + (previous.isEmpty() ? "" : " (and previous versions " + previous.keySet() + ")"));
        }
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        try {
            return cipher(Cipher.DECRYPT_MODE, opener, nonce, sealedWith, context).doFinal(sealed, in.position(),
                    in.remaining());
        } catch (AEADBadTagException e) {
            throw new Unreadable("it does not belong here or was changed (authentication failed)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    public String openText(byte[] sealed, String context) throws Unreadable {
        return new String(open(sealed, context), StandardCharsets.UTF_8);
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, int keyVersion, String context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(ByteBuffer.allocate(4).putInt(keyVersion).array());
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
