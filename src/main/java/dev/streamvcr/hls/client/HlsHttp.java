package dev.streamvcr.hls.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The HTTP side of the HLS client: the application gives it its policy-checked client and the site session's cookies
 * and headers. Non-2xx answers come back as a status; a request that gets no answer fails with an
 * {@link HlsFetchException}.
 */
public interface HlsHttp {

    /**
     * An answer to {@link #fetch}.
     *
     * @param uri     the address that answered, after redirects (playlist URIs resolve against it, RFC 8216 §4.1)
     * @param headers by lower-case name
     */
    record Answer(URI uri, int status, Map<String, List<String>> headers, byte[] body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** GETs a playlist or key, the whole body up to {@code maxBytes}, with {@code headers} added (conditional ones). */
    Future<Answer> fetch(URI uri, Map<String, String> headers, long maxBytes);

    /**
     * GETs a segment, or the bytes from {@code offset} on ({@code length} of them, or to the end when -1; no Range
     * header for 0 and -1), passing the body as it arrives to the sink that {@code sinkFor} gives for the answer's
     * status (the connection waits while the sink's queue is full). When it gives null (or for a non-2xx status,
     * where it is not asked) the body is not read. Completes with the status once the body is in.
     */
    Future<Integer> stream(URI uri, long offset, long length, long maxBytes,
            IntFunction<WriteStream<Buffer>> sinkFor);
}
