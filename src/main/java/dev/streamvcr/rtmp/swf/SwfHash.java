package dev.streamvcr.rtmp.swf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What SWF verification proves possession of: the HMAC-SHA256 of the decompressed player SWF, keyed with "Genuine
 * Adobe Flash Player 001", and the decompressed size; rtmpdump's {@code --swfhash}/{@code --swfsize}, which its
 * {@code --swfVfy} computes. As in librtmp, "decompressed" means: a {@code CWS} file (zlib) is hashed as its
 * {@code FWS} form, the 8-byte header with 'C' turned into 'F' followed by the inflated body; an {@code FWS} file is
 * hashed as it is.
 *
 * @param hash 32 bytes
 * @param size bytes hashed: the header plus the decompressed body
 */
public record SwfHash(byte[] hash, int size) {
    /** Larger than any real player SWF; guards against a small download that inflates without end. */
    public static final int MAX_DECOMPRESSED_SIZE = 64 * 1024 * 1024;
    private static final int HEADER = 8;
    private static final byte[] KEY = "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);

    public SwfHash {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != 32) {
            throw new IllegalArgumentException("a SWF hash is 32 bytes, got " + hash.length);
        }
        if (size < HEADER) {
            throw new IllegalArgumentException("a SWF is at least 8 bytes, got size " + size);
        }
        hash = hash.clone();
    }

    /**
     * Hashes a downloaded SWF file.
     *
     * @throws SwfException if it is not an uncompressed or zlib-compressed SWF, is cut short, or inflates past
     *                      {@link #MAX_DECOMPRESSED_SIZE}
     */
    public static SwfHash of(byte[] file) throws SwfException {
        if (file.length < HEADER || file[1] != 'W' || file[2] != 'S') {
            throw new SwfException("it is not a Flash file (it starts with \"" + printable(file) + "\")");
        }
        Mac mac = newMac();
        switch (file[0]) {
            case 'F' -> {
                mac.update(file);
                return new SwfHash(mac.doFinal(), file.length);
            }
            case 'C' -> {
                byte[] header = Arrays.copyOf(file, HEADER);
                header[0] = 'F';
                mac.update(header);
                long size = HEADER + inflateInto(mac, file);
                return new SwfHash(mac.doFinal(), (int) size);
            }
            case 'Z' -> throw new SwfException("it is LZMA-compressed (ZWS), which SWF verification does not support"
                    + " (rtmpdump does not either)");
            default -> throw new SwfException("it is not a Flash file (it starts with \"" + printable(file) + "\")");
        }
    }

    /** @return the hash as 64 lowercase hex digits, as rtmpdump's {@code --swfhash} takes it */
    public String hex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SwfHash that && size == that.size && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hash) + size;
    }

    @Override
    public String toString() {
        return "SwfHash[" + hex() + ", size=" + size + "]";
    }

    /** Inflates the body after the header into {@code mac}; returns the inflated length. */
    private static long inflateInto(Mac mac, byte[] file) throws SwfException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(file, HEADER, file.length - HEADER);
            byte[] buffer = new byte[16 * 1024];
            long inflated = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new SwfException("its compressed data ends early (" + file.length
                            + " bytes downloaded); the download was probably cut short");
                }
                inflated += n;
                if (HEADER + inflated > MAX_DECOMPRESSED_SIZE) {
                    throw new SwfException("it decompresses to more than " + MAX_DECOMPRESSED_SIZE / (1024 * 1024)
                            + " MiB, far more than any Flash player");
                }
                mac.update(buffer, 0, n);
            }
            return inflated;
        } catch (DataFormatException e) {
            throw new SwfException("its compressed data is corrupt (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    private static Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String printable(byte[] file) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(8, file.length); i++) {
            char c = (char) (file[i] & 0xFF);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
