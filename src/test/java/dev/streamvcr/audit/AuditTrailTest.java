package dev.streamvcr.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.recording.RecordingFixture;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.ReservationStates;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Logins (let in and refused), bookings and their changes, deletions, account, site account and recipe changes each
 * leave a row naming who did what to which thing, by the name it had then; old rows are purged.
 */
@QuarkusTest
class AuditTrailTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
            .withZone(ZoneOffset.UTC);

    @Inject
    AuditLog audit;

    @Inject
    ReservationStates states;

    @Inject
    RecordingFixture recordings;

    private static List<AuditEvent> rows(String query, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(query + " order by id",
                parameters));
    }

    private static AuditEvent only(String action, String query, Object... parameters) {
        List<AuditEvent> found = rows("action = '" + action + "' and " + query, parameters);
        assertEquals(1, found.size(), "one " + action + " row: " + found.size());
        return found.get(0);
    }

    /** Posts the login form from {@code address}; returns the status. */
    private static int formLogin(String username, String password, String address) {
        var page = given().header("X-Forwarded-For", address).get("/login");
        Matcher csrf = CSRF.matcher(page.body().asString());
        assertTrue(csrf.find(), "the login page carries a CSRF token");
        return given().redirects().follow(false).header("X-Forwarded-For", address)
                .cookie("streamvcr-csrf", page.cookie("streamvcr-csrf")).formParam("csrf-token", csrf.group(1))
                .formParam("username", username).formParam("password", password).formParam("next", "/reservations")
                .post("/login").statusCode();
    }

    private static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void formLoginsAreAuditedAndABurstOfRefusalsIsCountedWithoutThePasswordTried() {
        Api.Account user = Api.newUser("user");
        assertEquals(303, formLogin(user.username(), user.password(), "203.0.113.120"));
        AuditEvent in = only("login", "username = ?1 and clientAddress = '203.0.113.120'", user.username());
        assertEquals("allowed", in.outcome);
        assertEquals(user.username(), in.subject);
        assertEquals("login form", in.detail);

        String guess = "guess-" + UUID.randomUUID();
        int refused = 0;
        for (int i = 0; i < 25; i++) {
            int status = formLogin(user.username(), guess, "203.0.113.121");
            assertTrue(status == 401 || status == 429, "refused: " + status);
            refused++;
        }
        audit.flushRepeats();
        List<AuditEvent> refusals = rows("clientAddress = '203.0.113.121'");
        System.out.printf("MEASURED login refusals: %d refused form logins from one address stored as %d audit rows%n",
                refused, refusals.size());
        assertTrue(refusals.size() <= 2, "a wrong password and then the throttle, each one row: " + refusals.size());
        assertEquals(refused, refusals.stream().mapToInt(e -> e.repeats).sum(), "every refusal is counted");
        for (AuditEvent row : refusals) {
            assertEquals("login-refused", row.action);
            assertEquals("refused", row.outcome);
            assertNull(row.username, "nobody got in");
            assertEquals(user.username(), row.subject, "the account tried is named");
            assertFalse(row.detail.contains(guess), "the password tried is never kept: " + row.detail);
        }
        assertTrue(refusals.get(0).detail.startsWith("wrong username or password (login form)"), refusals.get(0).detail);

        // an admin finds them by action in the API, the attempted account named
        given().auth().oauth2(Api.adminToken()).get("/api/v1/audit?action=login-refused").then().statusCode(200)
                .body("action", everyItem(equalTo("login-refused"))).body("subject", hasItem(user.username()));
    }

    @Test
    void aPasswordLoginAtTheApiIsALoginAndATokenCreation() {
        Api.Account user = Api.newUser("user");
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "203.0.113.122").auth().preemptive()
                .basic(user.username(), "not-it")
                .post("/api/v1/tokens").then().statusCode(401);
        AuditEvent refused = only("login-refused", "clientAddress = '203.0.113.122'");
        assertEquals(user.username(), refused.subject);
        assertEquals("wrong username or password (API token request (HTTP Basic))", refused.detail);

        given().contentType(ContentType.JSON).header("X-Forwarded-For", "203.0.113.123").auth().preemptive()
                .basic(user.username(), user.password()).queryParam("name", "backup script").post("/api/v1/tokens")
                .then().statusCode(201);
        AuditEvent login = only("login", "clientAddress = '203.0.113.123'");
        assertEquals(user.username(), login.username);
        assertEquals("API token request (HTTP Basic)", login.detail);
        AuditEvent created = only("token-create", "clientAddress = '203.0.113.123'");
        assertEquals(user.username(), created.username);
        assertEquals(user.username(), created.subject);
        assertTrue(created.detail.contains("'backup script'"), created.detail);
    }

    @Test
    void bookingEditingCancellingAndStoppingAreAuditedByTitle() {
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        String title = unique("Evening news");
        int id = user.api().body(Map.of("title", title, "sourceUrl", "rtmp://127.0.0.1:1/live/news token=secret1",
                "startAt", start.toString(), "endAt", start.plus(1, ChronoUnit.HOURS).toString()))
                .post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        AuditEvent booked = only("booking-create", "reservationId = ?1", (long) id);
        assertEquals(user.username(), booked.username);
        assertEquals(title, booked.subject);
        assertTrue(booked.detail.startsWith("from " + start + " to " + start.plus(1, ChronoUnit.HOURS)), booked.detail);
        assertFalse(booked.detail.contains("secret1"), "a stream key is masked: " + booked.detail);

        String renamed = title + " (late)";
        user.api().body(Map.of("title", renamed)).patch("/api/v1/reservations/" + id).then().statusCode(200);
        AuditEvent edited = only("booking-edit", "reservationId = ?1", (long) id);
        assertEquals(renamed, edited.subject, "the title the booking has now");
        assertEquals("Title changed from \"" + title + "\" to \"" + renamed + "\".", edited.detail);

        // the edit page writes the same row
        BrowserSession session = BrowserSession.login(user.username(), user.password());
        session.form("/reservations/" + id + "/edit").with(session.request()).formParam("title", renamed)
                .formParam("sourceUrl", "rtmp://127.0.0.1:1/live/news token=secret1")
                .formParam("startAt", LOCAL.format(start)).formParam("timeZone", "UTC")
                .formParam("endAt", LOCAL.format(start.plus(90, ChronoUnit.MINUTES)))
                .post("/reservations/" + id + "/edit").then().statusCode(303);
        List<AuditEvent> edits = rows("action = 'booking-edit' and reservationId = ?1", (long) id);
        assertEquals(2, edits.size());
        assertTrue(edits.get(1).detail.startsWith("End changed from " + start.plus(1, ChronoUnit.HOURS) + " to "
                + start.plus(90, ChronoUnit.MINUTES)), edits.get(1).detail);

        user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);
        AuditEvent cancelled = only("booking-cancel", "reservationId = ?1", (long) id);
        assertEquals(renamed, cancelled.subject);
        assertEquals(user.username(), cancelled.username);

        String running = unique("Match");
        int runningId = user.api().body(Map.of("title", running, "sourceUrl", "rtmp://127.0.0.1:1/live/match",
                "startAt", start.toString(), "endAt", start.plus(1, ChronoUnit.HOURS).toString()))
                .post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        states.set(runningId, ReservationState.RECORDING, false);
        user.api().delete("/api/v1/reservations/" + runningId).then().statusCode(200);
        AuditEvent stopped = only("recording-stop", "reservationId = ?1", (long) runningId);
        assertEquals(running, stopped.subject);
        assertTrue(stopped.detail.startsWith("was recording"), stopped.detail);
    }

    @Test
    void aDeletedRecordingKeepsItsTitleInTheTrail() throws Exception {
        Api.Account user = Api.newUser("user");
        String title = unique("Gone show");
        long recordingId = recordings.finishedRecording(user.username(), title, new byte[] {1, 2, 3});
        user.api().get("/api/v1/recordings/" + recordingId + "/file").then().statusCode(200);
        user.api().delete("/api/v1/recordings/" + recordingId).then().statusCode(204);

        AuditEvent download = only("download", "recordingId = ?1", recordingId);
        assertEquals(title, download.subject);
        AuditEvent deleted = only("recording-delete", "recordingId = ?1", recordingId);
        assertEquals(title, deleted.subject, "the title is kept after the recording is gone");
        assertNotNull(deleted.reservationId);
        given().auth().oauth2(Api.adminToken()).get("/admin/audit?recording=" + recordingId).then().statusCode(200)
                .body(containsString(">" + title + "</a>"));
    }

    @Test
    void accountChangesNameTheAccountChanged() {
        Api.Account user = Api.newUser("user");
        AuditEvent created = only("account-create", "subject = ?1", user.username());
        assertEquals("admin", created.username);
        assertEquals("account '" + user.username() + "', role user", created.detail);

        long userId = Api.userId(user.username());
        given().auth().oauth2(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("disabled", true))
                .patch("/api/v1/users/" + userId).then().statusCode(200);
        AuditEvent disabled = only("account-disable", "subject = ?1", user.username());
        assertEquals("admin", disabled.username);
    }

    @Test
    void siteAccountAndRecipeChangesAreAuditedByNameWithoutPasswords() {
        Api.Account user = Api.newUser("user");
        String site = "audit-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        int id = user.api().body(Map.of("site", site, "username", "viewer1", "password", "site-secret-1"))
                .post("/api/v1/site-accounts").then().statusCode(201).extract().path("id");
        user.api().body(Map.of("password", "site-secret-2")).put("/api/v1/site-accounts/" + id).then().statusCode(200);
        user.api().delete("/api/v1/site-accounts/" + id).then().statusCode(204);
        List<AuditEvent> changes = rows("subject = ?1", site);
        assertEquals(List.of("site-account-create", "site-account-update", "site-account-delete"),
                changes.stream().map(e -> e.action).toList());
        assertTrue(changes.stream().allMatch(e -> user.username().equals(e.username)));
        assertTrue(changes.get(1).detail.contains("password replaced"), changes.get(1).detail);
        assertTrue(changes.stream().noneMatch(e -> e.detail.contains("site-secret")), "no password in the trail");

        String admin = Api.adminToken();
        String name = "Audit recipe " + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> recipe = Map.of("name", name, "urlPattern", "^http://127\\.0\\.0\\.1:\\d+/audit/(?<n>\\d+)$",
                "steps", List.of(Map.of("name", "server", "css", "a#server", "attribute", "href")),
                "output", "{server:raw}/ch{n}");
        int recipeId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(recipe)
                .post("/api/v1/admin/sites").then().statusCode(201).extract().path("id");
        String renamed = name + " v2";
        Map<String, Object> changed = new java.util.HashMap<>(recipe);
        changed.put("name", renamed);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(changed)
                .put("/api/v1/admin/sites/" + recipeId).then().statusCode(200);
        assertEquals("renamed from '" + name + "'", only("recipe-update", "subject = ?1", renamed).detail);
        given().auth().oauth2(admin).delete("/api/v1/admin/sites/" + recipeId).then().statusCode(204);
        assertEquals(List.of("recipe-create"), rows("subject = ?1", name).stream().map(e -> e.action).toList());
        assertEquals(List.of("recipe-update", "recipe-delete"),
                rows("subject = ?1", renamed).stream().map(e -> e.action).toList());

        String imported = name + " imported";
        Map<String, Object> importing = new java.util.HashMap<>(recipe);
        importing.put("name", imported);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(List.of(importing))
                .post("/api/v1/admin/sites/import").then().statusCode(200);
        AuditEvent importRow = only("recipe-import", "subject = ?1", imported);
        assertEquals("admin", importRow.username);
        assertEquals("created " + imported + "; replaced none", importRow.detail);
    }

    @Test
    void theFilterRefusesWhatItCannotReadNamingTheField() {
        String admin = Api.adminToken();
        given().auth().oauth2(admin).get("/api/v1/audit?action=nonsense").then().statusCode(400)
                .body("fields.action", containsString("There is no action 'nonsense'"));
        given().auth().oauth2(admin).get("/api/v1/audit?reservation=x").then().statusCode(400)
                .body("fields.reservation", equalTo("A reservation is given by its number."));
        given().auth().oauth2(admin).get("/admin/audit?action=nonsense").then().statusCode(400)
                .body(containsString("There is no action"));
    }

    @Test
    void theRetentionPurgesOldEventsAndZeroKeepsThemForEver() {
        long old = QuarkusTransaction.requiringNew().call(() -> {
            AuditEvent e = new AuditEvent();
            e.at = Instant.now().minus(Duration.ofDays(40));
            e.action = "login";
            e.outcome = "allowed";
            e.persist();
            return e.id;
        });
        long recent = QuarkusTransaction.requiringNew().call(() -> {
            AuditEvent e = new AuditEvent();
            e.at = Instant.now().minus(Duration.ofDays(10));
            e.action = "login";
            e.outcome = "allowed";
            e.persist();
            return e.id;
        });
        assertEquals(0, audit.deleteOlderThan(Duration.ZERO), "0 keeps every event");
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> AuditEvent.findById(old)));
        assertTrue(audit.deleteOlderThan(Duration.ofDays(30)) >= 1);
        assertNull(QuarkusTransaction.requiringNew().call(() -> AuditEvent.findById(old)), "older than 30 days: gone");
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> AuditEvent.findById(recent)), "10 days old: kept");
    }
}
