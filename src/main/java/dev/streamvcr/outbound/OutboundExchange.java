package dev.streamvcr.outbound;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * One exchange of {@link OutboundHttpClient}: hop after hop (each host checked, the connection made to the checked
 * address) until an answer that is not a redirect, then its body. Runs on one Vert.x context; the deadline timer
 * covers everything from the first hop to the end of the body.
 */
final class OutboundExchange {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Vertx vertx;
    private final HttpClient client;
    private final HostCheck hosts;
    private final OutboundRequest request;
    private final Promise<OutboundStream> head;
    /** Completes (once) when the body has been read or the exchange failed; ends the deadline. */
    private final Promise<Long> body = Promise.promise();
    private long timer = -1;
    private URI current;
    private HttpClientRequest inFlight;
    private HttpClientResponse response;

    OutboundExchange(Vertx vertx, HttpClient client, HostCheck hosts, OutboundRequest request,
            Promise<OutboundStream> head) {
        this.vertx = vertx;
        this.client = client;
        this.hosts = hosts;
        this.request = request;
        this.head = head;
        this.current = request.uri();
    }

    void start() {
        timer = vertx.setTimer(request.deadline().toMillis(), id -> fail(new OutboundFailure(OutboundFailure.Kind.TIMEOUT,
                current, "it did not answer within " + request.deadline().toSeconds() + " s")));
        body.future().onComplete(done -> vertx.cancelTimer(timer));
        hop(request.uri(), request.method(), request.body(), 0);
    }

    private void hop(URI uri, String method, byte[] payload, int redirects) {
        current = uri;
        Target target;
        try {
            target = Target.of(uri);
        } catch (OutboundFailure e) {
            fail(e);
            return;
        }
        vertx.executeBlocking(() -> hosts.resolve(target.checkedHost()), false).onComplete(resolved -> {
            if (finished()) {
                return;
            }
            if (resolved.failed()) {
                fail(resolved.cause() instanceof OutboundPolicy.Refused refused
                        ? new OutboundFailure(OutboundFailure.Kind.REFUSED, uri, refused.getMessage())
                        : unreachable(uri, resolved.cause()));
            } else {
                send(uri, target, resolved.result(), method, payload, redirects, false);
            }
        });
    }

    /** @param again whether this is the one retry of a GET whose kept-alive connection the server had closed */
    private void send(URI uri, Target target, InetAddress address, String method, byte[] payload, int redirects,
            boolean again) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method))
                .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                .setHost(target.checkedHost()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
                .setFollowRedirects(false).setIdleTimeout(OutboundHttpClient.IDLE_TIMEOUT.toMillis())
                .putHeader("Host", target.authority());
        if (!request.headers().keySet().stream().anyMatch(name -> name.equalsIgnoreCase("User-Agent"))) {
            options.putHeader("User-Agent", OutboundHttpClient.USER_AGENT);
        }
        request.headers().forEach(options::putHeader);
        String cookies = request.cookies() == null ? null : request.cookies().header(uri);
        if (cookies != null) {
            options.putHeader("Cookie", cookies);
        }
        client.request(options).onComplete(made -> {
            if (made.failed()) {
                fail(unreachable(uri, made.cause()));
                return;
            }
            inFlight = made.result();
            if (finished()) {
                inFlight.reset();
                return;
            }
            Future<HttpClientResponse> sent = payload == null ? inFlight.send() : inFlight.send(Buffer.buffer(payload));
            sent.onComplete(answer -> {
                if (answer.failed() && !again && payload == null && answer.cause() instanceof HttpClosedException
                        && !finished()) {
                    // a kept-alive connection the server closed as it was reused: a GET is safe to send once more
                    send(uri, target, address, method, null, redirects, true);
                } else if (answer.failed()) {
                    fail(unreachable(uri, answer.cause()));
                } else {
                    answered(uri, method, payload, redirects, answer.result());
                }
            });
        });
    }

    private void answered(URI uri, String method, byte[] payload, int redirects, HttpClientResponse answer) {
        answer.pause();
        if (request.cookies() != null) {
            answer.cookies().forEach(setCookie -> request.cookies().store(uri, setCookie));
        }
        String location = answer.getHeader("Location");
        if (finished()) {
            drop(answer);
        } else if (REDIRECTS.contains(answer.statusCode()) && location != null && !location.isBlank()) {
            drop(answer);
            redirect(uri, method, payload, redirects, answer.statusCode(), location.strip());
        } else if (declaredLength(answer) > request.maxBytes()) {
            drop(answer);
            fail(tooLarge(uri));
        } else {
            response = answer;
            answer.exceptionHandler(e -> fail(unreachable(uri, e)));
            head.tryComplete(new OutboundStream(this, new OutboundResponse(uri, answer.statusCode(), answer.statusMessage(),
                    headers(answer), new byte[0])));
        }
    }

    private static long declaredLength(HttpClientResponse answer) {
        String length = answer.getHeader("Content-Length");
        return length != null && !length.isEmpty() && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                ? Long.parseLong(length) : -1;
    }

    /** Closes the connection of an answer whose body nobody needs, rather than reading it (it could be large). */
    private static void drop(HttpClientResponse answer) {
        answer.exceptionHandler(ignored -> { });
        answer.request().reset();
    }

    private void redirect(URI from, String method, byte[] payload, int redirects, int status, String location) {
        if (redirects >= request.maxRedirects()) {
            fail(new OutboundFailure(OutboundFailure.Kind.TOO_MANY_REDIRECTS, from,
                    "more than " + request.maxRedirects() + " redirects"));
            return;
        }
        URI next;
        try {
            next = from.resolve(location);
        } catch (IllegalArgumentException e) {
            fail(new OutboundFailure(OutboundFailure.Kind.BAD_ADDRESS, from,
                    from.getHost() + " redirected to an unreadable address: " + location));
            return;
        }
        String nextMethod = method;
        byte[] nextPayload = payload;
        if (status == 303 || ((status == 301 || status == 302) && payload != null)) {
            nextMethod = "GET"; // the body is not sent again (RFC 9110 §15.4)
            nextPayload = null;
        }
        if (nextPayload != null && !sameOrigin(from, next)) {
            fail(new OutboundFailure(OutboundFailure.Kind.CROSS_ORIGIN_BODY, from, from.getHost()
                    + " redirected what was sent to another site (" + next.getHost() + "); it was not sent there"));
            return;
        }
        hop(next, nextMethod, nextPayload, redirects + 1);
    }

    /**
     * Reads the body of the final answer, passing each chunk to {@code write}; while {@code flow} (if any) has a full
     * write queue the connection is paused. Completes with the byte count.
     */
    Future<Long> readBody(Consumer<Buffer> write, WriteStream<?> flow) {
        if (response == null || finished()) {
            return body.future();
        }
        long[] received = {0};
        response.handler(chunk -> {
            if (finished()) {
                return;
            }
            if (received[0] + chunk.length() > request.maxBytes()) {
                fail(tooLarge(current));
                return;
            }
            received[0] += chunk.length();
            write.accept(chunk);
            if (flow != null && flow.writeQueueFull()) {
                response.pause();
                flow.drainHandler(v -> response.resume());
            }
        });
        response.endHandler(v -> body.tryComplete(received[0]));
        response.resume();
        return body.future();
    }

    void discard() {
        if (response != null) {
            drop(response);
        }
        body.tryFail(new OutboundFailure(OutboundFailure.Kind.CANCELLED, current, "the answer was not read"));
    }

    private boolean finished() {
        return body.future().isComplete();
    }

    private void fail(OutboundFailure failure) {
        if (!body.tryFail(failure)) {
            return;
        }
        head.tryFail(failure);
        if (response != null) {
            drop(response);
        } else if (inFlight != null) {
            inFlight.reset();
        }
    }

    private OutboundFailure tooLarge(URI uri) {
        long mib = request.maxBytes() / (1024 * 1024);
        return new OutboundFailure(OutboundFailure.Kind.TOO_LARGE, uri,
                "it sent more than " + (mib > 0 ? mib + " MiB" : request.maxBytes() + " bytes"));
    }

    private static OutboundFailure unreachable(URI uri, Throwable cause) {
        if (cause instanceof OutboundFailure failure) {
            return failure;
        }
        String why;
        OutboundFailure.Kind kind = OutboundFailure.Kind.UNREACHABLE;
        if (cause instanceof ConnectException) {
            why = "the connection was refused";
        } else if (cause instanceof UnknownHostException) {
            why = "the host was not found";
        } else if (cause instanceof SSLException) {
            why = "its TLS certificate could not be verified (" + cause.getMessage() + ")";
        } else if (cause != null && cause.getClass().getSimpleName().contains("Timeout")) {
            kind = OutboundFailure.Kind.TIMEOUT;
            why = "it did not answer in time";
        } else {
            why = cause == null ? "unknown error" : cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage();
        }
        return new OutboundFailure(kind, uri, why, cause);
    }

    private static Map<String, List<String>> headers(HttpClientResponse answer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        answer.headers().forEach(entry -> headers
                .computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(entry.getValue()));
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Map.copyOf(headers);
    }

    private static boolean sameOrigin(URI a, URI b) {
        try {
            Target x = Target.of(a);
            Target y = Target.of(b);
            return x.tls() == y.tls() && x.port() == y.port() && x.checkedHost().equalsIgnoreCase(y.checkedHost());
        } catch (OutboundFailure e) {
            return false;
        }
    }

    /** Where a hop goes: scheme, the host as the check and the Host header take it, port, and the request target. */
    record Target(boolean tls, String checkedHost, int port, String pathAndQuery) {

        static Target of(URI uri) throws OutboundFailure {
            String scheme = Objects.toString(uri.getScheme(), "").toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new OutboundFailure(OutboundFailure.Kind.NOT_HTTP, uri,
                        "only http:// and https:// addresses can be fetched");
            }
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                throw new OutboundFailure(OutboundFailure.Kind.BAD_ADDRESS, uri, "the address has no host name");
            }
            // RFC 3986 §3.2.2: an IPv6 literal is bracketed in a URI; resolvers and the Host header builder want it bare.
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            boolean tls = scheme.equals("https");
            int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
            if (port < 1 || port > 65535) {
                throw new OutboundFailure(OutboundFailure.Kind.BAD_ADDRESS, uri,
                        "the port " + uri.getPort() + " is not between 1 and 65535");
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return new Target(tls, bare, port, path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }

        /** The Host header (RFC 9110 §7.2): an IPv6 literal in brackets, the port unless the scheme's default. */
        String authority() {
            String host = checkedHost.indexOf(':') >= 0 ? "[" + checkedHost + "]" : checkedHost;
            return port == (tls ? 443 : 80) ? host : host + ":" + port;
        }
    }
}
