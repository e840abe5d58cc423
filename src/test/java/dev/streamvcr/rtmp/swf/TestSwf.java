package dev.streamvcr.rtmp.swf;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

/** Generated player SWFs: an uncompressed (FWS) file and its zlib-compressed (CWS) form. */
final class TestSwf {
    private TestSwf() {
    }

    /**
     * An FWS file of {@code length} bytes: header (signature, version 10, little-endian file length), then a body of
     * text-like and random runs, so that it compresses but not to nothing.
     */
    static byte[] fws(long seed, int length) {
        byte[] file = new byte[length];
        Random random = new Random(seed);
        for (int i = 8; i < length; i += 64) {
            if (random.nextBoolean()) {
                byte[] run = new byte[Math.min(64, length - i)];
                random.nextBytes(run);
                System.arraycopy(run, 0, file, i, run.length);
            } else {
                Arrays.fill(file, i, Math.min(i + 64, length), (byte) ('a' + random.nextInt(26)));
            }
        }
        file[0] = 'F';
        file[1] = 'W';
        file[2] = 'S';
        file[3] = 10;
        writeLengthLe(file, length);
        return file;
    }

    /** The CWS form of an FWS file: same header with 'C', the body deflated with zlib. */
    static byte[] cws(byte[] fws) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(fws, 8, fws.length - 8);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('C');
        out.write(fws, 1, 7);
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void writeLengthLe(byte[] file, int length) {
        file[4] = (byte) length;
        file[5] = (byte) (length >>> 8);
        file[6] = (byte) (length >>> 16);
        file[7] = (byte) (length >>> 24);
    }
}
