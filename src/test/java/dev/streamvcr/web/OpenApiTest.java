package dev.streamvcr.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiTest {

    @Test
    void theApiIsDescribedWithoutLoggingIn() {
        given().accept("application/yaml").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/reservations/{id}:"))
                .body(containsString("/api/v1/recordings/{id}/file:"))
                .body(containsString("/api/v1/tokens:"))
                .body(containsString("/api/v1/users:"))
                .body(containsString("/api/v1/watches/{id}/pause:"))
                .body(containsString("Watch a channel's page and record whenever it goes live"));
    }

    @Test
    void healthIsPublic() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
    }
}
