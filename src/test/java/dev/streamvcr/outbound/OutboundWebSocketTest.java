package dev.streamvcr.outbound;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.NetServer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSockets through the one outbound client against a loopback server: the host is checked and the connection made
 * to the checked address (the test names resolve nowhere else), the handshake carries the name, headers and cookies,
 * and what the server does (closing, refusing, staying silent, sending too much) ends the socket with a reason.
 */
class OutboundWebSocketTest {

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static final int CAP = 1000;
    private static final List<String> checked = new CopyOnWriteArrayList<>();
    /** What each socket the server accepted saw: its path and handshake headers, then the close status it got. */
    private static final List<String> serverLog = new CopyOnWriteArrayList<>();
    private static final Map<String, InetAddress> names = new ConcurrentHashMap<>();
    private static HttpServer server;
    private static NetServer silent;
    private static OutboundHttpClient client;

    @BeforeAll
    static void start() throws Exception {
        // upgraded from the request handler: a webSocketHandler is never called once a Quarkus test in the same JVM
        // has set vertx.disableWebsockets, and the upgrade would go to a missing request handler
        server = VERTX.get().createHttpServer().requestHandler(request -> {
            if (request.path().equals("/refuse")) {
                request.response().setStatusCode(403).end();
            } else {
                request.toWebSocket().onSuccess(OutboundWebSocketTest::serve);
            }
        }).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        silent = VERTX.get().createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        names.put("live.example.test", InetAddress.getByName("127.0.0.1"));
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

    private static void serve(ServerWebSocket socket) {
        serverLog.add(socket.path() + " host=" + socket.headers().get("Host") + " cookie="
                + socket.headers().get("Cookie") + " origin=" + socket.headers().get("Origin") + " agent="
                + socket.headers().get("User-Agent") + " frontend=" + socket.headers().get("X-Frontend-Id"));
        socket.closeHandler(v -> serverLog.add("closed " + socket.closeStatusCode()));
        switch (socket.path()) {
            case "/echo" -> socket.textMessageHandler(text -> socket.writeTextMessage("echo " + text));
            case "/bye" -> socket.close((short) 4001, "seat taken");
            case "/big" -> {
                // one message in three frames, whose whole is over the cap though each frame is under it
                socket.writeFrame(WebSocketFrame.textFrame("a".repeat(400), false));
                socket.writeFrame(WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("b".repeat(400)),
                        false));
                socket.writeFrame(WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("c".repeat(400)),
                        true));
            }
            case "/early" -> {
                // a message, a ping and the close at once, before the client has set a handler
                socket.pongHandler(pong -> serverLog.add("pong " + pong));
                socket.writeTextMessage("{\"type\":\"disconnect\",\"data\":{\"reason\":\"TAKEOVER\"}}");
                socket.writePing(io.vertx.core.buffer.Buffer.buffer("p2"));
                socket.close((short) 4001, "seat taken");
            }
            case "/flood" -> {
                for (int i = 1; i <= OutboundWebSocket.MAX_EARLY_MESSAGES + 1; i++) {
                    socket.writeTextMessage("m" + i);
                }
            }
            case "/ping" -> {
                socket.pongHandler(pong -> socket.writeTextMessage("pong " + pong.toString()));
                socket.writePing(io.vertx.core.buffer.Buffer.buffer("p1"));
                socket.writeFrame(WebSocketFrame.textFrame("sé", false)); // one message in two frames
                socket.writeFrame(WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("at"), true));
            }
            default -> socket.close();
        }
    }

    /** The handshakes the server saw since the log was cleared (sockets of earlier tests may still report closing). */
    private static List<String> handshakes() {
        return serverLog.stream().filter(line -> line.startsWith("/")).toList();
    }

    private static URI uri(String path) {
        return URI.create("ws://live.example.test:" + server.actualPort() + path);
    }

    private static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static OutboundFailure failure(OutboundWebSocketRequest request) throws Exception {
        try {
            OutboundWebSocket opened = result(client.openWebSocket(request));
            opened.close();
            throw new AssertionError("opened " + request.uri());
        } catch (ExecutionException e) {
            return assertInstanceOf(OutboundFailure.class, e.getCause());
        }
    }

    @Test
    void connectsToTheCheckedAddressWithTheNameHeadersAndCookies() throws Exception {
        checked.clear();
        serverLog.clear();
        List<String> stored = new CopyOnWriteArrayList<>();
        CookieStore cookies = new CookieStore() {
            @Override
            public String header(URI uri) {
                return "user_session=s1";
            }

            @Override
            public void store(URI uri, String setCookie) {
                stored.add(setCookie);
            }
        };
        OutboundWebSocket socket = result(client.openWebSocket(OutboundWebSocketRequest.to(uri("/echo"))
                .withCookies(cookies).withHeader("Origin", "https://live.example.test")
                .withHeader("X-Frontend-Id", "9")));
        List<String> received = new CopyOnWriteArrayList<>();
        socket.onText(received::add);
        result(socket.send("startWatching"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("echo startWatching"));

        assertEquals(List.of("live.example.test"), checked, "the name was checked, and nothing else resolved it");
        assertEquals("/echo host=live.example.test:" + server.actualPort() + " cookie=user_session=s1"
                + " origin=https://live.example.test agent=" + OutboundHttpClient.USER_AGENT + " frontend=9",
                handshakes().get(0));
        assertEquals(List.of(), stored, "the handshake answer set no cookie");
        socket.close();
        assertEquals(OutboundWebSocket.EndedBy.CLIENT, result(socket.closed()).by());
        await().atMost(Duration.ofSeconds(10)).until(() -> serverLog.contains("closed 1000"));
    }

    @Test
    void pingsAreAnsweredAndMessagesJoinedAcrossFrames() throws Exception {
        OutboundWebSocket socket = result(client.openWebSocket(OutboundWebSocketRequest.to(uri("/ping"))));
        List<String> received = new CopyOnWriteArrayList<>();
        socket.onText(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("pong p1"));
        assertTrue(received.contains("séat"), received.toString());
        socket.close();
    }

    @Test
    void moreSocketsThanPooledConnectionsOpenAtOnce() throws Exception {
        List<OutboundWebSocket> sockets = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sockets.add(result(client.openWebSocket(OutboundWebSocketRequest.to(uri("/echo")))));
        }
        for (OutboundWebSocket socket : sockets) {
            List<String> received = new CopyOnWriteArrayList<>();
            socket.onText(received::add);
            result(socket.send("hello"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("echo hello"));
            socket.close();
        }
    }

    @Test
    void aRefusedHostIsNeverConnectedTo() throws Exception {
        serverLog.clear();
        OutboundFailure refused = failure(OutboundWebSocketRequest.to(
                URI.create("ws://metadata.example.test:" + server.actualPort() + "/echo")));
        assertEquals(OutboundFailure.Kind.REFUSED, refused.kind());
        assertEquals("Connections to metadata.example.test are not allowed: test policy.", refused.getMessage());
        assertEquals(List.of(), handshakes());
        assertEquals(OutboundFailure.Kind.NOT_HTTP, failure(OutboundWebSocketRequest.to(
                URI.create("http://live.example.test:" + server.actualPort() + "/echo"))).kind());
    }

    @Test
    void aMessageOverTheCapEndsTheSocketWithStatus1009() throws Exception {
        serverLog.clear();
        OutboundWebSocket socket = result(client.openWebSocket(OutboundWebSocketRequest.to(uri("/big"))
                .withMaxMessageBytes(CAP)));
        List<String> received = new CopyOnWriteArrayList<>();
        socket.onText(received::add);
        OutboundWebSocket.Closure closure = result(socket.closed());
        assertEquals(OutboundWebSocket.EndedBy.FAILURE, closure.by());
        assertEquals("the server sent a message larger than 1000 bytes", closure.describe());
        assertEquals(List.of(), received, "no part of the message is handed over");
        await().atMost(Duration.ofSeconds(10)).until(() -> serverLog.contains("closed 1009"));
    }

    @Test
    void theServerClosingIsToldWithItsStatusAndReason() throws Exception {
        OutboundWebSocket socket = result(client.openWebSocket(OutboundWebSocketRequest.to(uri("/bye"))));
        socket.onText(text -> { });
        OutboundWebSocket.Closure closure = result(socket.closed());
        assertEquals(OutboundWebSocket.EndedBy.SERVER, closure.by());
        assertEquals(4001, closure.status());
        assertEquals("the server closed it (4001 seat taken)", closure.describe());
        assertTrue(socket.send("keepSeat").failed(), "nothing is sent on a closed socket");
    }

    @Test
    void aServerClosingBeforeAHandlerIsSetIsToldWithItsReasonAndItsMessagesKept() throws Exception {
        serverLog.clear();
        OutboundWebSocket socket = result(client.openWebSocket(OutboundWebSocketRequest.to(uri("/early"))));
        // no handler yet: the close frame is still read, with its status and reason, and the ping answered
        OutboundWebSocket.Closure closure = result(socket.closed());
        assertEquals(OutboundWebSocket.EndedBy.SERVER, closure.by());
        assertEquals("the server closed it (4001 seat taken)", closure.describe());
        await().atMost(Duration.ofSeconds(10)).until(() -> serverLog.contains("pong p2"));
        List<String> received = new CopyOnWriteArrayList<>();
        socket.onText(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertEquals(List.of("{\"type\":\"disconnect\",\"data\":{\"reason\":\"TAKEOVER\"}}"), received,
                "the message sent before the close is handed over once a handler is set");
    }

    @Test
    void moreMessagesBeforeAHandlerIsSetThanAreKeptEndTheSocket() throws Exception {
        serverLog.clear();
        OutboundWebSocket socket = result(client.openWebSocket(OutboundWebSocketRequest.to(uri("/flood"))));
        OutboundWebSocket.Closure closure = result(socket.closed());
        assertEquals(OutboundWebSocket.EndedBy.FAILURE, closure.by());
        assertEquals("the server sent more than 8 messages before any was read", closure.describe());
        await().atMost(Duration.ofSeconds(10)).until(() -> serverLog.contains("closed 1000"));
        List<String> received = new CopyOnWriteArrayList<>();
        socket.onText(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == OutboundWebSocket.MAX_EARLY_MESSAGES);
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"), received);
    }

    @Test
    void aRefusedHandshakeAndASilentServerFailWithTheirReason() throws Exception {
        OutboundFailure rejected = failure(OutboundWebSocketRequest.to(uri("/refuse")));
        assertEquals(OutboundFailure.Kind.REJECTED, rejected.kind());
        assertEquals("Could not fetch " + uri("/refuse") + ": it answered HTTP 403 instead of opening the WebSocket.",
                rejected.getMessage());

        OutboundFailure silence = failure(OutboundWebSocketRequest.to(
                URI.create("ws://live.example.test:" + silent.actualPort() + "/watch"))
                .withOpenTimeout(Duration.ofSeconds(1)));
        assertEquals(OutboundFailure.Kind.TIMEOUT, silence.kind());
        assertTrue(silence.reason().contains("did not open within 1 s") || silence.reason().contains("in time"),
                silence.reason());
    }
}
