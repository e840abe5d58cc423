package dev.streamvcr.watch;

import static org.awaitility.Awaitility.await;

import dev.streamvcr.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the channel watch tests do through the API: make a watch due and wait for its check, read what it did. */
final class WatchCalls {

    private WatchCalls() {
    }

    /** Makes the watch due now and returns it once that check is done. */
    static JsonPath checkNow(EntityManager em, Api.Account user, int id) {
        Instant before = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update channel_watch set next_check_at = now() where id = ?1").setParameter(1, id).executeUpdate());
        return awaitCheck(user, id, before);
    }

    /** The watch once a check finished after {@code after}. */
    static JsonPath awaitCheck(Api.Account user, int id, Instant after) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.api().get("/api/v1/watches/" + id).then().statusCode(200).extract().jsonPath(),
                        view -> view.getString("lastCheckedAt") != null
                                && Instant.parse(view.getString("lastCheckedAt")).isAfter(after));
    }

    /** The outcomes in the watch's history, oldest first. */
    static List<String> history(Api.Account user, int id) {
        return user.api().get("/api/v1/watches/" + id).then().statusCode(200).extract().jsonPath()
                .getList("history.outcome", String.class);
    }

    static List<Map<String, Object>> reservations(Api.Account user) {
        return user.api().get("/api/v1/reservations").then().statusCode(200).extract().jsonPath().getList("$");
    }
}
