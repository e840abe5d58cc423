package dev.streamvcr.hls.client;

import dev.streamvcr.hls.ByteRange;
import dev.streamvcr.hls.InitSection;
import dev.streamvcr.hls.SegmentCipher;
import dev.streamvcr.hls.SegmentKey;
import io.vertx.core.Future;
import java.util.Map;

/** Fetches a Media Initialization Section (RFC 8216 §4.3.2.5), its byte range and, if encrypted, decrypted. */
final class InitSectionFetch {

    private final HlsHttp http;
    private final HlsFollowOptions options;

    InitSectionFetch(HlsHttp http, HlsFollowOptions options) {
        this.http = http;
        this.options = options;
    }

    /** @param firstSequence the Media Sequence Number of the first segment it applies to (for a derived IV) */
    Future<byte[]> fetch(InitSection init, long firstSequence) {
        ByteRange range = init.byteRange();
        Map<String, String> headers = range == null ? Map.of() : Map.of("Range", range.httpRange());
        return http.fetch(init.uri(), headers, options.maxSegmentBytes()).compose(answer -> {
            if (!answer.ok()) {
                return Future.failedFuture(new HlsFetchException("the initialization section at " + init.uri()
                        + " answered HTTP " + answer.status(), answer.status() >= 500, false, null));
            }
            byte[] body = answer.body();
            if (range != null && answer.status() == 200 && body.length > range.length()) {
                body = java.util.Arrays.copyOfRange(body, (int) Math.min(range.offset(), body.length),
                        (int) Math.min(range.end(), body.length));
            }
            SegmentKey key = init.key();
            if (key == null || key.method() == SegmentKey.Method.NONE) {
                return Future.succeededFuture(body);
            }
            byte[] encrypted = body;
            return new KeyCache(http).key(key.uri()).map(bytes -> SegmentCipher.decrypt(bytes,
                    key.iv(firstSequence), encrypted));
        });
    }
}
