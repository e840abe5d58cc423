package dev.streamvcr.watch;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.site.fixture.ChannelSite;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channel watches in the JSON API: bad input, and a page that goes live, stays live and goes offline again. */
@QuarkusTest
class ChannelWatchApiTest {

    @RegisterExtension
    static final ChannelSite SITE = new ChannelSite();

    @Inject
    EntityManager em;

    private static Map<String, Object> watch(String page, Object interval) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Evening channel");
        body.put("pageUrl", page);
        body.put("intervalMinutes", interval);
        return body;
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        Api.Account user = Api.newUser("user");
        user.api().body(watch(SITE.url("/channel/x"), 0)).post("/api/v1/watches").then().statusCode(400)
                .body("fields.intervalMinutes", containsString("at most once a minute"));
        user.api().body(watch(SITE.url("/channel/x"), -5)).post("/api/v1/watches").then().statusCode(400)
                .body("fields.intervalMinutes", containsString("1 or more minutes"));
        user.api().body(watch(SITE.url("/channel/x"), null)).post("/api/v1/watches").then().statusCode(400)
                .body("fields.intervalMinutes", containsString("how many minutes"));
        user.api().body(watch("rtmp://127.0.0.1:1935/live/x", 5)).post("/api/v1/watches").then().statusCode(400)
                .body("fields.pageUrl", containsString("http:// or https://"));
        user.api().body(watch("ftp://127.0.0.1/channel", 5)).post("/api/v1/watches").then().statusCode(400)
                .body("fields.pageUrl", containsString("http:// or https://"));
        user.api().body(watch("http://169.254.169.254/latest", 5)).post("/api/v1/watches").then().statusCode(400)
                .body("fields.pageUrl", org.hamcrest.Matchers.notNullValue());
        Map<String, Object> hours = watch(SITE.url("/channel/x"), 5);
        hours.put("fromTime", "18:00");
        hours.put("days", List.of());
        user.api().body(hours).post("/api/v1/watches").then().statusCode(400)
                .body("fields.untilTime", containsString("neither"))
                .body("fields.days", containsString("at least one day"));
        Map<String, Object> length = watch(SITE.url("/channel/x"), 5);
        length.put("maxLengthMinutes", 0);
        length.put("timeZone", "Mars/Olympus");
        user.api().body(length).post("/api/v1/watches").then().statusCode(400)
                .body("fields.maxLengthMinutes", containsString("at least 1 minute"))
                .body("fields.timeZone", containsString("Unknown time zone"));
        user.api().get("/api/v1/watches").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void anotherUsersWatchIsNotFound() {
        Api.Account owner = Api.newUser("user");
        Api.Account other = Api.newUser("user");
        Map<String, Object> body = watch(SITE.url("/channel/private"), 30);
        body.put("fromTime", "03:00");
        body.put("untilTime", "03:01");
        body.put("days", List.of("sunday"));
        int id = owner.api().body(body).post("/api/v1/watches").then().statusCode(201)
                .body("days", equalTo(List.of("SUNDAY"))).body("fromTime", equalTo("03:00"))
                .extract().path("id");
        other.api().get("/api/v1/watches/" + id).then().statusCode(404);
        other.api().post("/api/v1/watches/" + id + "/pause").then().statusCode(404);
        other.api().delete("/api/v1/watches/" + id).then().statusCode(404);
        other.api().get("/api/v1/watches").then().statusCode(200).body("size()", equalTo(0));
        owner.api().post("/api/v1/watches/" + id + "/pause").then().statusCode(200).body("paused", equalTo(true));
        owner.api().post("/api/v1/watches/" + id + "/resume").then().statusCode(200).body("paused", equalTo(false));
        owner.api().delete("/api/v1/watches/" + id).then().statusCode(204);
        owner.api().get("/api/v1/watches/" + id).then().statusCode(404);
        List<String> audited = QuarkusTransaction.requiringNew().call(() -> dev.streamvcr.audit.AuditEvent
                .<dev.streamvcr.audit.AuditEvent>list("username = ?1 and action like 'watch-%' order by id",
                        owner.username()).stream().map(e -> e.action).toList());
        assertEquals(List.of("watch-create", "watch-pause", "watch-resume", "watch-delete"), audited,
                "every change is audited once, by its owner");
    }

    @Test
    void aChannelThatGoesLiveIsRecordedOncePerBroadcast() {
        Api.Account user = Api.newUser("user");
        SITE.offline();
        Map<String, Object> body = watch(SITE.url("/channel/evening"), 1);
        body.put("maxLengthMinutes", 10);
        int id = user.api().body(body).post("/api/v1/watches").then().statusCode(201)
                .body("intervalMinutes", equalTo(1)).body("maxLengthMinutes", equalTo(10))
                .extract().path("id");

        user.api().body(Map.of("kind", "email", "target", "evening@example.com", "events", List.of("channel-live")))
                .post("/api/v1/notifications/channels").then().statusCode(201);

        JsonPath offline = WatchCalls.awaitCheck(user, id, Instant.EPOCH);
        assertEquals("OFFLINE", offline.getString("outcome"), offline.prettify());
        assertEquals(0, WatchCalls.reservations(user).size(), "an offline page books nothing");
        user.api().get("/api/v1/notifications/deliveries").then().body("size()", equalTo(0));

        String first = "http://127.0.0.1:1/live/first/index.m3u8";
        SITE.live(first);
        JsonPath live = WatchCalls.checkNow(em, user, id);
        assertEquals("LIVE", live.getString("outcome"), live.prettify());
        List<Map<String, Object>> booked = WatchCalls.reservations(user);
        assertEquals(1, booked.size(), "one reservation booked within one check");
        int reservation = (Integer) booked.get(0).get("id");
        assertEquals(reservation, live.getInt("reservationId"));
        user.api().get("/api/v1/notifications/deliveries").then().body("size()", equalTo(1))
                .body("[0].event", equalTo("channel-live"));
        assertEquals(SITE.url("/channel/evening"), booked.get(0).get("sourceUrl"));
        JsonPath view = user.reservation(reservation);
        assertTrue(view.getString("title").startsWith("Evening channel "), view.getString("title"));
        assertTrue(Duration.between(Instant.parse(view.getString("startAt")), Instant.parse(view.getString("endAt")))
                .toMinutes() == 10, "booked for the watch's maximum length: " + view.prettify());
        assertTrue(view.getList("history.reason", String.class).stream()
                .anyMatch(r -> r.contains("Booked by the channel watch \"Evening channel\"")), view.prettify());

        for (int i = 0; i < 2; i++) {
            JsonPath again = WatchCalls.checkNow(em, user, id);
            assertEquals(1, WatchCalls.reservations(user).size(),
                    "still live: no second booking\n" + again.prettify());
        }
        assertEquals(List.of("OFFLINE", "LIVE"), WatchCalls.history(user, id),
                "one history line per change, not per check");

        user.api().delete("/api/v1/reservations/" + reservation).then().statusCode(200);
        user.awaitFinal(reservation, Instant.now().plusSeconds(30));
        JsonPath recorded = WatchCalls.checkNow(em, user, id);
        assertEquals("RECORDED", recorded.getString("outcome"), recorded.prettify());
        String endState = user.reservation(reservation).getString("state").toLowerCase(java.util.Locale.ROOT);
        assertTrue(recorded.getString("reason").contains("(reservation " + reservation + ", " + endState + ")"),
                recorded.getString("reason"));
        assertEquals(1, WatchCalls.reservations(user).size(), "the same broadcast is not recorded twice");

        SITE.offline();
        assertEquals("OFFLINE", WatchCalls.checkNow(em, user, id).getString("outcome"));
        String second = "http://127.0.0.1:1/live/second/index.m3u8";
        SITE.live(second);
        JsonPath next = WatchCalls.checkNow(em, user, id);
        assertEquals("LIVE", next.getString("outcome"), next.prettify());
        assertEquals(2, WatchCalls.reservations(user).size(),
                "a new broadcast after the channel was offline is recorded");
        int nextReservation = next.getInt("reservationId");

        SITE.offline();
        JsonPath ended = WatchCalls.checkNow(em, user, id);
        assertEquals("OFFLINE", ended.getString("outcome"), ended.prettify());
        JsonPath stopped = user.awaitFinal(nextReservation, Instant.now().plusSeconds(30));
        assertTrue(stopped.getList("history.reason", String.class).stream()
                .anyMatch(r -> r.contains("watched channel went offline")), stopped.prettify());
        assertEquals(List.of("OFFLINE", "LIVE", "RECORDED", "OFFLINE", "LIVE", "OFFLINE"),
                WatchCalls.history(user, id));
    }

    @Test
    void aPausedWatchIsNotChecked() {
        Api.Account user = Api.newUser("user");
        SITE.live("http://127.0.0.1:1/live/paused/index.m3u8");
        int id = user.api().body(watch(SITE.url("/channel/paused"), 1)).post("/api/v1/watches").then()
                .statusCode(201).extract().path("id");
        user.api().post("/api/v1/watches/" + id + "/pause").then().statusCode(200).body("paused", equalTo(true));
        // a check that had begun before the pause may still finish: wait until the page reads stop changing
        int[] reads = {-1};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1500)).until(() -> {
            int now = SITE.reads();
            boolean still = now == reads[0];
            reads[0] = now;
            return still;
        });
        int booked = WatchCalls.reservations(user).size();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update channel_watch set next_check_at = now() - interval '1 minute' where id = ?1")
                .setParameter(1, id).executeUpdate());
        // three ticks of the test profile's one second
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> SITE.reads() == reads[0]);
        assertEquals(booked, WatchCalls.reservations(user).size(), "a paused watch books nothing");
        user.api().post("/api/v1/watches/" + id + "/resume").then().statusCode(200).body("paused", equalTo(false));
        await().atMost(Duration.ofSeconds(30)).until(() -> SITE.reads() > reads[0]);
        await().atMost(Duration.ofSeconds(30)).until(() -> "LIVE".equals(user.api().get("/api/v1/watches/" + id)
                .then().extract().path("outcome")));
        List<Map<String, Object>> resumed = WatchCalls.reservations(user);
        assertEquals(1, resumed.size(), "resumed, the live channel is booked once");
        user.api().delete("/api/v1/reservations/" + resumed.get(0).get("id")).then().statusCode(200);
    }

    @Test
    void outsideItsHoursThePageIsNotRead() {
        Api.Account user = Api.newUser("user");
        SITE.live("http://127.0.0.1:1/live/hours/index.m3u8");
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        Map<String, Object> body = watch(SITE.url("/channel/hours"), 1);
        body.put("fromTime", now.plusHours(2).withSecond(0).withNano(0).toString());
        body.put("untilTime", now.plusHours(3).withSecond(0).withNano(0).toString());
        body.put("timeZone", "UTC");
        int reads = SITE.reads();
        int id = user.api().body(body).post("/api/v1/watches").then().statusCode(201).extract().path("id");
        JsonPath checked = WatchCalls.awaitCheck(user, id, Instant.EPOCH);
        assertEquals("OUTSIDE_HOURS", checked.getString("outcome"), checked.prettify());
        assertEquals(reads, SITE.reads(), "the page is not read outside the watch's hours");
        assertEquals(0, WatchCalls.reservations(user).size());
        WatchCalls.checkNow(em, user, id);
        assertEquals(List.of("OUTSIDE_HOURS"), WatchCalls.history(user, id), "a repeated outcome is not written again");
    }

    @Test
    void deletingAnAccountDeletesItsWatches() {
        Api.Account user = Api.newUser("user");
        SITE.offline();
        int id = user.api().body(watch(SITE.url("/channel/leaving"), 1)).post("/api/v1/watches").then()
                .statusCode(201).extract().path("id");
        WatchCalls.awaitCheck(user, id, Instant.EPOCH);
        long userId = Api.userId(user.username());
        io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).queryParam("recordings", "delete")
                .delete("/api/v1/users/" + userId).then().statusCode(204);
        io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).get("/api/v1/watches/" + id).then()
                .statusCode(404);
    }

    @Test
    void aWatchAnotherNodeIsCheckingWaitsForItsLease() {
        Api.Account user = Api.newUser("user");
        SITE.offline();
        int id = user.api().body(watch(SITE.url("/channel/leased"), 1)).post("/api/v1/watches").then()
                .statusCode(201).extract().path("id");
        WatchCalls.awaitCheck(user, id, Instant.EPOCH);
        String checkedAt = user.api().get("/api/v1/watches/" + id).then().extract().path("lastCheckedAt");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update channel_watch set next_check_at = "
                + "now(), lease_owner = 'other-node', lease_until = now() + interval '1 hour' where id = ?1")
                .setParameter(1, id).executeUpdate());
        // three ticks of the test profile's one second
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> checkedAt.equals(
                user.api().get("/api/v1/watches/" + id).then().extract().path("lastCheckedAt")));
        Instant lapsed = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update channel_watch set lease_until = "
                + "now() - interval '1 second' where id = ?1").setParameter(1, id).executeUpdate());
        assertEquals("OFFLINE", WatchCalls.awaitCheck(user, id, lapsed).getString("outcome"),
                "once the other node's lease has run out, this node checks the watch");
    }
}
