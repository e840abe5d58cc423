package dev.streamvcr.hls.client;

import dev.streamvcr.hls.ByteRange;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.SegmentCipher;
import dev.streamvcr.hls.SegmentKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Fetches one segment into the sink: its key first (AES-128, RFC 8216 §4.3.2.4), then its bytes, decrypted on the
 * way. A fetch that breaks off is resumed where it stopped (a Range request; a server that ignores it sends the body
 * again and its first bytes are dropped), so nothing is written twice; after {@code attempts} failures the segment
 * is given up. Fails with a {@link Missed} saying why in words a user reads, or an {@link Unrecordable} (a DRM key,
 * or a key the application refuses to fetch).
 */
final class SegmentFetch {

    /** The segment will not be in the recording; the recording goes on. */
    static final class Missed extends Exception {
        Missed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The stream cannot be recorded at all (a DRM key, a key at an address the application refuses). */
    static final class Unrecordable extends Exception {
        Unrecordable(String message) {
            super(message);
        }
    }

    private final Vertx vertx;
    private final HlsHttp http;
    private final KeyCache keys;
    private final HlsFollowOptions options;

    SegmentFetch(Vertx vertx, HlsHttp http, KeyCache keys, HlsFollowOptions options) {
        this.vertx = vertx;
        this.http = http;
        this.keys = keys;
        this.options = options;
    }

    /** Writes {@code segment} into {@code sink} (begun by this call); completes with the bytes received. */
    Future<Long> run(MediaSegment segment, SegmentSink sink, boolean continuous) {
        SegmentKey key = segment.key();
        if (key.refusal() != null) {
            return Future.failedFuture(new Unrecordable(key.refusal()));
        }
        Promise<Long> done = Promise.promise();
        attempt(segment, sink, continuous, null, 1, done);
        return done.future();
    }

    private void attempt(MediaSegment segment, SegmentSink sink, boolean continuous, SegmentBody started, int attempt,
            Promise<Long> done) {
        Future<SegmentBody> body = started != null ? Future.succeededFuture(started) : cipher(segment).map(cipher -> {
            sink.begin(segment, continuous);
            return new SegmentBody(sink.body(), cipher,
                    segment.byteRange() == null ? Long.MAX_VALUE : segment.byteRange().length());
        });
        body.compose(target -> fetch(segment, target).map(target)).onComplete(ar -> {
            if (ar.succeeded()) {
                SegmentBody target = ar.result();
                try {
                    target.finish();
                } catch (RuntimeException e) {
                    sink.abandon();
                    done.fail(new Missed("segment " + segment.mediaSequence() + " could not be decrypted ("
                            + e.getMessage() + ")", e));
                    return;
                }
                sink.end().onSuccess(v -> done.complete(target.received())).onFailure(e -> {
                    String stop = sink.stopsRecording(e);
                    if (stop != null) {
                        stopRecording(sink, stop, done);
                    } else {
                        done.fail(new Missed("segment " + segment.mediaSequence() + " could not be written: "
                                + e.getMessage(), e));
                    }
                });
                return;
            }
            Throwable cause = ar.cause();
            String stop = sink.stopsRecording(cause);
            if (stop != null) {
                stopRecording(sink, stop, done);
                return;
            }
            if (body.failed() && cause instanceof HlsFetchException key && key.isRefused()) {
                // every segment under this key would fail the same way: nothing of it can be recorded
                done.fail(new Unrecordable("The stream's key cannot be fetched: " + key.getMessage()));
                return;
            }
            SegmentBody partly = body.succeeded() ? body.result() : null;
            boolean again = attempt < options.attempts() && retryable(cause);
            if (again) {
                long wait = options.retryBackoff().toMillis() << (attempt - 1);
                vertx.setTimer(Math.max(1, wait), t -> attempt(segment, sink, continuous, partly, attempt + 1, done));
            } else {
                Future<Void> dropped = Future.succeededFuture();
                if (partly != null && cause instanceof HlsFetchException fetch && fetch.isTooLarge()) {
                    dropped = sink.discard(); // "a larger one is left out as missed" (HlsFollowOptions), whole
                } else if (partly != null) {
                    sink.abandon();
                }
                dropped.onComplete(v -> done.fail(new Missed("segment " + segment.mediaSequence()
                        + " could not be fetched: " + cause.getMessage(), cause)));
            }
        });
    }

    /** The segment's torn bytes are taken back (the file ends at the last whole segment), then the follow ends. */
    private static void stopRecording(SegmentSink sink, String why, Promise<Long> done) {
        sink.discard().onComplete(v -> done.fail(new Unrecordable(why)));
    }

    private Future<SegmentCipher> cipher(MediaSegment segment) {
        SegmentKey key = segment.key();
        if (key.method() == SegmentKey.Method.NONE) {
            return Future.succeededFuture(null);
        }
        return keys.key(key.uri()).map(bytes -> SegmentCipher.start(bytes, key.iv(segment.mediaSequence())));
    }

    /** One request for what is still missing of the segment. */
    private Future<Void> fetch(MediaSegment segment, SegmentBody target) {
        long have = target.received();
        ByteRange whole = segment.byteRange();
        long offset = (whole == null ? 0 : whole.offset()) + have;
        long length = whole == null ? -1 : whole.length() - have;
        long max = whole == null ? options.maxSegmentBytes() : whole.length();
        return http.stream(segment.uri(), offset, length, max + offset, status -> {
            if (status == 200 && offset > 0) {
                // the server ignored the Range and sends the whole resource: drop what comes before ours
                target.skipNext(offset);
            }
            return target;
        }).compose(status -> {
            if (status < 200 || status >= 300) {
                return Future.failedFuture(new HlsFetchException("HTTP " + status, status >= 500 || status == 404
                        || status == 408 || status == 429, false, null));
            }
            if (whole != null && target.received() < whole.length()) {
                return Future.failedFuture(new HlsFetchException("the answer ended after " + target.received()
                        + " of " + whole.length() + " bytes", true, false, null));
            }
            return Future.succeededFuture();
        });
    }

    private static boolean retryable(Throwable cause) {
        return cause instanceof HlsFetchException fetch && fetch.isTransient();
    }
}
