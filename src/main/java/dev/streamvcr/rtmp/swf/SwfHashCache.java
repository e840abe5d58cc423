package dev.streamvcr.rtmp.swf;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Player SWF hashes by URL, kept in memory and in a small file ({@value #FILE_NAME} in a given directory, like
 * rtmpdump's {@code ~/.swfinfo}) for {@code maxAge} (rtmpdump's {@code --swfAge}, 30 days by default), then
 * downloaded and hashed again.
 *
 * <p>Differences from rtmpdump, on purpose: entries are keyed by the whole URL, query included (rtmpdump drops the
 * query); a refresh is a plain download (the fetcher decides about conditional requests); and when a refresh fails
 * but an expired entry exists, the expired hash is used (and the failure logged), since a player SWF rarely changes
 * and a recording should not fail because the SWF's host is briefly down. With no entry at all, the failure is
 * reported.
 *
 * <p>File reads, writes and hashing run on the given executor (never on the caller's thread), so an event loop may
 * call {@link #hashOf}. Concurrent requests for one URL share one download. Several processes may share the
 * directory: each write merges the file's entries with its own, newest check wins, and replaces the file atomically.
 */
public final class SwfHashCache {
    /** rtmpdump's default {@code --swfAge}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    public static final String FILE_NAME = "swfinfo";
    /** Oldest checks are dropped beyond this, so URLs with changing query strings cannot grow the file forever. */
    static final int MAX_ENTRIES = 256;

    private static final System.Logger LOG = System.getLogger(SwfHashCache.class.getName());
    private static final String HEADER = "# SWF verification cache: checked-at (epoch seconds), size (hex), hash, url";

    private record Entry(SwfHash hash, Instant checkedAt) {
    }

    private final Path directory;
    private final Path file;
    private final Duration maxAge;
    private final SwfFetcher fetcher;
    private final Executor blocking;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<SwfHash>> inFlight = new ConcurrentHashMap<>();
    private boolean loaded;

    public SwfHashCache(Path directory, Duration maxAge, SwfFetcher fetcher, Executor blocking) {
        this(directory, maxAge, fetcher, blocking, Clock.systemUTC());
    }

    /**
     * @param directory where the cache file lives; created when first written
     * @param maxAge    how long a hash is used before the SWF is downloaded again; zero downloads every time
     * @param blocking  runs file I/O and hashing, e.g. a worker pool
     */
    public SwfHashCache(Path directory, Duration maxAge, SwfFetcher fetcher, Executor blocking, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.file = directory.resolve(FILE_NAME);
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
        }
        this.maxAge = maxAge;
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the hash and size of the SWF at {@code url}; the stage fails with a {@link SwfException} whose message
     *         names the URL and the reason when there is no usable hash
     */
    public CompletionStage<SwfHash> hashOf(URI url) {
        String key = url.toString();
        CompletableFuture<SwfHash> mine = new CompletableFuture<>();
        CompletableFuture<SwfHash> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.minimalCompletionStage();
        }
        CompletableFuture.supplyAsync(() -> cached(key), blocking)
                .thenCompose(entry -> entry != null && isFresh(entry)
                        ? CompletableFuture.completedFuture(entry.hash())
                        : refresh(url, key, entry))
                .whenComplete((hash, failure) -> {
                    inFlight.remove(key, mine);
                    if (failure != null) {
                        mine.completeExceptionally(unwrap(failure));
                    } else {
                        mine.complete(hash);
                    }
                });
        return mine.minimalCompletionStage();
    }

    private boolean isFresh(Entry entry) {
        return Duration.between(entry.checkedAt(), clock.instant()).compareTo(maxAge) < 0;
    }

    private CompletableFuture<SwfHash> refresh(URI url, String key, Entry stale) {
        return download(url)
                .thenApplyAsync(bytes -> {
                    try {
                        return SwfHash.of(bytes);
                    } catch (SwfException e) {
                        throw new CompletionException(new SwfException("The player SWF " + url
                                + " cannot be used for SWF verification: " + e.getMessage(), e));
                    }
                }, blocking)
                .thenApply(hash -> {
                    store(key, new Entry(hash, clock.instant()));
                    return hash;
                })
                .exceptionally(failure -> {
                    Throwable cause = unwrap(failure);
                    if (stale == null) {
                        throw new CompletionException(cause);
                    }
                    LOG.log(System.Logger.Level.WARNING, "Using the expired SWF hash of " + url + " (checked "
                            + stale.checkedAt() + "): " + cause.getMessage());
                    return stale.hash();
                });
    }

    private CompletableFuture<byte[]> download(URI url) {
        CompletableFuture<byte[]> bytes;
        try {
            bytes = fetcher.fetch(url).toCompletableFuture();
        } catch (RuntimeException e) {
            bytes = CompletableFuture.failedFuture(e);
        }
        return bytes.handle((body, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
                throw new CompletionException(new SwfException("Could not download the player SWF " + url
                        + " for SWF verification: " + reason, cause));
            }
            return body;
        });
    }

    private synchronized Entry cached(String key) {
        if (!loaded) {
            readFile().forEach(entries::putIfAbsent);
            loaded = true;
        }
        return entries.get(key);
    }

    private synchronized void store(String key, Entry entry) {
        entries.put(key, entry);
        Map<String, Entry> merged = new HashMap<>(readFile());
        entries.forEach((url, mine) -> merged.merge(url, mine,
                (theirs, ours) -> theirs.checkedAt().isAfter(ours.checkedAt()) ? theirs : ours));
        List<Map.Entry<String, Entry>> newestFirst = merged.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().checkedAt()).reversed())
                .limit(MAX_ENTRIES)
                .toList();
        entries.keySet().retainAll(newestFirst.stream().map(Map.Entry::getKey).toList());
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, Entry> e : newestFirst) {
            SwfHash hash = e.getValue().hash();
            text.append(e.getValue().checkedAt().getEpochSecond()).append(' ')
                    .append(String.format("%08x", hash.size())).append(' ')
                    .append(hash.hex()).append(' ')
                    .append(e.getKey()).append('\n');
        }
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, FILE_NAME, ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                moveIntoPlace(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // The hash is still cached in memory; only a restart loses it.
            LOG.log(System.Logger.Level.WARNING, "Could not write the SWF hash cache " + file + ": " + e);
        }
    }

    private void moveIntoPlace(Path temp) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The file's well-formed entries; a missing file is empty, malformed lines are skipped. */
    private Map<String, Entry> readFile() {
        Map<String, Entry> found = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return found;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read the SWF hash cache " + file + ": " + e);
            return found;
        }
        for (String line : lines) {
            String[] fields = line.split(" ", 4);
            if (line.startsWith("#") || fields.length != 4) {
                continue;
            }
            try {
                SwfHash hash = new SwfHash(HexFormat.of().parseHex(fields[2]), Integer.parseUnsignedInt(fields[1], 16));
                found.put(fields[3], new Entry(hash, Instant.ofEpochSecond(Long.parseLong(fields[0]))));
            } catch (IllegalArgumentException e) {
                // a damaged line only costs one download
            }
        }
        return found;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
