package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.preview.media.FfmpegException;
import dev.streamvcr.preview.media.FfmpegProcess;
import dev.streamvcr.preview.media.FfmpegTools;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Bytes over time of a recording, in at most {@value BitratePlot#MAX_BINS} equal bins across its booked window, for
 * the plot on its page. Read from the parts' own packets by ffprobe (each packet's time and size) in a slot of
 * {@link FfmpegSlots}, and kept beside the parts as {@code bitrate.csv} (deleted with them): once the recording has
 * ended it is read once; while it runs, again when older than {@link RecordingPosters#REFRESH}. When no slot is free,
 * ffprobe is missing (the static ffmpeg has none) or a part cannot be read, each part's bytes are spread evenly over its
 * time instead, and the plot says it is an estimate. ffprobe's answer is bounded (16 MiB, about four hours of a
 * 30 fps stream with AAC audio per part): the plot of a longer part stops there.
 */
@ApplicationScoped
public class RecordingBitrate {

    private static final Logger LOG = Logger.getLogger(RecordingBitrate.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String FILE = "bitrate.csv";

    /** What is known of a recording's parts for the plot: when each began, its media length and bytes. */
    record Part(Path file, Instant startedAt, long durationMs, long bytes) {
    }

    @Inject
    RecordingService recordings;

    @Inject
    FfmpegSlots slots;

    @Inject
    StreamVcrConfig config;

    private final Set<Long> reading = ConcurrentHashMap.newKeySet();

    /** The plot of recording {@code id} for a viewer who may see it; blocking (ffprobe, at most a minute per part). */
    public BitratePlot plot(Viewer viewer, RecordingView view) {
        RecordingExports.Source source = recordings.exportSource(viewer, view.id());
        List<Part> parts = new ArrayList<>();
        for (RecordingView.Part part : view.parts()) {
            source.parts().stream().filter(p -> p.number() == part.number()).findFirst().ifPresent(p -> parts.add(
                    new Part(p.file(), part.startedAt(), p.durationMs(), part.bytes())));
        }
        Instant start = view.bookedStart();
        Instant end = view.bookedEnd();
        int bins = BitratePlot.bins(start, end);
        if (parts.isEmpty()) {
            return BitratePlot.of(start, end, new long[bins], false);
        }
        Path cache = source.directory().resolve(FILE);
        long[] cached = cached(cache, source, bins);
        if (cached != null) {
            return BitratePlot.of(start, end, cached, false);
        }
        if (!reading.add(view.id())) {
            return BitratePlot.of(start, end, BitratePlot.spread(parts, start, end, bins), true);
        }
        try {
            if (!slots.tryAcquire()) {
                return BitratePlot.of(start, end, BitratePlot.spread(parts, start, end, bins), true);
            }
            try {
                long[] measured = measure(parts, start, end, bins);
                if (measured == null) {
                    return BitratePlot.of(start, end, BitratePlot.spread(parts, start, end, bins), true);
                }
                keep(cache, measured);
                return BitratePlot.of(start, end, measured, false);
            } finally {
                slots.release();
            }
        } finally {
            reading.remove(view.id());
        }
    }

    /** Each packet's bytes into the bin of its time (the part's start plus the packet's time in it); null on failure. */
    private long[] measure(List<Part> parts, Instant start, Instant end, int bins) {
        FfmpegTools tools;
        try {
            tools = FfmpegTools.locate(config.ffmpeg());
        } catch (FfmpegException e) {
            return null;
        }
        if (tools.ffprobe() == null) {
            return null;
        }
        long[] bytes = new long[bins];
        for (Part part : parts) {
            String packets;
            try {
                packets = FfmpegProcess.probe(tools, List.of("-v", "error", "-show_entries", "packet=pts_time,size",
                        "-of", "csv=p=0", "file:" + part.file().toAbsolutePath()), TIMEOUT);
            } catch (FfmpegException e) {
                LOG.warnf("No bitrate from %s: %s", part.file(), e.getMessage());
                return null;
            }
            BitratePlot.addPackets(bytes, packets, part, start, end);
        }
        return bytes;
    }

    /** The bins kept in {@code file}, when it is current for the recording and has {@code bins} of them; else null. */
    private static long[] cached(Path file, RecordingExports.Source source, int bins) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Instant made = Files.getLastModifiedTime(file).toInstant();
            if (source.active() ? made.isBefore(Instant.now().minus(RecordingPosters.REFRESH))
                    : source.parts().stream().anyMatch(p -> modifiedAfter(p.file(), made))) {
                return null;
            }
            long[] values = Files.readAllLines(file).stream().filter(line -> !line.isBlank())
                    .mapToLong(Long::parseLong).toArray();
            return values.length == bins ? values : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean modifiedAfter(Path file, Instant made) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isAfter(made);
        } catch (IOException e) {
            return true;
        }
    }

    private static void keep(Path file, long[] bins) {
        Path partial = file.resolveSibling(FILE + ".making");
        try {
            Files.write(partial, Arrays.stream(bins).mapToObj(Long::toString).toList());
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("Cannot keep the bitrate in %s: %s", file, e.getMessage());
        }
    }
}
