package dev.streamvcr.recording;

import dev.streamvcr.web.Formats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Bitrate over the booked window as a server-side SVG: equal bins of bytes, drawn as an area in a {@value #WIDTH} by
 * {@value #HEIGHT} view box (scaled to the page's width; the page's styles colour it, the CSP allows no inline style).
 *
 * @param bytes     bytes recorded in each bin, in order from the booked start
 * @param estimated each part's bytes spread evenly over its time, not read from its packets
 */
public record BitratePlot(Instant start, Instant end, long[] bytes, boolean estimated) {

    static final int MAX_BINS = 240;
    static final int WIDTH = 1000;
    static final int HEIGHT = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static BitratePlot of(Instant start, Instant end, long[] bytes, boolean estimated) {
        return new BitratePlot(start, end, bytes, estimated);
    }

    /** How many bins a window gets: one a second up to {@link #MAX_BINS}. */
    static int bins(Instant start, Instant end) {
        long seconds = Math.max(1, Duration.between(start, end).toSeconds());
        return (int) Math.min(MAX_BINS, seconds);
    }

    /** ffprobe's {@code pts_time,size} lines of one part into {@code bins}, the part's first packet at its start. */
    static void addPackets(long[] bins, String packets, RecordingBitrate.Part part, Instant start, Instant end) {
        List<double[]> rows = packets.lines().map(BitratePlot::packet).filter(row -> row != null).toList();
        double first = rows.stream().mapToDouble(row -> row[0]).min().orElse(0);
        for (double[] row : rows) {
            Instant at = part.startedAt().plusMillis(Math.round((row[0] - first) * 1000));
            add(bins, start, end, at, (long) row[1]);
        }
    }

    /** One {@code 1.234000,5678} line; null for a packet without a time ({@code N/A}) or a line that is not one. */
    private static double[] packet(String line) {
        String[] fields = line.strip().split(",");
        if (fields.length < 2) {
            return null;
        }
        try {
            return new double[] {Double.parseDouble(fields[0]), Long.parseLong(fields[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Each part's bytes spread evenly over its time, for when its packets cannot be read. */
    static long[] spread(List<RecordingBitrate.Part> parts, Instant start, Instant end, int count) {
        long[] bins = new long[count];
        for (RecordingBitrate.Part part : parts) {
            long seconds = Math.max(1, Math.round(part.durationMs() / 1000.0));
            for (long s = 0; s < seconds; s++) {
                add(bins, start, end, part.startedAt().plusSeconds(s), part.bytes() / seconds);
            }
        }
        return bins;
    }

    private static void add(long[] bins, Instant start, Instant end, Instant at, long bytes) {
        long window = Math.max(1, Duration.between(start, end).toMillis());
        long offset = Duration.between(start, at).toMillis();
        if (offset < 0 || offset >= window) {
            return;
        }
        bins[(int) (offset * bins.length / window)] += bytes;
    }

    private double binSeconds() {
        return Math.max(1, Duration.between(start, end).toMillis()) / 1000.0 / bytes.length;
    }

    private long bitsPerSecond(long binBytes) {
        return Math.round(binBytes * 8 / binSeconds());
    }

    public boolean empty() {
        return java.util.Arrays.stream(bytes).allMatch(b -> b == 0);
    }

    public long peak() {
        return bitsPerSecond(java.util.Arrays.stream(bytes).max().orElse(0));
    }

    /** The average over the bins that hold anything: while recorded, not over the gaps. */
    public long average() {
        long[] held = java.util.Arrays.stream(bytes).filter(b -> b > 0).toArray();
        return held.length == 0 ? 0 : bitsPerSecond(java.util.Arrays.stream(held).sum() / held.length);
    }

    public String peakLabel() {
        return Formats.humanBitrate(peak());
    }

    public String averageLabel() {
        return Formats.humanBitrate(average());
    }

    public String startLabel() {
        return TIME.format(start);
    }

    public String endLabel() {
        return TIME.format(end);
    }

    /** The area's outline: along the bottom, up and across each bin's height (the peak at the top), back down. */
    public String path() {
        long top = Math.max(1, java.util.Arrays.stream(bytes).max().orElse(0));
        StringBuilder d = new StringBuilder("M0," + HEIGHT);
        for (int i = 0; i < bytes.length; i++) {
            String y = number(HEIGHT - (double) bytes[i] * (HEIGHT - 4) / top);
            d.append(" L").append(number((double) i * WIDTH / bytes.length)).append(',').append(y)
                    .append(" L").append(number((double) (i + 1) * WIDTH / bytes.length)).append(',').append(y);
        }
        return d.append(" L").append(WIDTH).append(',').append(HEIGHT).append(" Z").toString();
    }

    /** What the plot shows, for those who cannot see it. */
    public String description() {
        if (empty()) {
            return "Nothing recorded yet between " + startLabel() + " and " + endLabel() + ".";
        }
        return "Bitrate from " + startLabel() + " to " + endLabel() + ": average " + averageLabel() + " while recording, "
                + "peak " + peakLabel() + (estimated ? " (estimated from each part's size)" : "") + ".";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
