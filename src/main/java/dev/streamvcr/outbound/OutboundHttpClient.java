package dev.streamvcr.outbound;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client for requests made on a user's behalf: pages, site logins, player SWFs, playlists, keys and
 * segments. Every host, the first and each redirect's, goes through the {@link HostCheck}, and the connection goes to
 * the address it approved (a DNS answer cannot change in between), while the Host header and TLS (SNI, certificate
 * check) keep the name. Redirects, body size, connect time, silence and the whole exchange are bounded by the
 * {@link OutboundRequest}; a request body is never re-sent to another origin.
 *
 * <p>Plain Vert.x: callbacks run on the caller's context (or one made for the call).
 */
public final class OutboundHttpClient {

    /** A browser-like agent (some sites send players only to browsers) that still names us; a request may set its own. */
    public static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 StreamVCR/1";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(15);
    /**
     * A kept-alive connection idle this long is closed by us, before most servers close theirs (many after 5 s), so a
     * request seldom meets a connection the server has just closed; a GET that does is sent once more.
     */
    static final int KEEP_ALIVE_SECONDS = 4;

    private final Vertx vertx;
    private final HostCheck hosts;
    private final HttpClient client;

    /**
     * @param maxConnectionsPerServer kept-alive connections to one checked address and host name at once; requests
     *                                beyond wait for one
     */
    public OutboundHttpClient(Vertx vertx, HostCheck hosts, int maxConnectionsPerServer) {
        this.vertx = vertx;
        this.hosts = hosts;
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setForceSni(true)
                .setTryUseCompression(true).setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setMaxPoolSize(maxConnectionsPerServer)
                .setMaxRedirects(0).setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()));
    }

    /** Sends the request and reads the whole answer, 2xx or not, up to the request's {@code maxBytes}. */
    public Future<OutboundResponse> fetch(OutboundRequest request) {
        return open(request).compose(OutboundStream::readAll);
    }

    /**
     * Sends the request and completes once the final answer's head has come; its body is then the caller's to read
     * ({@link OutboundStream#pipeTo}, {@link OutboundStream#readAll}) or drop ({@link OutboundStream#discard}).
     * The request's deadline keeps running until the body ends.
     */
    public Future<OutboundStream> open(OutboundRequest request) {
        Context context = vertx.getOrCreateContext();
        Promise<OutboundStream> head = Promise.promise();
        context.runOnContext(v -> new OutboundExchange(vertx, client, hosts, request, head).start());
        return head.future();
    }

    /**
     * {@link #fetch} for a worker thread: waits for the answer. Failures are thrown as they are.
     *
     * @throws IllegalStateException on an event loop, which must never wait
     */
    public OutboundResponse fetchAndWait(OutboundRequest request) throws OutboundFailure {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("an event loop never waits for an outbound request");
        }
        try {
            return fetch(request).toCompletionStage().toCompletableFuture()
                    .get(request.deadline().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutboundFailure failure) {
                throw failure;
            }
            throw new OutboundFailure(OutboundFailure.Kind.UNREACHABLE, request.uri(),
                    String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new OutboundFailure(OutboundFailure.Kind.TIMEOUT, request.uri(),
                    "it did not answer within " + request.deadline().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundFailure(OutboundFailure.Kind.CANCELLED, request.uri(), "the request was interrupted");
        }
    }

    /** Closes the connections; exchanges still running fail. */
    public Future<Void> close() {
        return client.close();
    }
}
