package dev.streamvcr.hls.origin;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.site.fixture.LoopbackSite;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An HLS origin on loopback serving streams that ffmpeg's HLS muxer made, as live streams: each is encoded up front
 * ({@link HlsMuxing}), then from the moment a test sets it {@link #goLive live} its media playlists reveal segments in
 * real time ({@link LivePlaylist}), with the faults its {@link LiveOptions} ask for. Every request is logged with its
 * time, so tests count what a recorder fetched. Also answers fixed pages and redirects, for addresses that are not
 * streams. A JUnit extension ({@link LoopbackSite}): encodes before the class's {@code @BeforeAll} methods, removes
 * the files after its {@code @AfterAll} methods.
 * <pre>{@code
 * @RegisterExtension
 * static final HlsOrigin ORIGIN = new HlsOrigin().stream("cam", HlsMuxing.mpegTs(24), LiveOptions.defaults());
 * … ORIGIN.goLive("cam", Instant.now()); ORIGIN.playlistUrl("cam") …
 * }</pre>
 * Paths: {@code /<stream>/index.m3u8} (or {@code /<stream>/master.m3u8} and {@code /<stream>/<rendition>/index.m3u8}
 * with variants), segments and keys beside them as ffmpeg named them.
 */
public final class HlsOrigin extends LoopbackSite {

    /** One request as the origin received it. */
    public record Request(String path, Instant at) {
    }

    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    private static final long CLAIMED_LENGTH = 100L * 1024 * 1024 * 1024;
    private static final long STREAMED_LENGTH = 65L * 1024 * 1024;

    private final Map<String, Live> streams = new LinkedHashMap<>();
    private final Map<String, String[]> pages = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private Path root;

    private static final class Live {
        final HlsMuxing muxing;
        final LiveOptions options;
        MuxedStream muxed;
        volatile Instant liveSince;

        Live(HlsMuxing muxing, LiveOptions options) {
            this.muxing = muxing;
            this.options = options;
        }
    }

    /** Adds a stream, encoded when the class starts and live once a test says so. */
    public HlsOrigin stream(String name, HlsMuxing muxing, LiveOptions options) {
        streams.put(name, new Live(muxing, options));
        return this;
    }

    /** Answers {@code body} as {@code contentType} at {@code path}. */
    public HlsOrigin page(String path, String contentType, String body) {
        pages.put(path, new String[] {contentType, body});
        return this;
    }

    /** Answers 302 to {@code location} at {@code path}. */
    public HlsOrigin redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    /** Answers HTTP {@code status} at {@code path}, whatever is there. */
    public HlsOrigin failing(String path, int status) {
        failing.put(path, status);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        PeerTools.ensureInstalled();
        root = Files.createTempDirectory("streamvcr-hls-origin");
        for (Map.Entry<String, Live> entry : streams.entrySet()) {
            Path dir = Files.createDirectories(root.resolve(entry.getKey()));
            entry.getValue().muxed = entry.getValue().muxing.encode(dir);
        }
        super.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        super.afterAll(context);
        if (root != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            root = null;
        }
    }

    /** Starts the stream's clock: at {@code since} it had revealed nothing, and it reveals on in real time. */
    public void goLive(String stream, Instant since) {
        running(stream).liveSince = since;
    }

    /** What ffmpeg made for {@code stream}. */
    public MuxedStream muxed(String stream) {
        return running(stream).muxed;
    }

    /** A file ffmpeg wrote for {@code stream}, by its path under the stream ("seg3.ts", "720p/seg0.ts"). */
    public Path file(String stream, String path) {
        running(stream);
        return root.resolve(stream).resolve(path);
    }

    /** The address a recorder is given: the master playlist when there is one, else the media playlist. */
    public String playlistUrl(String stream) {
        return url("/" + stream + "/" + (running(stream).muxed.master() != null ? "master.m3u8" : "index.m3u8"));
    }

    /** Every request so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests asked for {@code path}. */
    public long count(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).count();
    }

    /** The segments of a rendition ("" without variants) that were asked for, by number, in the order asked. */
    public List<Integer> segmentsFetched(String stream, String rendition) {
        MuxedStream.Rendition segments = running(stream).muxed.renditions().get(rendition);
        String prefix = "/" + stream + "/" + (rendition.isEmpty() ? "" : rendition + "/");
        List<Integer> fetched = new ArrayList<>();
        for (Request request : requests) {
            if (request.path().startsWith(prefix)) {
                int index = segments.indexOf(request.path().substring(prefix.length()));
                if (index >= 0) {
                    fetched.add(index);
                }
            }
        }
        return fetched;
    }

    private Live running(String name) {
        Live stream = streams.get(name);
        if (stream == null || stream.muxed == null) {
            throw new IllegalStateException("no stream '" + name + "' is encoded: add it where the origin is declared");
        }
        return stream;
    }

    @Override
    protected Handler<HttpServerRequest> pages(Vertx vertx) {
        return request -> {
            String path = request.path();
            requests.add(new Request(path, Instant.now()));
            HttpServerResponse response = request.response().putHeader("Cache-Control", "no-cache");
            String[] page = pages.get(path);
            if (redirects.containsKey(path)) {
                response.setStatusCode(302).putHeader("Location", redirects.get(path)).end();
            } else if (failing.containsKey(path)) {
                response.setStatusCode(failing.get(path)).end("failing on purpose");
            } else if (page != null) {
                response.putHeader("Content-Type", page[0]).end(page[1]);
            } else {
                serveStream(request, path);
            }
        };
    }

    private void serveStream(HttpServerRequest request, String path) {
        HttpServerResponse response = request.response();
        int slash = path.indexOf('/', 1);
        Live stream = slash < 0 ? null : streams.get(path.substring(1, slash));
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        if (stream == null || stream.muxed == null || rest.contains("..")) {
            response.setStatusCode(404).end("no such stream");
        } else if (rest.equals("master.m3u8") && stream.muxed.master() != null) {
            response.putHeader("Content-Type", PLAYLIST_TYPE).end(stream.muxed.master());
        } else if (rest.endsWith("index.m3u8")) {
            String rendition = rest.equals("index.m3u8") ? "" : rest.substring(0, rest.length() - "/index.m3u8".length());
            MuxedStream.Rendition segments = stream.muxed.renditions().get(rendition);
            Instant since = stream.liveSince;
            if (segments == null || since == null) {
                response.setStatusCode(404).end("not live");
            } else {
                double seconds = Duration.between(since, Instant.now()).toNanos() / 1e9;
                response.putHeader("Content-Type", PLAYLIST_TYPE)
                        .end(new LivePlaylist(segments, stream.options).at(seconds));
            }
        } else if (stream.muxed.key() != null && rest.endsWith(".bin")) {
            // a test may name a key per segment (LiveOptions.withKeyUris): ffmpeg's one key is behind each name
            response.putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(stream.muxed.key()));
        } else {
            Path file = root.resolve(path.substring(1)).normalize();
            String name = file.getFileName().toString();
            if (!file.startsWith(root) || !Files.isRegularFile(file) || name.endsWith(".m3u8")
                    || name.endsWith(".info")) {
                response.setStatusCode(404).end("not here");
            } else {
                serveFile(request, stream.options.oversized().get(segmentOf(stream, rest)), rest, file);
            }
        }
    }

    /** A segment, init section or key as ffmpeg wrote it, or over the size cap as {@code oversize} (null: not) says. */
    private static void serveFile(HttpServerRequest request, LiveOptions.Oversize oversize, String rest, Path file) {
        HttpServerResponse response = request.response();
        if (oversize == LiveOptions.Oversize.DECLARED) {
            response.putHeader("Content-Length", Long.toString(CLAIMED_LENGTH)).write(Buffer.buffer(read(file)))
                    .onComplete(written -> request.connection().close());
        } else if (oversize == LiveOptions.Oversize.STREAMED) {
            byte[] segment = read(file);
            response.setChunked(true).putHeader("Content-Type", "video/mp2t").write(Buffer.buffer(segment));
            padWithNullPackets(request, response, segment.length);
        } else {
            response.putHeader("Content-Type", contentType(rest)).sendFile(file.toString());
        }
    }

    /** The segment's number in its rendition, or -1 for anything else (a key, an init section). */
    private static int segmentOf(Live stream, String rest) {
        for (Map.Entry<String, MuxedStream.Rendition> rendition : stream.muxed.renditions().entrySet()) {
            String prefix = rendition.getKey().isEmpty() ? "" : rendition.getKey() + "/";
            if (rest.startsWith(prefix)) {
                int index = rendition.getValue().indexOf(rest.substring(prefix.length()));
                if (index >= 0) {
                    return index;
                }
            }
        }
        return -1;
    }

    /** Writes MPEG-TS null packets (PID 0x1FFF) until the body passes 65 MiB or the client goes, with backpressure. */
    private static void padWithNullPackets(HttpServerRequest request, HttpServerResponse response, long written) {
        byte[] packet = new byte[188];
        java.util.Arrays.fill(packet, (byte) 0xFF);
        packet[0] = 0x47;
        packet[1] = 0x1F;
        packet[2] = (byte) 0xFF;
        packet[3] = 0x10;
        Buffer chunk = Buffer.buffer();
        for (int i = 0; i < 5577; i++) { // about 1 MiB of whole packets
            chunk.appendBytes(packet);
        }
        long[] sent = {written};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            while (!response.closed() && sent[0] < STREAMED_LENGTH) {
                response.write(chunk);
                sent[0] += chunk.length();
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> next[0].run());
                    return;
                }
            }
            if (!response.closed()) {
                response.end();
            }
        };
        response.exceptionHandler(e -> request.connection().close());
        next[0].run();
    }

    private static String contentType(String name) {
        if (name.endsWith(".ts")) {
            return "video/mp2t";
        }
        if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        return name.endsWith(".mp4") ? "video/mp4" : "application/octet-stream";
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
