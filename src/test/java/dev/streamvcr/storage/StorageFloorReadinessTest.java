package dev.streamvcr.storage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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

    @Test
    void readinessIsDownNamingTheFloorWhileLivenessStaysUp() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'storage' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'storage' }.data.error",
                        containsString("free, less than STREAMVCR_STORAGE_MIN_FREE (8589934592.0 GiB)"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
