package dev.streamvcr.recording;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.rtmp.client.RtmpClientOptions;
import dev.streamvcr.rtmp.swf.SwfException;
import dev.streamvcr.rtmp.swf.SwfFetcher;
import dev.streamvcr.rtmp.swf.SwfHashCache;
import io.quarkus.runtime.Startup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The hashes of player SWFs that sources ask to be verified with ({@code swfVfy}), for the whole application: the
 * SWF is downloaded through the outbound policy and its hash kept in {@code <data dir>/swfinfo/} for the source's
 * {@code swfAge} days, so the RTMP client gets the hash before it connects (a server asks right after connect) and
 * stays free of HTTP.
 *
 * <p>Made at startup, outside any verticle: a Vert.x HTTP client or worker pool made inside a recording session's
 * verticle would be closed when that session ends.
 */
@ApplicationScoped
@Startup
public class PlayerSwfs {
    /** Where the cache file lives, under the data directory. */
    static final String DIRECTORY = "swfinfo";

    private final Path directory;
    private final SwfFetcher fetcher;
    private final Executor blocking;
    /** One cache per swfAge; they share the file, which each merges on write. */
    private final Map<Integer, SwfHashCache> byAge = new ConcurrentHashMap<>();

    @Inject
    PlayerSwfs(Vertx vertx, OutboundHttpClient outbound, StreamVcrConfig config) {
        this(Path.of(config.dataDir()).toAbsolutePath().resolve(DIRECTORY), new PlayerSwfDownload(outbound),
                workers(vertx));
    }

    PlayerSwfs(Path directory, SwfFetcher fetcher, Executor blocking) {
        this.directory = directory;
        this.fetcher = fetcher;
        this.blocking = blocking;
    }

    /**
     * @return {@code options} with {@code swfHash} and {@code swfSize} of its {@code swfVfy} SWF; unchanged when it
     *         verifies no SWF or already carries both (a source's own swfhash and swfsize win, and save a download).
     *         Fails with a {@link SwfException} "Could not verify the player SWF at &lt;url&gt;: &lt;reason&gt;".
     *         Called on a Vert.x context, the future completes on it.
     */
    public Future<RtmpClientOptions> withSwfHash(RtmpClientOptions options) {
        String address = options.swfVerifyUrl();
        if (address == null || options.swfVerification().isPresent()) {
            return Future.succeededFuture(options);
        }
        URI url;
        try {
            url = new URI(address);
        } catch (URISyntaxException e) {
            return Future.failedFuture(failure(address, "it is not a valid address"));
        }
        SwfHashCache cache = byAge.computeIfAbsent(options.swfAgeDays(), days -> new SwfHashCache(directory,
                Duration.ofDays(days), fetcher, blocking));
        Context caller = Vertx.currentContext();
        return (caller == null ? Future.fromCompletionStage(cache.hashOf(url))
                : Future.fromCompletionStage(cache.hashOf(url), caller))
                .map(swf -> options.withSwfHash(swf.hash()).withSwfSize(swf.size()))
                .recover(e -> Future.failedFuture(failure(address, reason(e))));
    }

    private static SwfException failure(String address, String reason) {
        return new SwfException("Could not verify the player SWF at " + address + ": " + reason);
    }

    /** The cache's own messages repeat the URL; the innermost explanation is what the user needs. */
    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof SwfException) && cause.getCause() != null
                && cause.getCause().getMessage() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static Executor workers(Vertx vertx) {
        WorkerExecutor pool = vertx.createSharedWorkerExecutor("streamvcr-swf", 2);
        return task -> pool.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
    }
}
