package dev.streamvcr.notify;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.streamvcr.Api;
import dev.streamvcr.reservation.Reservation;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.StateJournal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end: a real SMTP server (GreenMail) on the mailer's port, a webhook endpoint on loopback that
 * checks each body's signature, retries, refusals of bad addresses, and a refusing SMTP server in the delivery log.
 */
@QuarkusTest
class NotificationsTest {

    @Inject
    Vertx vertx;

    @Inject
    StateJournal journal;

    @ConfigProperty(name = "quarkus.mailer.port")
    int smtpPort;

    private static String secretOf(Api.Account user, int channel) {
        return user.api().get("/api/v1/notifications/channels").then().statusCode(200).extract().jsonPath()
                .getString("find { it.id == " + channel + " }.secret");
    }

    private static int addChannel(Api.Account user, String kind, String target, List<String> events) {
        return user.api().body(Map.of("kind", kind, "target", target, "events", events))
                .post("/api/v1/notifications/channels").then().statusCode(201).extract().path("id");
    }

    private static int book(Api.Account user, String title) {
        return user.api().body(Map.of("title", title, "sourceUrl", "rtmp://127.0.0.1:1/live/show",
                "startAt", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "durationSeconds", 1800)).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }

    private void transition(int reservation, ReservationState to, String reason) {
        QuarkusTransaction.requiringNew().run(() -> journal.transition(Reservation.findById((long) reservation), to,
                reason, null));
    }

    private static JsonPath deliveries(Api.Account user) {
        return user.api().get("/api/v1/notifications/deliveries").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void greenMailReceivesTheTestAndAFailedRecordingsEmail() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Api.Account user = Api.newUser("user");
            int channel = addChannel(user, "email", "viewer@example.org", List.of("failed", "completed"));

            user.api().post("/api/v1/notifications/channels/" + channel + "/test").then().statusCode(200)
                    .body("status", equalTo("sent")).body("event", equalTo("test"));
            assertTrue(smtp.waitForIncomingEmail(10_000, 1));
            MimeMessage test = smtp.getReceivedMessages()[0];
            assertEquals("viewer@example.org", test.getAllRecipients()[0].toString());
            assertTrue(test.getSubject().contains("Test"), test.getSubject());

            int reservation = book(user, "Night news");
            transition(reservation, ReservationState.FAILED, "The stream was never found.");
            assertTrue(smtp.waitForIncomingEmail(10_000, 2));
            MimeMessage failed = smtp.getReceivedMessages()[1];
            assertEquals("StreamVCR: Recording failed · Night news", failed.getSubject());
            String text = String.valueOf(failed.getContent());
            assertTrue(text.contains("The stream was never found."), text);
            assertTrue(text.contains("/reservations/" + reservation), text);
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(user).getString("[0].status"),
                    "sent"::equals);
            assertEquals("failed", deliveries(user).getString("[0].event"));
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aWebhookGetsASignedBodyForTheEventsItChose() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver(vertx)) {
            Api.Account user = Api.newUser("user");
            int channel = addChannel(user, "webhook", hook.url("/hook"), List.of("started", "gap"));
            String secret = secretOf(user, channel);
            assertEquals(64, secret.length());

            int reservation = book(user, "Morning show");
            transition(reservation, ReservationState.RESOLVING, "Claimed.");
            transition(reservation, ReservationState.RECORDING, "Receiving the stream.");
            transition(reservation, ReservationState.RECONNECTING, "The stream dropped.");
            transition(reservation, ReservationState.RECORDING, "Receiving the stream again.");
            transition(reservation, ReservationState.COMPLETED, "Ended as booked.");

            await().atMost(Duration.ofSeconds(10)).until(() -> hook.received.size() >= 2);
            Thread.sleep(1000); // a third (a completion or a second start) must not come
            assertEquals(2, hook.received.size(), "only the chosen events: started and the gap");
            for (WebhookReceiver.Received r : hook.received) {
                assertTrue(WebhookSignature.verify(secret, r.body(), r.headers().get("x-streamvcr-signature")),
                        "signature " + r.headers().get("x-streamvcr-signature"));
                assertEquals("application/json", r.headers().get("content-type"));
            }
            JsonPath started = new JsonPath(new String(hook.received.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("started", started.getString("event"));
            assertEquals(reservation, started.getInt("reservationId"));
            assertEquals("Morning show", started.getString("title"));
            assertEquals("/reservations/" + reservation, started.getString("link"));
            assertTrue(Instant.parse(started.getString("startAt")).isAfter(Instant.now()));
            assertEquals("gap", new JsonPath(new String(hook.received.get(1).body(), StandardCharsets.UTF_8))
                    .getString("event"));
            // a body signed with another secret does not verify
            assertTrue(!WebhookSignature.verify(WebhookSignature.newSecret(), hook.received.get(0).body(),
                    hook.received.get(0).headers().get("x-streamvcr-signature")));
        }
    }

    @Test
    void aWebhookThatFailsTwiceIsRetriedUntilItTakesTheNotification() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver(vertx)) {
            hook.failFirst.set(2);
            Api.Account user = Api.newUser("user");
            addChannel(user, "webhook", hook.url("/flaky"), List.of("completed"));
            int reservation = book(user, "Flaky");
            transition(reservation, ReservationState.COMPLETED, "Ended as booked.");

            await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(user).getString("[0].status"),
                    "sent"::equals);
            JsonPath log = deliveries(user);
            assertEquals(3, log.getInt("[0].attempts"));
            assertEquals(3, hook.received.size());
            assertTrue(log.getString("[0].lastError").contains("500"), log.prettify());
            // the same body, signed the same way, each time
            assertEquals(new String(hook.received.get(0).body(), StandardCharsets.UTF_8),
                    new String(hook.received.get(2).body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aWebhookToAForbiddenAddressOrNotOverHttpIsRefusedNamingTheField() {
        Api.Account user = Api.newUser("user");
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://[fe80::1]/hook",
                "ftp://example.org/hook", "file:///etc/passwd", "javascript:alert(1)", "https://")) {
            user.api().body(Map.of("kind", "webhook", "target", url, "events", List.of("failed")))
                    .post("/api/v1/notifications/channels").then().statusCode(400)
                    .body("fields.target", org.hamcrest.Matchers.notNullValue());
        }
        user.api().body(Map.of("kind", "webhook", "target", "http://169.254.169.254/x", "events", List.of()))
                .post("/api/v1/notifications/channels").then().statusCode(400)
                .body("fields.target", containsString("always refused"));
        user.api().body(Map.of("kind", "webhook", "target", "gopher://example.org/", "events", List.of()))
                .post("/api/v1/notifications/channels").then().statusCode(400)
                .body("fields.target", containsString("http:// or https://"));
        user.api().body(Map.of("kind", "email", "target", "not-an-address", "events", List.of("nonsense")))
                .post("/api/v1/notifications/channels").then().statusCode(400)
                .body("fields.target", containsString("not an email address"))
                .body("fields.events", containsString("'nonsense' is not an event"));
        user.api().body(Map.of("kind", "pigeon", "target", "x")).post("/api/v1/notifications/channels").then()
                .statusCode(400).body("fields.kind", containsString("email or webhook"));
        assertEquals(0, user.api().get("/api/v1/notifications/channels").then().statusCode(200).extract().jsonPath()
                .getList("$").size());
    }

    @Test
    void aRefusingSmtpServerShowsInTheDeliveryLogAndTheRecordingGoesOn() throws Exception {
        NetServer refusing = vertx.createNetServer().connectHandler(socket -> socket
                .write("554 5.7.1 No mail accepted from you\r\n").onComplete(x -> socket.close()));
        refusing.listen(smtpPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (WebhookReceiver hook = new WebhookReceiver(vertx)) {
            hook.hold = true; // a webhook that never answers
            Api.Account user = Api.newUser("user");
            int mail = addChannel(user, "email", "viewer@example.org", List.of("started"));
            addChannel(user, "webhook", hook.url("/slow"), List.of("started"));

            user.api().post("/api/v1/notifications/channels/" + mail + "/test").then().statusCode(200)
                    .body("status", equalTo("failed")).body("lastError", containsString("554"));

            int reservation = book(user, "Goes on");
            transition(reservation, ReservationState.RESOLVING, "Claimed.");
            transition(reservation, ReservationState.RECORDING, "Receiving the stream.");
            // the state change is committed while the webhook still holds its notification and the mail is refused
            await().atMost(Duration.ofSeconds(10)).until(() -> !hook.received.isEmpty());
            assertEquals("RECORDING", user.reservation(reservation).getString("state"));
            // the server's refusal is in the log; an attempt on a loaded machine may first time out (5 s), and the
            // retry (300 ms later, then doubling) gets the refusal
            String mailError = await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(user).getString(
                    "find { it.event == 'started' && it.channel.startsWith('Email') }.lastError"),
                    error -> error != null && error.contains("554"));
            JsonPath log = deliveries(user);
            assertTrue(mailError.contains("554"), log.prettify());
            assertEquals("pending", log.getString("find { it.event == 'started' && it.channel.startsWith('Webhook') }"
                    + ".status"), "the held webhook is still being tried");
            transition(reservation, ReservationState.COMPLETED, "Ended as booked.");
            assertEquals("COMPLETED", user.reservation(reservation).getString("state"));

            assertEquals("RECORDING", QuarkusTransaction.requiringNew().call(() -> dev.streamvcr.reservation
                    .ReservationEvent.history(reservation).get(2).toState.name()), "the start is in the history");
        } finally {
            refusing.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Inject
    DeliveryWorker worker;

    @Test
    void oldFinishedDeliveriesLeaveTheLogAndPendingOnesStay() {
        Api.Account user = Api.newUser("user");
        int channel = addChannel(user, "webhook", "http://127.0.0.1:1/none", List.of("failed"));
        int reservation = book(user, "Old news");
        transition(reservation, ReservationState.FAILED, "Long ago.");
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> NotificationDelivery.<NotificationDelivery>list(
                "channelId", (long) channel).stream().map(d -> d.id).toList());
        assertEquals(1, ids.size());
        QuarkusTransaction.requiringNew().run(() -> {
            NotificationDelivery pending = NotificationDelivery.findById(ids.get(0));
            NotificationDelivery old = new NotificationDelivery();
            old.channelId = pending.channelId;
            old.userId = pending.userId;
            old.channelLabel = pending.channelLabel;
            old.event = pending.event;
            old.subject = pending.subject;
            old.payload = pending.payload;
            old.status = NotificationDelivery.Status.SENT;
            old.createdAt = Instant.now().minus(Duration.ofDays(31));
            old.finishedAt = old.createdAt;
            old.nextAttemptAt = old.createdAt;
            old.persist();
            pending.createdAt = Instant.now().minus(Duration.ofDays(40));
        });
        assertTrue(worker.purge() >= 1);
        assertEquals(List.of(ids.get(0)), QuarkusTransaction.requiringNew().call(() -> NotificationDelivery
                .<NotificationDelivery>list("channelId", (long) channel).stream().map(d -> d.id).toList()),
                "the old sent one is gone; the one still being tried stays, however old");
    }

    @Test
    void theApiIsDescribedInOpenApi() {
        String description = io.restassured.RestAssured.given().get("/q/openapi").then().statusCode(200).extract()
                .asString();
        for (String path : List.of("/api/v1/notifications/channels:", "/api/v1/notifications/channels/{id}/test:",
                "/api/v1/notifications/channels/{id}/events:", "/api/v1/notifications/deliveries:")) {
            assertTrue(description.contains(path), path);
        }
        assertTrue(description.contains("X-StreamVCR-Signature"), "how to verify a webhook is described");
    }

    @Test
    void anotherPersonsChannelIsNotFound() {
        Api.Account owner = Api.newUser("user");
        Api.Account other = Api.newUser("user");
        int channel = addChannel(owner, "email", "owner@example.org", List.of("failed"));
        other.api().post("/api/v1/notifications/channels/" + channel + "/test").then().statusCode(404);
        other.api().delete("/api/v1/notifications/channels/" + channel).then().statusCode(404);
        other.api().body(Map.of("events", List.of("started"))).put("/api/v1/notifications/channels/" + channel
                + "/events").then().statusCode(404);
        owner.api().body(Map.of("events", List.of("started", "channel-live"))).put("/api/v1/notifications/channels/"
                + channel + "/events").then().statusCode(200).body("events", equalTo(List.of("started",
                        "channel-live")));
        assertNotEquals(0, owner.api().get("/api/v1/notifications/channels").then().extract().jsonPath()
                .getList("$").size());
    }
}
