package dev.streamvcr.preview.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mark that tells variant A from variant B: a faint, smooth pattern over the whole picture, added to every frame of
 * variant A ({@code +P}) and subtracted from every frame of variant B ({@code −P}), a new pattern for every segment.
 *
 * <p>Each segment's pattern is a {@value #GRID_WIDTH}×{@value #GRID_HEIGHT} grid of ±1, drawn from HMAC-SHA256 of a
 * server key, the recording and the segment, scaled up bicubically to the frame (blobs of about 40 px at 720p) and
 * applied at ±{@value #AMPLITUDE} luma levels of 219. Why this mark: it covers the whole frame, so cropping the edges
 * takes little of it; it is made of low spatial frequencies only, so scaling, re-encoding at a low bitrate and frame
 * rate changes keep it; at two levels on blobs that large it is not visible; and without the key nobody can tell A
 * from B in one copy. A new pattern per segment means two viewers who compare their copies learn the pattern only of
 * the segments where their codes differ and can blur only those, not the rest.
 *
 * <p>The pattern reaches ffmpeg as a raw stream of tiny frames ({@code yuv420p}, one per segment, at one frame per
 * segment length), so frame {@code k} applies exactly to the output's segment {@code k} counted from 0.
 */
public final class MarkPattern {

    public static final int GRID_WIDTH = 32;
    public static final int GRID_HEIGHT = 18;
    /** Luma levels added (A) or subtracted (B) at the pattern's peaks. */
    public static final int AMPLITUDE = 2;
    /** Bytes of one pattern frame: the luma grid, then the two chroma planes (neutral). */
    public static final int FRAME_BYTES = GRID_WIDTH * GRID_HEIGHT * 3 / 2;

    private static final int NEUTRAL = 128;

    private MarkPattern() {
    }

    /**
     * The ±1 grid of segment {@code segment} (counted from 0) of recording {@code recordingId}, row by row.
     *
     * @param key at least 16 bytes, the same for every variant and trace of the recording
     */
    public static int[] grid(byte[] key, long recordingId, int segment) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the mark key must have at least 16 bytes");
        }
        Mac mac = hmac(key);
        int[] grid = new int[GRID_WIDTH * GRID_HEIGHT];
        byte[] bits = new byte[0];
        for (int block = 0; bits.length * 8 < grid.length; block++) {
            byte[] more = mac.doFinal(("streamvcr-mark|" + recordingId + "|" + segment + "|" + block)
                    .getBytes(StandardCharsets.UTF_8));
            bits = concat(bits, more);
        }
        for (int i = 0; i < grid.length; i++) {
            grid[i] = ((bits[i >> 3] >> (i & 7)) & 1) == 1 ? 1 : -1;
        }
        return grid;
    }

    /**
     * {@code grid} scaled up to a {@code width}×{@code height} frame the way ffmpeg's bicubic scaler does it (pixel
     * centres aligned, cubic convolution), in grid units (about ±1): the shape of {@code +P} at that size, for a
     * detector. Close to, not bit-exact with, what the encoder was given; a correlation does not need more.
     */
    public static float[] render(int[] grid, int width, int height) {
        float[] rows = new float[GRID_HEIGHT * width];
        for (int gy = 0; gy < GRID_HEIGHT; gy++) {
            int row = gy * GRID_WIDTH;
            for (int x = 0; x < width; x++) {
                rows[gy * width + x] = cubic(i -> grid[row + i], GRID_WIDTH,
                        (x + 0.5) * GRID_WIDTH / width - 0.5);
            }
        }
        float[] frame = new float[width * height];
        for (int y = 0; y < height; y++) {
            double gy = (y + 0.5) * GRID_HEIGHT / height - 0.5;
            for (int x = 0; x < width; x++) {
                int column = x;
                frame[y * width + x] = cubic(i -> rows[i * width + column], GRID_HEIGHT, gy);
            }
        }
        return frame;
    }

    /** Cubic convolution (a = −0.5) of samples {@code 0 … n−1} at {@code position}, edges repeated. */
    private static float cubic(java.util.function.IntToDoubleFunction sample, int n, double position) {
        int base = (int) Math.floor(position);
        double t = position - base;
        double sum = 0;
        for (int k = -1; k <= 2; k++) {
            int i = Math.max(0, Math.min(n - 1, base + k));
            sum += sample.applyAsDouble(i) * kernel(Math.abs(k - t));
        }
        return (float) sum;
    }

    private static double kernel(double d) {
        double a = -0.5;
        if (d < 1) {
            return (a + 2) * d * d * d - (a + 3) * d * d + 1;
        }
        return d < 2 ? a * d * d * d - 5 * a * d * d + 8 * a * d - 4 * a : 0;
    }

    /** One raw {@code yuv420p} frame of {@code grid}: {@code 128 ± AMPLITUDE} luma, neutral chroma. */
    static byte[] frame(int[] grid) {
        byte[] frame = new byte[FRAME_BYTES];
        for (int i = 0; i < grid.length; i++) {
            frame[i] = (byte) (NEUTRAL + AMPLITUDE * grid[i]);
        }
        Arrays.fill(frame, grid.length, frame.length, (byte) NEUTRAL);
        return frame;
    }

    /**
     * Appends the frames of segments {@code from} (inclusive) to {@code to} (exclusive) to {@code file}, creating it;
     * the caller keeps the file's frames in segment order from 0, so frame {@code k} is segment {@code k}.
     */
    public static void append(Path file, byte[] key, long recordingId, int from, int to) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int segment = from; segment < to; segment++) {
                out.write(frame(grid(key, recordingId, segment)));
            }
        }
    }

    /** ffmpeg input options that read a pattern file as a video of one frame per segment; {@code follow} waits for more. */
    static List<String> input(Path file, int segmentSeconds, boolean follow) {
        List<String> input = new java.util.ArrayList<>(List.of("-f", "rawvideo", "-pixel_format", "yuv420p",
                "-video_size", GRID_WIDTH + "x" + GRID_HEIGHT, "-framerate", "1/" + segmentSeconds));
        if (follow) {
            // The file grows ahead of the transcode; a stall longer than this ends the variants early.
            input.addAll(List.of("-follow", "1", "-rw_timeout", "60000000"));
        }
        input.addAll(List.of("-i", "file:" + file.toAbsolutePath()));
        return input;
    }

    /** The filter that turns pattern frames into a full-size {@code +P} overlay for {@code blend=grainmerge}. */
    static String scaleUp(PreviewProfile profile) {
        return "scale=" + profile.width() + ":" + profile.height() + ":flags=bicubic";
    }

    /** The filter that makes the {@code −P} frames of variant B from the {@code +P} pattern frames. */
    static String negate() {
        return "lutyuv=y=" + (2 * NEUTRAL) + "-val";
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
