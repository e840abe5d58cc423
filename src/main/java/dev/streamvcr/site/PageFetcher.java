package dev.streamvcr.site;

import dev.streamvcr.outbound.OutboundPolicy;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Fetches pages on a user's behalf. Every host, the first and each redirect target, is resolved through the
 * {@link OutboundPolicy} and the connection goes to the address it approved, while the {@code Host} header and TLS
 * SNI/certificate check keep the host name. Bodies are bounded ({@value #MAX_BODY_BYTES} bytes after decompression:
 * reading stops and the connection is dropped beyond it), and so are redirects, connect time, silence and the whole
 * exchange. Blocking: call from a worker thread, never from an event loop.
 */
@ApplicationScoped
public class PageFetcher {

    public static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    public static final int MAX_REDIRECTS = 5;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(15);
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(30);
    /** A browser-like agent (some sites send players only to browsers) that still names us. */
    public static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 StreamVCR/1";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** The outbound check: the address to connect to for {@code host}, or why it may not be contacted. */
    @FunctionalInterface
    public interface HostCheck {
        InetAddress resolve(String host) throws OutboundPolicy.Refused;
    }

    private final HostCheck hosts;
    private final HttpClient client;

    @Inject
    PageFetcher(Vertx vertx, OutboundPolicy policy) {
        this(vertx, policy::resolve);
    }

    public PageFetcher(Vertx vertx, HostCheck hosts) {
        this.hosts = hosts;
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setTryUseCompression(true)
                .setMaxPoolSize(16).setKeepAlive(true).setMaxRedirects(0));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * GET ({@code form} null) or POST the form to {@code uri}, following up to {@value #MAX_REDIRECTS} redirects;
     * cookies are read from and stored into {@code jar}. A non-2xx answer is returned, not thrown.
     */
    public FetchedPage fetch(URI uri, Map<String, String> form, CookieJar jar) throws SiteException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("pages are fetched off the event loop");
        }
        URI current = uri;
        Map<String, String> body = form;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Answer answer = exchange(current, body, jar);
            String location = answer.location;
            if (!REDIRECTS.contains(answer.page.status()) || location == null) {
                return answer.page;
            }
            try {
                current = current.resolve(location.strip());
            } catch (IllegalArgumentException e) {
                throw new SiteException(current.getHost() + " redirected to an unreadable address: " + location);
            }
            int status = answer.page.status();
            if (status == 303 || ((status == 301 || status == 302) && body != null)) {
                body = null; // the form is not sent again (RFC 9110 §15.4)
            }
        }
        throw new SiteException(uri.getHost() + " redirected more than " + MAX_REDIRECTS + " times.");
    }

    private record Answer(FetchedPage page, String location) {
    }

    private Answer exchange(URI uri, Map<String, String> form, CookieJar jar) throws SiteException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SiteException("Only http:// and https:// pages can be fetched, not " + uri + ".");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new SiteException("The address " + uri + " has no host name.");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress address;
        try {
            address = hosts.resolve(bareHost);
        } catch (OutboundPolicy.Refused e) {
            throw new SiteException(e.getMessage());
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(form == null ? HttpMethod.GET : HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(bareHost).setPort(port).setSsl(tls).setURI(target)
                .setFollowRedirects(false)
                .setConnectTimeout(CONNECT_TIMEOUT.toMillis())
                .setIdleTimeout(IDLE_TIMEOUT.toMillis())
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8")
                .putHeader("Accept-Language", "en;q=0.9, *;q=0.5");
        String cookies = jar.header(uri);
        if (cookies != null) {
            options.putHeader("Cookie", cookies);
        }
        Buffer requestBody = null;
        if (form != null) {
            options.putHeader("Content-Type", "application/x-www-form-urlencoded");
            requestBody = Buffer.buffer(encode(form));
        }
        Promise<Answer> done = Promise.promise();
        Buffer sent = requestBody;
        HttpClientRequest[] request = new HttpClientRequest[1];
        client.request(options).onFailure(done::tryFail).onSuccess(req -> {
            request[0] = req;
            (sent == null ? req.send() : req.send(sent)).onFailure(done::tryFail)
                    .onSuccess(response -> read(uri, response, jar, done));
        });
        try {
            return done.future().toCompletionStage().toCompletableFuture()
                    .get(EXCHANGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (request[0] != null) {
                request[0].reset();
            }
            throw new SiteException(host + " did not answer within " + EXCHANGE_TIMEOUT.toSeconds() + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException("Fetching " + uri + " was interrupted.");
        } catch (ExecutionException e) {
            throw explain(host, e.getCause());
        }
    }

    private static void read(URI uri, HttpClientResponse response, CookieJar jar, Promise<Answer> done) {
        for (String setCookie : response.cookies()) {
            jar.store(uri, setCookie);
        }
        Buffer body = Buffer.buffer();
        response.exceptionHandler(done::tryFail);
        response.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                done.tryFail(new SiteException(uri.getHost() + " sent more than " + MAX_BODY_BYTES / (1024 * 1024)
                        + " MiB for " + uri + "; reading stopped there."));
                response.request().reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.endHandler(v -> done.tryComplete(new Answer(new FetchedPage(uri, response.statusCode(),
                response.getHeader("Content-Type"), body.getBytes()), response.getHeader("Location"))));
    }

    private static SiteException explain(String host, Throwable cause) {
        if (cause instanceof SiteException site) {
            return site;
        }
        String why;
        if (cause instanceof ConnectException) {
            why = "the connection was refused";
        } else if (cause instanceof UnknownHostException) {
            why = "the host was not found";
        } else if (cause instanceof SSLException) {
            why = "its TLS certificate could not be verified (" + cause.getMessage() + ")";
        } else if (cause != null && cause.getClass().getSimpleName().contains("Timeout")) {
            why = "it did not answer in time";
        } else {
            why = cause == null ? "unknown error" : cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage();
        }
        return new SiteException("Could not load the page from " + host + ": " + why + ".", cause);
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
