package dev.streamvcr.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.WriteStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one outbound client against a loopback server on IPv4 and IPv6: each hop is checked and connected to the
 * checked address, with the name kept for the Host header; redirects, sizes and time are bounded.
 */
class OutboundHttpClientTest {

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static final byte[] BIG = new byte[3 * 1024 * 1024];
    private static HttpServer v4;
    private static HttpServer v6;
    /** Every host name the client asked the check about, in order. */
    private static final List<String> checked = new CopyOnWriteArrayList<>();
    private static final Map<String, InetAddress> names = new ConcurrentHashMap<>();
    private static OutboundHttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Arrays.fill(BIG, (byte) 7);
        v4 = listen("127.0.0.1");
        v6 = listen("::1");
        names.put("site.example.test", InetAddress.getByName("127.0.0.1"));
        names.put("other.example.test", InetAddress.getByName("127.0.0.1"));
        names.put("127.0.0.1", InetAddress.getByName("127.0.0.1"));
        names.put("::1", InetAddress.getByName("::1"));
        client = new OutboundHttpClient(VERTX.get(), host -> {
            checked.add(host);
            InetAddress address = names.get(host);
            if (address == null) {
                throw new OutboundPolicy.Refused("Connections to " + host + " are not allowed: test policy.");
            }
            return address;
        }, 4);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpServer listen(String host) throws Exception {
        return VERTX.get().createHttpServer().requestHandler(OutboundHttpClientTest::answer).listen(0, host)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void answer(HttpServerRequest request) {
        String path = request.path();
        request.body().onSuccess(body -> {
            switch (path) {
                case "/echo" -> request.response().putHeader("Set-Cookie", "seen=1; Path=/")
                        .end(request.method() + " host=" + request.getHeader("Host") + " cookie="
                                + request.getHeader("Cookie") + " agent=" + request.getHeader("User-Agent")
                                + " body=" + body.toString(StandardCharsets.UTF_8));
                case "/to" -> request.response().setStatusCode(Integer.parseInt(request.getParam("status")))
                        .putHeader("Location", request.getParam("url")).end();
                case "/big" -> request.response().end(Buffer.buffer(BIG));
                case "/big-chunked" -> request.response().setChunked(true).end(Buffer.buffer(BIG));
                case "/silent" -> { } // never answers
                default -> request.response().setStatusCode(404).end("no " + path);
            }
        });
    }

    private static String url(String path) {
        return "http://site.example.test:" + v4.actualPort() + path;
    }

    private static OutboundResponse fetch(OutboundRequest request) throws OutboundFailure {
        return client.fetchAndWait(request);
    }

    private static OutboundFailure failure(OutboundRequest request) {
        return assertThrows(OutboundFailure.class, () -> fetch(request));
    }

    private static String text(OutboundResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void connectsToTheCheckedAddressAndSendsTheNameAsHost() throws Exception {
        checked.clear();
        OutboundResponse echo = fetch(OutboundRequest.get(URI.create(url("/echo"))));
        assertEquals(200, echo.status());
        assertEquals("GET host=site.example.test:" + v4.actualPort() + " cookie=null agent="
                + OutboundHttpClient.USER_AGENT + " body=", text(echo));
        assertEquals(List.of("site.example.test"), checked);
    }

    @Test
    void anIpv6LiteralIsCheckedWithoutBracketsAndSentWithThem() throws Exception {
        checked.clear();
        OutboundResponse echo = fetch(OutboundRequest.get(URI.create("http://[::1]:" + v6.actualPort() + "/echo")));
        assertEquals("GET host=[::1]:" + v6.actualPort() + " cookie=null agent=" + OutboundHttpClient.USER_AGENT
                + " body=", text(echo));
        assertEquals(List.of("::1"), checked);
    }

    @Test
    void everyRedirectIsCheckedAgainAndCookiesAreKeptPerHop() throws Exception {
        checked.clear();
        TestCookies jar = new TestCookies();
        String target = "http://other.example.test:" + v4.actualPort() + "/echo";
        OutboundResponse echo = fetch(OutboundRequest.get(URI.create(url("/to?status=302&url=" + target)))
                .withCookies(jar));
        assertEquals(URI.create(target), echo.uri());
        assertEquals(List.of("site.example.test", "other.example.test"), checked);
        assertEquals(List.of(URI.create(target) + " seen=1; Path=/"), jar.stored);

        OutboundFailure refused = failure(OutboundRequest.get(URI.create(
                url("/to?status=301&url=http://localhost:" + v4.actualPort() + "/echo"))));
        assertEquals(OutboundFailure.Kind.REFUSED, refused.kind());
        assertEquals("Connections to localhost are not allowed: test policy.", refused.getMessage());
    }

    @Test
    void followsAsManyRedirectsAsAllowedButNoMore() throws Exception {
        String chain = url("/echo");
        for (int i = 0; i < 3; i++) {
            chain = url("/to?status=307&url=" + java.net.URLEncoder.encode(chain, StandardCharsets.UTF_8));
        }
        OutboundRequest three = OutboundRequest.get(URI.create(chain));
        assertEquals(200, fetch(three.withMaxRedirects(3)).status());
        OutboundFailure tooMany = failure(three.withMaxRedirects(2));
        assertEquals(OutboundFailure.Kind.TOO_MANY_REDIRECTS, tooMany.kind());
        assertEquals("more than 2 redirects", tooMany.reason());
    }

    @Test
    void aPostIsRepeatedOnlyWhereRfc9110SaysAndNeverToAnotherOrigin() throws Exception {
        Map<String, String> form = Map.of("user", "alice");
        OutboundResponse see = fetch(OutboundRequest.get(URI.create(url("/to?status=303&url=/echo"))).withForm(form));
        assertTrue(text(see).startsWith("GET "), text(see));
        OutboundResponse kept = fetch(OutboundRequest.get(URI.create(url("/to?status=307&url=/echo"))).withForm(form));
        assertTrue(text(kept).startsWith("POST ") && text(kept).endsWith("body=user=alice"), text(kept));

        String elsewhere = "http://other.example.test:" + v4.actualPort() + "/echo";
        OutboundFailure crossed = failure(OutboundRequest.get(URI.create(url("/to?status=308&url=" + elsewhere)))
                .withForm(form));
        assertEquals(OutboundFailure.Kind.CROSS_ORIGIN_BODY, crossed.kind());
        assertEquals("site.example.test redirected what was sent to another site (other.example.test); it was not "
                + "sent there", crossed.reason());
    }

    @Test
    void aBodyOverTheLimitFailsWhetherItsLengthIsDeclaredOrNot() {
        for (String path : List.of("/big", "/big-chunked")) {
            OutboundFailure big = failure(OutboundRequest.get(URI.create(url(path))).withMaxBytes(1024 * 1024));
            assertEquals(OutboundFailure.Kind.TOO_LARGE, big.kind(), path);
            assertEquals("it sent more than 1 MiB", big.reason(), path);
        }
    }

    @Test
    void aServerThatNeverAnswersRunsIntoTheDeadline() {
        OutboundFailure late = failure(OutboundRequest.get(URI.create(url("/silent"))).withDeadline(Duration.ofSeconds(1)));
        assertEquals(OutboundFailure.Kind.TIMEOUT, late.kind());
        assertEquals("it did not answer within 1 s", late.reason());
        assertTrue(late.isTransient());
    }

    @Test
    void addressesThatCannotBeFetchedSayWhy() {
        assertEquals(OutboundFailure.Kind.NOT_HTTP, failure(OutboundRequest.get(URI.create("ftp://127.0.0.1/x"))).kind());
        OutboundFailure noPort = failure(OutboundRequest.get(URI.create("http://127.0.0.1:0/x")));
        assertEquals("the port 0 is not between 1 and 65535", noPort.reason());
        int closed = PeerTools.freePort();
        OutboundFailure refused = failure(OutboundRequest.get(URI.create("http://127.0.0.1:" + closed + "/")));
        assertEquals(OutboundFailure.Kind.UNREACHABLE, refused.kind());
        assertEquals("Could not fetch http://127.0.0.1:" + closed + "/: the connection was refused.",
                refused.getMessage());
    }

    @Test
    void aGetMeetingAKeptAliveConnectionTheServerClosedIsSentOnceMore() throws Exception {
        // answers the first request of each connection, and closes a connection when a second request comes on it
        java.net.ServerSocket server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        Thread serving = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    java.net.Socket socket = server.accept();
                    connections.incrementAndGet();
                    new Thread(() -> answerOnce(socket)).start();
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
        serving.start();
        try {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/x";
            assertEquals("hello", text(fetch(OutboundRequest.get(URI.create(url)))));
            assertEquals("hello", text(fetch(OutboundRequest.get(URI.create(url)))), "sent again on a new connection");
            assertEquals(2, connections.get());
        } finally {
            server.close();
        }
    }

    private static void answerOnce(java.net.Socket socket) {
        try (socket) {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), StandardCharsets.US_ASCII));
            while (!in.readLine().isEmpty()) {
                // the request head
            }
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n"
                    + "hello").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            in.readLine(); // the next request on the same connection: closed unanswered, as an idle timeout would
        } catch (java.io.IOException | NullPointerException ended) {
            // the client went away
        }
    }

    @Test
    void defaultPortsFollowTheSchemeAndStayOutOfTheHostHeader() throws Exception {
        assertEquals(80, OutboundExchange.Target.of(URI.create("http://example.test/a?b")).port());
        assertEquals(443, OutboundExchange.Target.of(URI.create("https://example.test")).port());
        assertEquals("/a?b", OutboundExchange.Target.of(URI.create("http://example.test/a?b")).pathAndQuery());
        assertEquals("::1", OutboundExchange.Target.of(URI.create("https://[::1]:8443/")).checkedHost());
        assertEquals("[::1]:8443", OutboundExchange.Target.of(URI.create("https://[::1]:8443/")).authority());
        assertEquals("example.test", OutboundExchange.Target.of(URI.create("https://example.test:443/")).authority());
    }

    @Test
    void aStreamedBodyWaitsForASlowSinkAndArrivesWhole() throws Exception {
        SlowSink sink = new SlowSink();
        long written = client.open(OutboundRequest.get(URI.create(url("/big"))).withMaxBytes(BIG.length))
                .compose(stream -> stream.status() == 200 ? stream.pipeTo(sink) : Future.failedFuture("status"))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(BIG.length, written);
        assertArrayEquals(BIG, sink.received.getBytes());
        assertTrue(sink.pausedTimes > 0, "the sink's full queue paused the connection");
    }

    /** Remembers what it was asked to store; sends nothing. */
    private static final class TestCookies implements CookieStore {
        final List<String> stored = new ArrayList<>();

        @Override
        public String header(URI uri) {
            return null;
        }

        @Override
        public void store(URI uri, String setCookie) {
            stored.add(uri + " " + setCookie);
        }
    }

    /** A sink whose queue is full after every 64 KiB until a timer drains it. */
    private static final class SlowSink implements WriteStream<Buffer> {
        final Buffer received = Buffer.buffer();
        int pausedTimes;
        private int sinceDrain;
        private io.vertx.core.Handler<Void> drain;

        @Override
        public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            received.appendBuffer(data);
            sinceDrain += data.length();
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, io.vertx.core.Handler<io.vertx.core.AsyncResult<Void>> handler) {
            write(data).onComplete(handler);
        }

        @Override
        public void end(io.vertx.core.Handler<io.vertx.core.AsyncResult<Void>> handler) {
            handler.handle(Future.succeededFuture());
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return sinceDrain >= 64 * 1024;
        }

        @Override
        public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
            pausedTimes++;
            drain = handler;
            VERTX.get().setTimer(5, id -> {
                sinceDrain = 0;
                drain.handle(null);
            });
            return this;
        }
    }
}
