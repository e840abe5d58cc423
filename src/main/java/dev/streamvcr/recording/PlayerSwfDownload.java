package dev.streamvcr.recording;

import dev.streamvcr.outbound.OutboundFailure;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundRequest;
import dev.streamvcr.rtmp.swf.SwfException;
import dev.streamvcr.rtmp.swf.SwfFetcher;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Downloads a player SWF for SWF verification on a user's behalf through the {@link OutboundHttpClient} (every host
 * checked, the connection made to the checked address): at most {@value #MAX_REDIRECTS} redirects,
 * {@value #MAX_BYTES} bytes and {@link #DEADLINE} per download.
 */
final class PlayerSwfDownload implements SwfFetcher {
    static final int MAX_BYTES = 16 * 1024 * 1024;
    static final int MAX_REDIRECTS = 5;
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final OutboundHttpClient client;

    PlayerSwfDownload(OutboundHttpClient client) {
        this.client = client;
    }

    @Override
    public CompletionStage<byte[]> fetch(URI url) {
        OutboundRequest request = OutboundRequest.get(url).withHeader("User-Agent", "StreamVCR")
                .withHeader("Accept", "*/*").withMaxBytes(MAX_BYTES).withMaxRedirects(MAX_REDIRECTS)
                .withDeadline(DEADLINE);
        return client.fetch(request).recover(e -> Future.failedFuture(failure(e))).compose(answer -> {
            if (answer.ok()) {
                return Future.succeededFuture(answer.body());
            }
            if (answer.status() >= 300 && answer.status() < 400 && answer.status() != 304) {
                return Future.failedFuture(new SwfException("the server answered " + answer.status()
                        + " without saying where to (no Location)"));
            }
            return Future.failedFuture(new SwfException("the server answered " + answer.status() + " "
                    + answer.statusMessage()));
        }).toCompletionStage();
    }

    private static SwfException failure(Throwable cause) {
        if (!(cause instanceof OutboundFailure failure)) {
            return new SwfException("the download failed: " + cause);
        }
        String reason = switch (failure.kind()) {
            case NOT_HTTP -> "only http:// and https:// addresses can be downloaded";
            case TOO_LARGE -> "it is larger than " + MAX_BYTES / (1024 * 1024) + " MiB, more than any player SWF";
            case UNREACHABLE -> "the download broke off: " + failure.reason();
            default -> failure.reason();
        };
        // No cause: PlayerSwfs shows the innermost message of a chain, and this one is already worded for it.
        return new SwfException(reason);
    }
}
