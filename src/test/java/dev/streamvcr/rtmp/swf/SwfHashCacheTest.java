package dev.streamvcr.rtmp.swf;

import dev.streamvcr.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwfHashCacheTest {
    private static final URI URL = URI.create("http://player.example/player.swf");

    @TempDir
    Path dir;

    private final ExecutorService blocking = Executors.newFixedThreadPool(2);
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Server server = new Server();

    @AfterEach
    void stopExecutor() {
        blocking.shutdownNow();
    }

    private SwfHashCache cache(Duration maxAge) {
        return new SwfHashCache(dir, maxAge, server, blocking, clock);
    }

    private static SwfHash get(SwfHashCache cache, URI url) throws Exception {
        return cache.hashOf(url).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void downloadsOnceThenAnswersFromMemoryAndFromTheFile() throws Exception {
        byte[] cws = TestSwf.cws(TestSwf.fws(1, 50_000));
        server.files.put(URL, cws);
        SwfHashCache cache = cache(SwfHashCache.DEFAULT_MAX_AGE);

        assertEquals(SwfHash.of(cws), get(cache, URL));
        assertEquals(SwfHash.of(cws), get(cache, URL));
        assertEquals(1, server.fetches.get());
        String file = Files.readString(dir.resolve(SwfHashCache.FILE_NAME));
        assertTrue(file.contains(" 0000c350 " + SwfHash.of(cws).hex() + " " + URL + "\n"), file);

        assertEquals(SwfHash.of(cws), get(cache(SwfHashCache.DEFAULT_MAX_AGE), URL), "a restart reads the file");
        assertEquals(1, server.fetches.get());
    }

    @Test
    void downloadsAgainOnceTheEntryIsAsOldAsSwfAge() throws Exception {
        server.files.put(URL, TestSwf.fws(2, 1000));
        SwfHashCache cache = cache(Duration.ofDays(30));
        get(cache, URL);

        clock.advance(Duration.ofDays(30).minusSeconds(1));
        server.files.put(URL, TestSwf.fws(3, 2000));
        assertEquals(1000, get(cache, URL).size(), "still fresh");
        assertEquals(1, server.fetches.get());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(SwfHash.of(TestSwf.fws(3, 2000)), get(cache, URL), "expired: the new SWF is hashed");
        assertEquals(2, server.fetches.get());
        assertEquals(2000, get(cache(Duration.ofDays(30)), URL).size(), "the file holds the refreshed entry");
        assertEquals(2, server.fetches.get());
    }

    @Test
    void aZeroAgeDownloadsEveryTime() throws Exception {
        server.files.put(URL, TestSwf.fws(4, 1000));
        SwfHashCache cache = cache(Duration.ZERO);
        get(cache, URL);
        get(cache, URL);
        assertEquals(2, server.fetches.get());
    }

    @Test
    void usesTheExpiredHashWhenTheRefreshFails() throws Exception {
        server.files.put(URL, TestSwf.fws(5, 1000));
        SwfHashCache cache = cache(Duration.ofDays(1));
        SwfHash first = get(cache, URL);
        clock.advance(Duration.ofDays(2));
        server.files.remove(URL);
        assertEquals(first, get(cache, URL));
        assertEquals(2, server.fetches.get(), "it did try to refresh");
    }

    @Test
    void failsWithTheUrlAndTheReasonWhenThereIsNoHash() {
        ExecutionException missing = assertThrows(ExecutionException.class, () -> get(cache(Duration.ofDays(1)), URL));
        assertInstanceOf(SwfException.class, missing.getCause());
        assertEquals("Could not download the player SWF http://player.example/player.swf for SWF verification:"
                + " HTTP 404", missing.getCause().getMessage());

        URI page = URI.create("http://player.example/page.swf");
        server.files.put(page, "<html>moved</html>".getBytes(StandardCharsets.US_ASCII));
        ExecutionException notSwf = assertThrows(ExecutionException.class, () -> get(cache(Duration.ofDays(1)), page));
        assertEquals("The player SWF http://player.example/page.swf cannot be used for SWF verification: it is not"
                + " a Flash file (it starts with \"<html>mo\")", notSwf.getCause().getMessage());
        assertTrue(Files.notExists(dir.resolve(SwfHashCache.FILE_NAME)), "failures are not cached");
    }

    @Test
    void concurrentRequestsShareOneDownload() throws Exception {
        CompletableFuture<byte[]> pending = new CompletableFuture<>();
        AtomicInteger fetches = new AtomicInteger();
        SwfHashCache cache = new SwfHashCache(dir, Duration.ofDays(1), url -> {
            fetches.incrementAndGet();
            return pending;
        }, blocking, clock);
        CompletableFuture<SwfHash> a = cache.hashOf(URL).toCompletableFuture();
        CompletableFuture<SwfHash> b = cache.hashOf(URL).toCompletableFuture();
        byte[] fws = TestSwf.fws(6, 1000);
        pending.complete(fws);
        assertEquals(SwfHash.of(fws), a.get(10, TimeUnit.SECONDS));
        assertEquals(SwfHash.of(fws), b.get(10, TimeUnit.SECONDS));
        assertEquals(1, fetches.get());
    }

    @Test
    void skipsDamagedLinesAndKeepsOtherProcessesEntries() throws Exception {
        URI other = URI.create("http://other.example/p.swf");
        SwfHash otherHash = SwfHash.of(TestSwf.fws(7, 300));
        Files.write(dir.resolve(SwfHashCache.FILE_NAME), List.of("garbage line",
                clock.instant().getEpochSecond() + " zz " + otherHash.hex() + " " + URL,
                clock.instant().getEpochSecond() + " 0000012c " + otherHash.hex() + " " + other));
        server.files.put(URL, TestSwf.fws(8, 400));
        SwfHashCache cache = cache(Duration.ofDays(1));

        assertEquals(400, get(cache, URL).size(), "the damaged entry for URL was skipped");
        assertEquals(otherHash, get(cache, other));
        assertEquals(1, server.fetches.get());
        assertTrue(Files.readString(dir.resolve(SwfHashCache.FILE_NAME)).contains(" " + other + "\n"));
    }

    /** Serves SWFs by URL; a missing one fails like an HTTP 404. */
    private static final class Server implements SwfFetcher {
        final Map<URI, byte[]> files = new ConcurrentHashMap<>();
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public CompletionStage<byte[]> fetch(URI url) {
            fetches.incrementAndGet();
            byte[] body = files.get(url);
            return body != null ? CompletableFuture.completedFuture(body)
                    : CompletableFuture.failedFuture(new SwfException("HTTP 404"));
        }
    }

}
