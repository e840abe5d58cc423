package dev.streamvcr.recording;

import dev.streamvcr.hls.client.HlsFetchException;
import dev.streamvcr.hls.client.HlsHttp;
import dev.streamvcr.outbound.CookieStore;
import dev.streamvcr.outbound.OutboundFailure;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The HLS client's HTTP through the one policy-checked {@link OutboundHttpClient}: every playlist, key and segment
 * request (and each redirect) passes the outbound policy, carries the site session's cookies when the stream was
 * found behind a logged-in page, and is bounded in size and time.
 */
final class HlsFetches implements HlsHttp {

    /** A playlist or key must come within this; a segment within this per attempt (it is resumed after). */
    static final Duration PLAYLIST_DEADLINE = Duration.ofSeconds(20);
    static final Duration SEGMENT_DEADLINE = Duration.ofSeconds(60);

    private final OutboundHttpClient client;
    private final CookieStore cookies;
    private final Map<String, String> headers;

    /**
     * @param cookies the site session's, or null
     * @param headers sent with every request (a Referer or Origin a CDN checks)
     */
    HlsFetches(OutboundHttpClient client, CookieStore cookies, Map<String, String> headers) {
        this.client = client;
        this.cookies = cookies;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Future<Answer> fetch(URI uri, Map<String, String> headers, long maxBytes) {
        OutboundRequest request = base(uri).withMaxBytes(maxBytes).withDeadline(PLAYLIST_DEADLINE);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        return client.fetch(request).map(answer -> new Answer(answer.uri(), answer.status(), answer.headers(),
                answer.body())).recover(HlsFetches::explain);
    }

    @Override
    public Future<Integer> stream(URI uri, long offset, long length, long maxBytes,
            IntFunction<WriteStream<Buffer>> sinkFor) {
        OutboundRequest request = base(uri).withMaxBytes(maxBytes).withDeadline(SEGMENT_DEADLINE);
        if (offset > 0 || length >= 0) {
            request = request.withHeader("Range", "bytes=" + offset + "-" + (length < 0 ? "" : offset + length - 1));
        }
        return client.open(request).compose(answer -> {
            if (answer.status() < 200 || answer.status() >= 300) {
                answer.discard();
                return Future.succeededFuture(answer.status());
            }
            WriteStream<Buffer> sink = sinkFor.apply(answer.status());
            if (sink == null) {
                answer.discard();
                return Future.succeededFuture(answer.status());
            }
            return answer.pipeTo(sink).map(bytes -> answer.status());
        }).recover(HlsFetches::explain);
    }

    private OutboundRequest base(URI uri) {
        OutboundRequest request = OutboundRequest.get(uri).withHeader("Accept", "*/*").withMaxRedirects(5);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        return cookies == null ? request : request.withCookies(cookies);
    }

    private static <T> Future<T> explain(Throwable failure) {
        if (failure instanceof OutboundFailure outbound) {
            if (outbound.kind() == OutboundFailure.Kind.REFUSED) {
                return Future.failedFuture(HlsFetchException.refused(outbound.reason(), outbound));
            }
            return Future.failedFuture(new HlsFetchException(outbound.host() + ": " + outbound.reason(),
                    outbound.isTransient(), outbound.kind() == OutboundFailure.Kind.TOO_LARGE, outbound));
        }
        return Future.failedFuture(new HlsFetchException(String.valueOf(failure.getMessage()), true, false, failure));
    }
}
