package dev.streamvcr.notify;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A webhook endpoint on 127.0.0.1 for tests: keeps every request it gets, answers 500 to the first
 * {@link #failFirst} of them and 200 after, or holds every request unanswered when {@link #hold} is set.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received: its headers (lower-case names) and raw body. */
    public record Received(Map<String, String> headers, byte[] body) {
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger failFirst = new AtomicInteger();
    public volatile boolean hold;
    private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public WebhookReceiver(Vertx vertx) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new Received(request.headers().entries().stream().collect(Collectors.toMap(
                    e -> e.getKey().toLowerCase(java.util.Locale.ROOT), Map.Entry::getValue, (a, b) -> a)),
                    body.getBytes()));
            if (hold) {
                held.add(request);
            } else if (failFirst.getAndDecrement() > 0) {
                request.response().setStatusCode(500).end("broken for now");
            } else {
                request.response().setStatusCode(204).end();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    @Override
    public void close() throws Exception {
        for (HttpServerRequest request : held) {
            request.connection().close();
        }
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
