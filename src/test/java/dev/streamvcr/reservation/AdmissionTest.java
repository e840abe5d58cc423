package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.Tmpfs;
import dev.streamvcr.recording.RecordingFixture;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission at booking against a real file system of known size: the storage is a 20 MiB tmpfs (1 MiB floor), a
 * source never recorded is expected at 1 Mbit/s (125 kB/s), and at most 3 recordings may be booked at once. A booking
 * that does not fit is refused with its figures, in the API and in the form, and nothing is stored.
 */
@QuarkusTest
@TestProfile(AdmissionTest.SmallStorage.class)
class AdmissionTest {

    /**
     * A fresh app whose storage is a 20 MiB tmpfs mounted here (unmounted by {@link #unmount()}). The profile is
     * loaded by more than one class loader: the mount point is kept in a system property, once for the JVM.
     */
    public static class SmallStorage implements QuarkusTestProfile {
        static final String MOUNTED = "admission-test.tmpfs";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.storage.dir", mount().toString(), "streamvcr.storage.min-free", "1048576",
                    "streamvcr.admission.default-bitrate", "1000000", "streamvcr.admission.max-concurrent", "3");
        }

        static Path mount() {
            synchronized (System.class) {
                String mounted = System.getProperty(MOUNTED);
                if (mounted != null) {
                    return Path.of(mounted);
                }
                try {
                    Path dir = Files.createTempDirectory("streamvcr-admission");
                    Tmpfs.mount(dir, "20m");
                    System.setProperty(MOUNTED, dir.toString());
                    return dir;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static final String FIXTURE_SOURCE = "rtmp://127.0.0.1/live/fixture";

    @Inject
    RecordingFixture fixture;

    private final List<Api.Account> users = new ArrayList<>();

    @AfterEach
    void cancelWhatWasBooked() {
        for (Api.Account user : users) {
            List<Integer> ids = user.api().get("/api/v1/reservations").then().extract().jsonPath().getList("id");
            ids.forEach(id -> user.api().delete("/api/v1/reservations/" + id));
        }
    }

    @AfterAll
    static void unmount() throws IOException {
        String dir = System.getProperty(SmallStorage.MOUNTED);
        if (dir != null) {
            try {
                Tmpfs.unmount(Path.of(dir));
                Files.deleteIfExists(Path.of(dir));
            } finally {
                System.clearProperty(SmallStorage.MOUNTED);
            }
        }
    }

    @Test
    void aBookingThatDoesNotFitBesideTheOthersIsRefusedWithItsFiguresAndNothingIsStored() {
        Api.Account user = user();
        Instant start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        book(user, "rtmp://127.0.0.1:1/live/a", start, 60).statusCode(201); // 7.5 MB of the ~19.9 MB
        book(user, "rtmp://127.0.0.1:1/live/b", start, 60).statusCode(201); // 15 MB
        book(user, "rtmp://127.0.0.1:1/live/c", start, 60).statusCode(400)
                .body("fields.durationSeconds", allOf(containsString("This booking needs about 7.50 MB"),
                        containsString("1.0 Mbit/s, the usual estimate"), containsString("the 1.05 MB floor"),
                        containsString("the 2 other bookings due before it ends (15.0 MB)"),
                        containsString("MB is free after")));
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(2));

        book(user, "rtmp://127.0.0.1:1/live/c", start, 30).statusCode(201); // 3.75 MB fits in what is left
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(3));
    }

    @Test
    void aSourceIsEstimatedFromItsEarlierRecordings() throws IOException {
        Api.Account user = user();
        fixture.finishedRecording(user.username(), "Earlier", new byte[36_000]); // an hour at 80 bit/s
        Instant start = Instant.now().plus(1, ChronoUnit.HOURS);
        book(user, FIXTURE_SOURCE, start, 3600).statusCode(201); // 36 kB, where the default says 450 MB
        book(user, "rtmp://127.0.0.1:1/live/new", start, 3600).statusCode(400)
                .body("fields.durationSeconds", allOf(containsString("needs about 450 MB"),
                        containsString("the 1 other booking due before it ends (36.0 KB)")));
    }

    @Test
    void moreRecordingsAtOnceThanTheCapAreRefusedAtAnyMomentOfTheWindow() throws IOException {
        Api.Account user = user();
        fixture.finishedRecording(user.username(), "Earlier", new byte[36_000]);
        Instant t = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        book(user, FIXTURE_SOURCE, t, 600).statusCode(201);
        book(user, FIXTURE_SOURCE, t.plusSeconds(600), 600).statusCode(201);
        book(user, FIXTURE_SOURCE, t.plusSeconds(600), 600).statusCode(201);
        // overlaps all three, but never more than two at once: with it, three
        book(user, FIXTURE_SOURCE, t.plusSeconds(300), 600).statusCode(201);
        // at 10 minutes in, three are booked already
        book(user, FIXTURE_SOURCE, t.plusSeconds(720), 120).statusCode(400)
                .body("fields.startAt", allOf(containsString("3 recordings are already booked at"),
                        containsString("at most 3 may record at once")));
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(5)); // the four and the earlier one
        book(user, FIXTURE_SOURCE, t.plusSeconds(1200), 120).statusCode(201);
    }

    @Test
    void bookingsMadeAtOnceAreCheckedOneAfterTheOther() throws Exception {
        Api.Account user = user();
        fixture.finishedRecording(user.username(), "Earlier", new byte[36_000]);
        Instant t = Instant.now().plus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> book(user, FIXTURE_SOURCE, t, 600).extract().statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> answer : answers) {
                codes.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(3, codes.stream().filter(code -> code == 201).count(), "three at once: " + codes);
            assertEquals(5, codes.stream().filter(code -> code == 400).count(), "the rest refused: " + codes);
            user.api().get("/api/v1/reservations").then().body("size()", equalTo(4)); // the three and the earlier one
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChangeThatMakesABookingTooLongIsRefusedAndChangesNothing() {
        Api.Account user = user();
        Instant start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        int id = book(user, "rtmp://127.0.0.1:1/live/grows", start, 60).statusCode(201).extract().path("id");
        user.api().body(Map.of("durationSeconds", 300)).patch("/api/v1/reservations/" + id).then().statusCode(400)
                .body("fields.durationSeconds", containsString("This booking needs about 37.5 MB"));
        user.api().get("/api/v1/reservations/" + id).then().body("endAt", equalTo(start.plusSeconds(60).toString()));
        // 120 s needs 15 MB: it fits, its own 7.5 MB before the change not counted against it
        user.api().body(Map.of("durationSeconds", 120)).patch("/api/v1/reservations/" + id).then().statusCode(200);
    }

    @Test
    void theFormShowsTheRefusalAtItsField() {
        Api.Account user = user();
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String page = browser.form("/reservations/new").with(browser.request()).formParam("title", "Too long")
                .formParam("sourceUrl", "rtmp://127.0.0.1:1/live/long")
                .formParam("startAt", java.time.LocalDateTime.now().plusHours(1).withNano(0).toString())
                .formParam("durationMinutes", "10").formParam("timeZone", "UTC").post("/reservations").then()
                .statusCode(400).extract().asString();
        Document document = Jsoup.parse(page);
        assertTrue(document.select(".field-error").text().contains("This booking needs about 75.0 MB"), page);
        assertTrue(document.selectFirst("[role=alert]").text().contains("nothing was booked"), page);
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(0));
    }

    private Api.Account user() {
        Api.Account user = Api.newUser("user");
        users.add(user);
        return user;
    }

    private static io.restassured.response.ValidatableResponse book(Api.Account user, String source, Instant start,
            int seconds) {
        return user.api().body(Map.of("title", "Admission", "sourceUrl", source, "startAt", start.toString(),
                "durationSeconds", seconds)).post("/api/v1/reservations").then();
    }
}
