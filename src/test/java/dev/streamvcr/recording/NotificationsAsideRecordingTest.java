package dev.streamvcr.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.LiveOptions;
import dev.streamvcr.notify.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real recording whose owner's notifications all hang: an SMTP server that accepts the connection and never says a
 * word, and a webhook that takes the request and never answers. The recording starts, records and completes as
 * booked all the same, while its notifications are still being tried.
 */
@QuarkusTest
class NotificationsAsideRecordingTest {

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin().stream("news", HlsMuxing.mpegTs(16), LiveOptions.defaults());

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.mailer.port")
    int smtpPort;

    private static JsonPath deliveries(Api.Account user) {
        return user.api().get("/api/v1/notifications/deliveries").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aRecordingCompletesWhileItsMailAndWebhookHang() throws Exception {
        List<NetSocket> silent = new CopyOnWriteArrayList<>();
        NetServer smtp = vertx.createNetServer().connectHandler(silent::add);
        smtp.listen(smtpPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (WebhookReceiver hook = new WebhookReceiver(vertx)) {
            hook.hold = true;
            Api.Account user = Api.newUser("user");
            for (Map<String, Object> channel : List.<Map<String, Object>>of(
                    Map.of("kind", "email", "target", "owner@example.org", "events", List.of("started", "completed")),
                    Map.of("kind", "webhook", "target", hook.url("/hangs"), "events", List.of("started")))) {
                user.api().body(channel).post("/api/v1/notifications/channels").then().statusCode(201);
            }

            OriginRecording booked = OriginRecording.book(user, ORIGIN, "news", null, 8);
            JsonPath done = booked.awaitFinal();

            assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason"));
            JsonPath recording = booked.recording(done);
            assertTrue(recording.getLong("parts[0].bytes") > 0, recording.prettify());
            assertTrue(!hook.received.isEmpty(), "the webhook was reached");
            assertEquals(1, hook.received.stream().map(r -> r.headers().get("x-streamvcr-delivery")).distinct().count(),
                    "only the start's notification, tried again after each time-out");
            assertTrue(!silent.isEmpty(), "the mail server was reached");
            JsonPath log = deliveries(user);
            assertEquals(List.of("completed", "started", "started"), log.getList("event"), log.prettify());
            assertTrue(!log.getList("status").contains("sent"), log.prettify());
            // the mail server's silence ends in the log as an error, and the notification is tried again
            String error = await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(user).getString(
                    "find { it.event == 'completed' }.lastError"), java.util.Objects::nonNull);
            assertEquals("The mail server did not take the message within 5 s.", error);
            assertEquals("pending", deliveries(user).getString("find { it.event == 'completed' }.status"));
        } finally {
            smtp.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
