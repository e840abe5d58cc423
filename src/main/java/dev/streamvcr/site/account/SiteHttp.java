package dev.streamvcr.site.account;

import dev.streamvcr.access.OutboundPolicy;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The HTTP transport of logged-in site sessions: every hop (redirects included) is checked by the
 * {@link OutboundPolicy} and connected to the address it approved, answers are cut off at {@link #MAX_BODY}
 * bytes, each exchange is bounded in time and redirect count, and cookies go through the account's
 * {@link CookieJar}. Blocking: call from a worker thread, never an event loop.
 */
@ApplicationScoped
public class SiteHttp {

    static final int MAX_BODY = 4 * 1024 * 1024;
    static final int MAX_REDIRECTS = 8;
    static final long TIMEOUT_MS = 20_000;
    private static final String USER_AGENT = "Mozilla/5.0 (compatible; StreamVCR)";

    private final Vertx vertx;
    private final OutboundPolicy policy;
    private final HttpClient client;

    @Inject
    SiteHttp(Vertx vertx, OutboundPolicy policy) {
        this.vertx = vertx;
        this.policy = policy;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000)
                .setMaxPoolSize(16).setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** GET, or POST of {@code form} when it is not null; redirects followed (a POST turns into a GET on 301–303). */
    FetchedPage exchange(URI uri, Map<String, String> form, CookieJar jar) throws SiteException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Site requests block; they must not run on an event loop");
        }
        URI current = uri;
        Map<String, String> body = form;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Answer answer = once(current, body, jar);
            jar.receive(current, answer.response.cookies(), Instant.now());
            int status = answer.response.statusCode();
            String location = answer.response.getHeader("Location");
            if (status >= 300 && status < 400 && status != 304 && location != null) {
                try {
                    current = current.resolve(location.strip());
                } catch (IllegalArgumentException e) {
                    throw new SiteException(uri + " redirected to an address that is not valid: " + location);
                }
                if (status != 307 && status != 308) {
                    body = null;
                }
                continue;
            }
            return new FetchedPage(current, status, answer.response.getHeader("Content-Type"), answer.body.getBytes());
        }
        throw new SiteException(uri + " redirected more than " + MAX_REDIRECTS + " times.");
    }

    private record Answer(HttpClientResponse response, Buffer body) {
    }

    private Answer once(URI uri, Map<String, String> form, CookieJar jar) throws SiteException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new SiteException("Only http:// and https:// pages can be fetched, not " + uri + ".");
        }
        InetAddress address;
        try {
            address = policy.resolve(uri.getHost());
        } catch (OutboundPolicy.Refused e) {
            throw new SiteException(e.getMessage());
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        RequestOptions options = new RequestOptions().setAbsoluteURI(uri.toString())
                .setMethod(form == null ? HttpMethod.GET : HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false).setIdleTimeout(TIMEOUT_MS)
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("Accept", "text/html,application/xhtml+xml,application/xml,application/json;q=0.9,*/*;q=0.8");
        String cookies = jar.header(uri, Instant.now());
        if (cookies != null) {
            options.putHeader("Cookie", cookies);
        }
        Buffer payload = null;
        if (form != null) {
            options.putHeader("Content-Type", "application/x-www-form-urlencoded");
            payload = Buffer.buffer(form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        Buffer sent = payload;
        // The whole exchange runs on one context: the response's body handler is then set in the same task that
        // delivers the response head, before any chunk of the body can arrive.
        Context context = vertx.getOrCreateContext();
        Promise<Answer> answer = Promise.promise();
        context.runOnContext(v -> client.request(options)
                .compose(request -> sent == null ? request.send() : request.send(sent))
                .compose(SiteHttp::readBounded)
                .onComplete(answer));
        try {
            return answer.future().toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SiteException(uri.getHost() + " did not answer within " + TIMEOUT_MS / 1000 + " seconds.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException("Interrupted while fetching " + uri + ".");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new SiteException("Could not fetch " + uri + ": " + (cause instanceof SiteException
                    ? cause.getMessage() : cause == null ? "connection failed" : cause.getMessage()), cause);
        }
    }

    private static Future<Answer> readBounded(HttpClientResponse response) {
        Promise<Answer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                promise.tryFail(new SiteException("the answer is larger than " + MAX_BODY / (1024 * 1024) + " MiB"));
                response.request().reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(promise::tryFail);
        response.endHandler(v -> promise.tryComplete(new Answer(response, body)));
        return promise.future();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
