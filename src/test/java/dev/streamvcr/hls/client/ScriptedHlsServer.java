package dev.streamvcr.hls.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * An {@link HlsHttp} that answers from a script instead of the network: each address answers with the responses
 * queued for it in turn (the last one again once they are used up), and every request is logged.
 */
final class ScriptedHlsServer implements HlsHttp {

    /** One scripted answer; {@code breakAfter} ≥ 0 makes the connection break after that many body bytes. */
    record Response(int status, Map<String, String> headers, byte[] body, int breakAfter) {
        static Response ok(String body) {
            return new Response(200, Map.of(), body.getBytes(StandardCharsets.UTF_8), -1);
        }

        static Response ok(byte[] body) {
            return new Response(200, Map.of(), body, -1);
        }

        static Response status(int status) {
            return new Response(status, Map.of(), new byte[0], -1);
        }

        Response breakingAfter(int bytes) {
            return new Response(status, headers, body, bytes);
        }

        Response withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Response(status, more, body, breakAfter);
        }
    }

    /** One request as the client made it. */
    record Request(URI uri, Map<String, String> headers) {
    }

    private final Map<URI, List<Response>> script = new ConcurrentHashMap<>();
    private final Map<URI, Integer> served = new ConcurrentHashMap<>();
    private final Map<URI, String> refusals = new ConcurrentHashMap<>();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    ScriptedHlsServer answer(String uri, Response... responses) {
        script.computeIfAbsent(URI.create(uri), u -> Collections.synchronizedList(new ArrayList<>()))
                .addAll(List.of(responses));
        return this;
    }

    /** Replaces what {@code uri} answers from now on. */
    ScriptedHlsServer replace(String uri, Response... responses) {
        script.put(URI.create(uri), Collections.synchronizedList(new ArrayList<>(List.of(responses))));
        served.remove(URI.create(uri));
        return this;
    }

    /** Has every request for {@code uri} refused before it is made, as the application's policy would. */
    ScriptedHlsServer refuse(String uri, String reason) {
        refusals.put(URI.create(uri), reason);
        return this;
    }

    long requestsTo(String uri) {
        return requests.stream().filter(r -> r.uri().equals(URI.create(uri))).count();
    }

    private Response next(URI uri) {
        List<Response> responses = script.get(uri);
        if (responses == null || responses.isEmpty()) {
            return Response.status(404);
        }
        int index = served.merge(uri, 1, Integer::sum) - 1;
        return responses.get(Math.min(index, responses.size() - 1));
    }

    @Override
    public Future<Answer> fetch(URI uri, Map<String, String> headers, long maxBytes) {
        requests.add(new Request(uri, Map.copyOf(headers)));
        if (refusals.containsKey(uri)) {
            return Future.failedFuture(HlsFetchException.refused(refusals.get(uri), null));
        }
        Response response = next(uri);
        if (response.body().length > maxBytes) {
            return Future.failedFuture(new HlsFetchException("too large", false, true, null));
        }
        Map<String, List<String>> answerHeaders = new java.util.HashMap<>();
        response.headers().forEach((name, value) -> answerHeaders.put(name.toLowerCase(), List.of(value)));
        return Future.succeededFuture(new Answer(uri, response.status(), answerHeaders, response.body()));
    }

    @Override
    public Future<Integer> stream(URI uri, long offset, long length, long maxBytes,
            IntFunction<WriteStream<Buffer>> sinkFor) {
        Map<String, String> headers = offset > 0 || length >= 0
                ? Map.of("Range", "bytes=" + offset + "-" + (length < 0 ? "" : offset + length - 1)) : Map.of();
        requests.add(new Request(uri, headers));
        Response response = next(uri);
        if (response.status() < 200 || response.status() >= 300) {
            return Future.succeededFuture(response.status());
        }
        byte[] body = response.body();
        int status = response.status();
        if (!headers.isEmpty() && status == 206) {
            int from = (int) Math.min(offset, body.length);
            int to = length < 0 ? body.length : (int) Math.min(body.length, offset + length);
            body = java.util.Arrays.copyOfRange(body, from, to);
        }
        if (body.length > maxBytes) {
            return Future.failedFuture(new HlsFetchException("it sent more than " + maxBytes + " bytes", false, true,
                    null));
        }
        WriteStream<Buffer> sink = sinkFor.apply(status);
        int end = response.breakAfter() >= 0 ? Math.min(response.breakAfter(), body.length) : body.length;
        // in small chunks, as a network delivers them
        for (int at = 0; at < end; at += 1000) {
            sink.write(Buffer.buffer(java.util.Arrays.copyOfRange(body, at, Math.min(end, at + 1000))));
        }
        if (response.breakAfter() >= 0) {
            return Future.failedFuture(new HlsFetchException("the connection broke", true, false, null));
        }
        return Future.succeededFuture(status);
    }
}
