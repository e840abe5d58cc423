package dev.streamvcr.hls.client;

import io.vertx.core.Future;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AES-128 keys by URI (RFC 8216 §4.3.2.4, §5.2): fetched once through the session's {@link HlsHttp}, so with its
 * cookies, and kept while they are among the last few used (a live stream rotates keys now and then).
 */
final class KeyCache {

    private static final int KEPT = 8;
    /** A key is 16 octets; anything much larger is not a key. */
    private static final long MAX_KEY_BYTES = 1024;

    private final HlsHttp http;
    private final Map<URI, byte[]> keys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, byte[]> eldest) {
            return size() > KEPT;
        }
    };

    KeyCache(HlsHttp http) {
        this.http = http;
    }

    Future<byte[]> key(URI uri) {
        byte[] known = keys.get(uri);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return http.fetch(uri, Map.of(), MAX_KEY_BYTES).compose(answer -> {
            if (!answer.ok()) {
                return Future.failedFuture(new HlsFetchException("the key at " + uri + " answered HTTP "
                        + answer.status(), answer.status() >= 500 || answer.status() == 404, false, null));
            }
            if (answer.body().length != 16) {
                return Future.failedFuture(new HlsFetchException("the key at " + uri + " is " + answer.body().length
                        + " bytes long, not the 16 of an AES-128 key", false, false, null));
            }
            keys.put(uri, answer.body());
            return Future.succeededFuture(answer.body());
        });
    }
}
