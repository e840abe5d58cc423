package dev.streamvcr.reservation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Page resolutions hold a worker while pages load: one user gets a bounded share, the others are not held up. */
@QuarkusTest
class ResolutionLimitTest {

    @Test
    void aThirdResolutionAtOnceByOneUserIsAnswered429() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(Executors.newFixedThreadPool(8));
        slow.createContext("/", exchange -> {
            try {
                Thread.sleep(3000); // a slow site: each resolution holds its slot this long
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] page = "<html><body>No stream here yet.</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        slow.start();
        try {
            String page = "http://127.0.0.1:" + slow.getAddress().getPort() + "/show";
            Api.Account user = Api.newUser("user");
            Api.Account other = Api.newUser("user");
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (Api.Account who : List.of(user, user, user, other)) {
                calls.add(CompletableFuture.supplyAsync(() -> who.api().body(Map.of("sourceUrl", page))
                        .post("/api/v1/reservations/resolution")));
                Thread.sleep(300); // one after the other, so the third call is the one over the limit
            }
            // while both of the user's slots are taken, a stream's own address still resolves: it fetches nothing
            Response direct = user.api().body(Map.of("sourceUrl", "rtmp://127.0.0.1:1935/live/cam"))
                    .post("/api/v1/reservations/resolution");
            assertEquals(200, direct.statusCode(), direct.asString());
            assertTrue(!calls.get(0).isDone(), "the first page was still being looked at");
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(Response::statusCode).toList();
            assertEquals(List.of(200, 200, 429, 200), statuses);
            Response refused = calls.get(2).join();
            assertTrue(refused.header("Retry-After") != null, "Retry-After says when to come back");
            assertTrue(refused.jsonPath().getString("error").contains("being looked at"), refused.asString());
            user.api().body(Map.of("sourceUrl", page)).post("/api/v1/reservations/resolution").then().statusCode(200);
        } finally {
            slow.stop(0);
        }
    }
}
