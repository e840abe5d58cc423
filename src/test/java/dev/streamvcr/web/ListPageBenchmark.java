package dev.streamvcr.web;

import dev.streamvcr.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Prints how long the reservations page takes to render with 100,000 reservations in the database: one user owns them
 * all, and the page is asked for as that user and as an admin, first page, a page deep in the list (by its cursor) and a
 * search. Round trips over HTTP on 127.0.0.1, after a warm-up; p50, p99 and max. Run alone:
 * {@code ./mvnw -B test -Dtest=ListPageBenchmark [-Dbenchmark.rows=100000]}. Asserts nothing.
 */
@QuarkusTest
class ListPageBenchmark {

    @Inject
    EntityManager entityManager;

    @Test
    void renderTheReservationsPageOverAHundredThousandRows() throws Exception {
        int rows = Integer.getInteger("benchmark.rows", 100_000);
        Api.Account user = Api.newUser("user");
        long userId = Api.userId(user.username());
        long insertStart = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into reservation (owner_id, title, source_url, start_at, end_at, state, created_at)
                select ?1, 'Show ' || g, 'rtmp://127.0.0.1:1/live/bench' || g,
                       timestamptz '2026-01-01 00:00:00+00' - g * interval '1 minute',
                       timestamptz '2026-01-01 00:30:00+00' - g * interval '1 minute', 'COMPLETED', now()
                from generate_series(1, ?2) g""").setParameter(1, userId).setParameter(2, rows).executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("analyze reservation")
                .executeUpdate());
        System.out.printf("inserted %d reservations in %.1f s%n", rows, (System.nanoTime() - insertStart) / 1e9);
        try {
            BrowserSession owner = BrowserSession.login(user.username(), user.password());
            BrowserSession admin = BrowserSession.login("admin", Api.ADMIN_PASSWORD);
            String deep = "Show%20" + (rows / 2);
            measure("owner, first page", owner, "/reservations");
            measure("admin, first page", admin, "/reservations");
            String cursor = cursorAfter(userId, rows / 2);
            measure("owner, page at row " + rows / 2 + " (cursor)", owner, "/reservations?cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            measure("owner, search q=Show " + rows / 2, owner, "/reservations?q=" + deep);
            measure("owner, sort=title", owner, "/reservations?sort=title");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("delete from reservation where owner_id = ?1").setParameter(1, userId)
                    .executeUpdate());
        }
    }

    /** The cursor of the page that starts after row {@code row} of the newest-first order, as the app makes it. */
    private String cursorAfter(long userId, int row) {
        Object[] last = (Object[]) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select id, (extract(epoch from start_at) * 1000000)::bigint from reservation where owner_id = ?1 "
                        + "order by start_at desc, id desc offset ?2 limit 1")
                .setParameter(1, userId).setParameter(2, row - 1).getSingleResult());
        return new ListQuery.Cursor(ListQuery.Sort.NEWEST, last[1].toString(), ((Number) last[0]).longValue()).encode();
    }

    private void measure(String what, BrowserSession session, String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + path))
                .header("Cookie", "streamvcr-session=" + session.sessionCookie()).GET().build();
        for (int i = 0; i < 50; i++) {
            send(client, request);
        }
        int runs = 300;
        double[] millis = new double[runs];
        int bytes = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            bytes = send(client, request);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("MEASURED reservations page, %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d runs, %d bytes)%n",
                what, millis[runs / 2], millis[(int) Math.ceil(runs * 0.99) - 1], millis[runs - 1], runs, bytes);
    }

    private static int send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
        return response.body().length;
    }
}
