package dev.streamvcr.outbound;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.Http1xClientConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.NetSocketInternal;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The opening of one {@link OutboundWebSocket} (RFC 6455 §4.1) over the policy-checked HTTP client: the host checked,
 * the connection made to the checked address with the name kept for the Host header and TLS, the upgrade request sent
 * with the request's headers and cookies, the answer's key checked, all within the request's open timeout. (Vert.x's
 * own WebSocket client resolves the name itself and cannot be pointed at a checked address.) WebSockets follow no
 * redirects: a 3xx answer is a refused handshake.
 */
final class WebSocketOpening {

    /** RFC 6455 §1.3: appended to the key before hashing. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final HttpClient client;
    private final HostCheck hosts;
    private final OutboundWebSocketRequest request;
    private final Promise<OutboundWebSocket> opened;
    private HttpClientRequest upgrade;

    WebSocketOpening(Vertx vertx, HttpClient client, HostCheck hosts, OutboundWebSocketRequest request,
            Promise<OutboundWebSocket> opened) {
        this.vertx = vertx;
        this.client = client;
        this.hosts = hosts;
        this.request = request;
        this.opened = opened;
    }

    void start() {
        URI uri = request.uri();
        OutboundExchange.Target target;
        try {
            target = OutboundExchange.Target.ofWebSocket(uri);
        } catch (OutboundFailure e) {
            opened.tryFail(e);
            return;
        }
        long timer = vertx.setTimer(request.openTimeout().toMillis(), id -> {
            if (opened.tryFail(new OutboundFailure(OutboundFailure.Kind.TIMEOUT, uri, "the WebSocket did not open "
                    + "within " + request.openTimeout().toSeconds() + " s")) && upgrade != null) {
                upgrade.reset();
            }
        });
        opened.future().onComplete(done -> vertx.cancelTimer(timer));
        vertx.executeBlocking(() -> hosts.resolve(target.checkedHost()), false).onComplete(resolved -> {
            if (opened.future().isComplete()) {
                return;
            }
            if (resolved.failed()) {
                opened.tryFail(resolved.cause() instanceof OutboundPolicy.Refused refused
                        ? new OutboundFailure(OutboundFailure.Kind.REFUSED, uri, refused.getMessage())
                        : OutboundExchange.unreachable(uri, resolved.cause()));
            } else {
                connect(uri, target, resolved.result());
            }
        });
    }

    private void connect(URI uri, OutboundExchange.Target target, InetAddress address) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                .setHost(target.checkedHost()).setPort(target.port()).setSsl(target.tls())
                .setURI(target.pathAndQuery()).setFollowRedirects(false);
        if (request.headers().keySet().stream().noneMatch(name -> name.equalsIgnoreCase("User-Agent"))) {
            options.putHeader("User-Agent", OutboundHttpClient.USER_AGENT);
        }
        request.headers().forEach(options::putHeader);
        String cookies = request.cookies() == null ? null : request.cookies().header(uri);
        if (cookies != null) {
            options.putHeader("Cookie", cookies);
        }
        options.putHeader("Host", target.authority()).putHeader("Upgrade", "websocket")
                .putHeader("Connection", "Upgrade").putHeader("Sec-WebSocket-Key", key)
                .putHeader("Sec-WebSocket-Version", "13");
        client.request(options).compose(made -> {
            upgrade = made;
            made.exceptionHandler(ignored -> { }); // a failure is the opening's outcome, not a log line
            return made.connect();
        }).onComplete(answer -> {
            if (answer.failed()) {
                opened.tryFail(OutboundExchange.unreachable(uri, answer.cause()));
            } else {
                answered(uri, key, answer.result());
            }
        });
    }

    private void answered(URI uri, String key, HttpClientResponse answer) {
        if (request.cookies() != null) {
            answer.cookies().forEach(setCookie -> request.cookies().store(uri, setCookie));
        }
        if (answer.statusCode() != 101) {
            answer.exceptionHandler(ignored -> { });
            answer.request().reset(); // the answer's body is not wanted: its connection goes
            opened.tryFail(new OutboundFailure(OutboundFailure.Kind.REJECTED, uri, "it answered HTTP "
                    + answer.statusCode() + " instead of opening the WebSocket"));
            return;
        }
        // Vert.x hands an upgraded HTTP/1.1 connection over as a raw socket on the same channel, out of the pool
        NetSocketInternal socket = ((Http1xClientConnection) answer.request().connection()).toNetSocket();
        String upgradeTo = answer.getHeader("Upgrade");
        if (upgradeTo == null || !upgradeTo.toLowerCase(Locale.ROOT).equals("websocket")
                || !accept(key).equals(answer.getHeader("Sec-WebSocket-Accept"))) {
            socket.close();
            opened.tryFail(new OutboundFailure(OutboundFailure.Kind.REJECTED, uri,
                    "its answer did not accept the WebSocket handshake (RFC 6455 §4.1)"));
            return;
        }
        OutboundWebSocket webSocket = new OutboundWebSocket(uri, socket, request.maxMessageBytes());
        if (!opened.tryComplete(webSocket)) {
            webSocket.close(); // the open timeout came first
        }
    }

    /** The {@code Sec-WebSocket-Accept} value a server must answer {@code key} with (RFC 6455 §4.2.2 step 5.4). */
    static String accept(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
