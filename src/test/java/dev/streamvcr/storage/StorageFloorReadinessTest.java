package dev.streamvcr.storage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.schedule.Dispatcher;
import dev.streamvcr.schedule.DueWork;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node whose storage is below STREAMVCR_STORAGE_MIN_FREE is not ready, and says why; it is still alive. */
@QuarkusTest
@TestProfile(StorageFloorReadinessTest.FloorAboveAnyDisk.class)
class StorageFloorReadinessTest {

    /** A floor no disk reaches. */
    public static class FloorAboveAnyDisk implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.storage.min-free", String.valueOf(Long.MAX_VALUE));
        }
    }

    @Inject
    Dispatcher dispatcher;

    @Inject
    DueWork work;

    @Test
    void aNodeBelowItsFloorClaimsNoDueWork() {
        List<Long> ids = work.book("admin", 2, Instant.now().minusSeconds(1), Instant.now().plusSeconds(30));
        assertEquals(0, dispatcher.dispatch(), "nothing is claimed on a node whose storage cannot take it");
        for (long id : ids) {
            DueWork.Held held = work.held(id);
            assertEquals(ReservationState.SCHEDULED, held.state(), "left for a node that can record it");
            assertNull(held.leaseOwner());
        }
        work.cancel(ids);
    }

    @Test
    void readinessIsDownNamingTheFloorWhileLivenessStaysUp() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'storage' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'storage' }.data.error",
                        containsString("free, less than STREAMVCR_STORAGE_MIN_FREE (8589934592.0 GiB)"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
