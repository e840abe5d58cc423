package dev.streamvcr.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The paths the Kubernetes probes ask answer without a session: readiness checks the database and the storage,
 * liveness neither (it must stay cheap: a slow disk must not get a node restarted).
 */
@QuarkusTest
class HealthProbesTest {

    @Test
    void theReadinessProbeChecksTheStorageAndTheDatabase() throws Exception {
        String path = KubernetesManifestsTest.container().at("/readinessProbe/httpGet/path").asText();
        given().get(path).then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("storage"))
                .body("checks.find { it.name == 'storage' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'storage' }.data.minFreeBytes", equalTo(1048576))
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsString("Database")));
    }

    @Test
    void theLivenessProbeTouchesNeitherDiskNorDatabase() throws Exception {
        String path = KubernetesManifestsTest.container().at("/livenessProbe/httpGet/path").asText();
        given().get(path).then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", not(hasItem("storage")))
                .body("checks.name", not(hasItem(org.hamcrest.Matchers.containsString("Database"))));
    }
}
