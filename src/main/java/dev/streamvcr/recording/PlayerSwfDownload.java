package dev.streamvcr.recording;

import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.rtmp.swf.SwfException;
import dev.streamvcr.rtmp.swf.SwfFetcher;
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
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Downloads a player SWF for SWF verification on a user's behalf: every host, the first and each redirect's, passes
 * the outbound policy and the connection goes to the address it checked (the name is kept for the Host header and
 * TLS); at most {@value #MAX_REDIRECTS} redirects, {@value #MAX_BYTES} bytes and {@link #DEADLINE} per download.
 */
final class PlayerSwfDownload implements SwfFetcher {
    static final int MAX_BYTES = 16 * 1024 * 1024;
    static final int MAX_REDIRECTS = 5;
    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int IDLE_TIMEOUT_MS = 15_000;

    /** {@link OutboundPolicy#resolve}: blocking, throws with a message for the user when the host is refused. */
    @FunctionalInterface
    interface HostCheck {
        InetAddress resolve(String host) throws OutboundPolicy.Refused;
    }

    private final Vertx vertx;
    private final HostCheck hosts;
    private final HttpClient client;

    PlayerSwfDownload(Vertx vertx, HostCheck hosts) {
        this.vertx = vertx;
        this.hosts = hosts;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setKeepAlive(false).setVerifyHost(true).setForceSni(true));
    }

    @Override
    public CompletionStage<byte[]> fetch(URI url) {
        Promise<byte[]> result = Promise.promise();
        long timer = vertx.setTimer(DEADLINE.toMillis(), id -> result.tryFail(new SwfException(
                "the download did not finish within " + DEADLINE.toSeconds() + " s")));
        get(url, 0, result).onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                result.tryComplete(done.result());
            } else {
                result.tryFail(done.cause());
            }
        });
        return result.future().toCompletionStage();
    }

    private Future<byte[]> get(URI url, int redirects, Promise<byte[]> overall) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            return Future.failedFuture(new SwfException("only http:// and https:// addresses can be downloaded"));
        }
        boolean tls = scheme.equals("https");
        int port = url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return vertx.executeBlocking(() -> hosts.resolve(url.getHost()), false).compose(ip -> {
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                    .setServer(SocketAddress.inetSocketAddress(port, ip.getHostAddress()))
                    .setHost(url.getHost()).setPort(port).setSsl(tls).setURI(path)
                    .setFollowRedirects(false).setIdleTimeout(IDLE_TIMEOUT_MS)
                    .putHeader("User-Agent", "StreamVCR").putHeader("Accept", "*/*");
            return client.request(request).compose(sent -> sent.send());
        }).compose(response -> {
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                discard(response);
                return redirect(url, response, redirects, overall);
            }
            if (status < 200 || status >= 300) {
                discard(response);
                return Future.failedFuture(new SwfException("the server answered " + status + " "
                        + response.statusMessage()));
            }
            return body(response, overall);
        });
    }

    private Future<byte[]> redirect(URI from, HttpClientResponse response, int redirects, Promise<byte[]> overall) {
        String location = response.getHeader("Location");
        if (location == null || location.isBlank()) {
            return Future.failedFuture(new SwfException("the server answered " + response.statusCode()
                    + " without saying where to (no Location)"));
        }
        if (redirects == MAX_REDIRECTS) {
            return Future.failedFuture(new SwfException("more than " + MAX_REDIRECTS + " redirects"));
        }
        URI next;
        try {
            next = from.resolve(new URI(location.strip()));
        } catch (URISyntaxException e) {
            return Future.failedFuture(new SwfException("the server redirected to an invalid address: " + location));
        }
        return get(next, redirects + 1, overall);
    }

    private Future<byte[]> body(HttpClientResponse response, Promise<byte[]> overall) {
        String length = response.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                && Long.parseLong(length) > MAX_BYTES) {
            discard(response);
            return Future.failedFuture(tooLarge());
        }
        Promise<byte[]> body = Promise.promise();
        Buffer bytes = Buffer.buffer();
        response.handler(chunk -> {
            if (body.future().isComplete()) {
                return;
            }
            if (overall.future().isComplete()) {
                response.request().reset();
                body.tryFail(new SwfException("the download was abandoned"));
            } else if (bytes.length() + chunk.length() > MAX_BYTES) {
                response.request().reset();
                body.tryFail(tooLarge());
            } else {
                bytes.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(e -> body.tryFail(new SwfException("the download broke off: " + e.getMessage(), e)));
        response.endHandler(v -> body.tryComplete(bytes.getBytes()));
        return body.future();
    }

    /** Drops the connection instead of reading a body nobody needs (it could be large). */
    private static void discard(HttpClientResponse response) {
        response.exceptionHandler(ignored -> { });
        response.request().reset();
    }

    private static SwfException tooLarge() {
        return new SwfException("it is larger than " + MAX_BYTES / (1024 * 1024) + " MiB, more than any player SWF");
    }
}
