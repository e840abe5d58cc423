package dev.streamvcr.reservation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.recording.ProgressBoard;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An open reservation page is told of changes; it does not read the database every second. */
@QuarkusTest
class ReservationEventsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ProgressBoard board;

    @Test
    void liveFiguresArePushedAndTheDatabaseIsNotPolledEverySecond() throws Exception {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("/reservations/" + id + "/events"))
                .header("Cookie", "streamvcr-session=" + browser.sessionCookie()).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(line.substring(5));
                    }
                }
            } catch (java.io.IOException ignored) {
                // the test closed it
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String first = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "the page gets the reservation at once");

            // A change written behind the application's back is only seen at the next periodic look, not within 3 s:
            // the page does not read the reservation every second.
            QuarkusTransaction.requiringNew().run(() -> Reservation.<Reservation>findById((long) id).title = "Renamed");
            String within3s = events.poll(3, TimeUnit.SECONDS);
            assertTrue(within3s == null || !within3s.contains("Renamed"), "no read every second: " + within3s);

            // Live figures of this node reach the page as they are published.
            board.update(id, 0, 0, new RecordingProgress(123_456, 7_000, 800_000, "avc1", "mp4a"));
            String pushed = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(pushed, "the progress was pushed");
            assertTrue(pushed.contains("123456"), pushed);
            assertFalse(pushed.contains("Renamed"), "figures are shown without reading the reservation again");
        } finally {
            board.remove(id);
            response.body().close();
        }
    }
}
