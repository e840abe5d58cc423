package dev.streamvcr.storage;

import dev.streamvcr.config.StreamVcrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Where recordings live on (shared) storage: {@code <root>/recordings/<yyyy>/<mm>/<reservationId>/part-0001.flv}.
 * Paths are built from IDs only, never from anything a user typed.
 */
@ApplicationScoped
public class RecordingStore {

    private static final String PROBE = ".streamvcr-ready-";

    private final Path root;
    private final Path dataDir;
    private final long minFree;

    @Inject
    RecordingStore(StreamVcrConfig config) {
        this(Path.of(config.storage().dir().orElse(config.dataDir())), Path.of(config.dataDir()), config.storage().minFree());
    }

    RecordingStore(Path root, long minFree) {
        this(root, root, minFree);
    }

    RecordingStore(Path root, Path dataDir, long minFree) {
        this.root = root.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.minFree = minFree;
    }

    /** A file system the app writes to: recordings (and previews) and, when elsewhere, the data directory. */
    public record Volume(String holds, Path path, long totalBytes, long freeBytes) {
        /** Used share, 0 to 100, for a bar. */
        @com.fasterxml.jackson.annotation.JsonProperty
        public int usedPercent() {
            return totalBytes == 0 ? 0 : (int) Math.round(100.0 * (totalBytes - freeBytes) / totalBytes);
        }
    }

    /** The volumes under the storage root and the data directory, once each (blocking). */
    public java.util.List<Volume> volumes() {
        java.util.List<Volume> volumes = new java.util.ArrayList<>();
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (Path path : java.util.List.of(root, dataDir)) {
            try {
                Files.createDirectories(path);
                java.nio.file.FileStore store = Files.getFileStore(path);
                if (seen.add(store)) {
                    volumes.add(new Volume(path.equals(root) ? "recordings and previews" : "database and keys", path,
                            store.getTotalSpace(), store.getUsableSpace()));
                }
            } catch (IOException e) {
                volumes.add(new Volume("unreadable: " + e.getMessage(), path, 0, 0));
            }
        }
        return volumes;
    }

    /** Thrown when a recording must not start because storage is (nearly) full. */
    public static final class InsufficientSpace extends Exception {
        public InsufficientSpace(String message) {
            super(message);
        }
    }

    /**
     * Whether {@code e} (or a cause of it) is the file system saying it is full: ENOSPC ("No space left on
     * device") or a quota (EDQUOT, "Disk quota exceeded").
     */
    public static boolean isFull(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** {@link #partPath(long, Instant, int, String)} of an FLV part, as RTMP recordings write. */
    public String partPath(long reservationId, Instant startAt, int partNumber) {
        return partPath(reservationId, startAt, partNumber, "flv");
    }

    /**
     * The path, relative to the storage root, of part {@code partNumber} of a reservation booked to start at
     * {@code startAt}, a file ending in {@code extension} (lower-case letters and digits).
     */
    public String partPath(long reservationId, Instant startAt, int partNumber, String extension) {
        if (!extension.matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("Not a file extension: " + extension);
        }
        ZonedDateTime utc = startAt.atZone(ZoneOffset.UTC);
        return String.format("recordings/%04d/%02d/%d/part-%04d.%s", utc.getYear(), utc.getMonthValue(),
                reservationId, partNumber, extension);
    }

    /** The absolute file for a stored relative path; refuses anything that would leave the storage root. */
    public Path resolve(String relativePath) {
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("Path outside the storage root: " + relativePath);
        }
        return file;
    }

    /**
     * What keeps this storage from taking a recording now, each said for a person; empty when nothing does: every
     * storage directory takes a file (one is created and deleted) and the recording storage has at least
     * {@code STREAMVCR_STORAGE_MIN_FREE} free.
     */
    public java.util.List<String> problems() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (Path dir : new java.util.LinkedHashSet<>(java.util.List.of(root, dataDir))) {
            writable(dir).ifPresent(problems::add);
        }
        try {
            long free = Files.getFileStore(root).getUsableSpace();
            if (free < minFree) {
                problems.add(String.format("%s has %s free, less than STREAMVCR_STORAGE_MIN_FREE (%s)", root,
                        bytes(free), bytes(minFree)));
            }
        } catch (IOException e) {
            problems.add("cannot read the free space of " + root + ": " + e);
        }
        return problems;
    }

    /** Empty when a file can be created in {@code dir} (made if missing) and deleted again; else what failed. */
    private static java.util.Optional<String> writable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, PROBE, ".tmp");
            Files.delete(probe);
            return java.util.Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return java.util.Optional.of(dir + " is not writable: " + e);
        }
    }

    /** Refuses when the storage has less free space than the floor (blocking: call off the event loop). */
    public void requireFreeSpace() throws InsufficientSpace {
        try {
            Files.createDirectories(root);
            long free = Files.getFileStore(root).getUsableSpace();
            if (free < minFree) {
                throw new InsufficientSpace(String.format("Not enough free space on the recording storage: %s free, "
                        + "at least %s required (STREAMVCR_STORAGE_MIN_FREE).", bytes(free), bytes(minFree)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check the free space of " + root, e);
        }
    }

    /** Free space on the recording storage, in bytes (blocking: call off the event loop). */
    public long freeBytes() {
        try {
            Files.createDirectories(root);
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check the free space of " + root, e);
        }
    }

    /** The free space a recording leaves untouched ({@code STREAMVCR_STORAGE_MIN_FREE}), in bytes. */
    public long minFree() {
        return minFree;
    }

    /** Creates the directory for a part and returns its file (blocking: call off the event loop). */
    public Path prepare(String relativePath) {
        Path file = resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + file, e);
        }
    }

    public Path root() {
        return root;
    }

    /** The data directory (database, keys), where it is not the storage root. */
    public Path dataDir() {
        return dataDir;
    }

    static String bytes(long n) {
        if (n < 1024 * 1024) {
            return (n / 1024) + " KiB";
        }
        if (n < 1024L * 1024 * 1024) {
            return (n / (1024 * 1024)) + " MiB";
        }
        return String.format("%.1f GiB", n / (1024.0 * 1024 * 1024));
    }
}
