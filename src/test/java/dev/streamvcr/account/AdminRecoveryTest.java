package dev.streamvcr.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.streamvcr.Api;
import dev.streamvcr.audit.AuditEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminRecoveryTest {

    @Inject
    FirstAdmin firstAdmin;

    @Inject
    LoginThrottle throttle;

    private static int tokenStatus(String password) {
        return given().auth().preemptive().basic("admin", password).contentType(ContentType.JSON)
                .post("/api/v1/tokens").statusCode();
    }

    @Test
    void laterStartsIgnoreThePasswordWithoutTheResetFlag() {
        assertEquals(FirstAdmin.Outcome.IGNORED, firstAdmin.apply(Optional.of("another-admin-password"), false));
        assertEquals(FirstAdmin.Outcome.NOTHING, firstAdmin.apply(Optional.empty(), true));
        assertEquals(401, tokenStatus("another-admin-password"));
        throttle.reset();
        Api.adminToken();
    }

    @Test
    void theResetFlagSetsTheAdminPasswordAndMakesItAnEnabledAdminAgain() {
        long adminId = Api.userId("admin");
        QuarkusTransaction.requiringNew().run(() -> AppUser.update(
                "disabled = true, mustChangePassword = true where id = ?1", adminId));
        try {
            assertEquals(FirstAdmin.Outcome.RESET, firstAdmin.apply(Optional.of("recovered-password"), true));
            assertEquals(201, tokenStatus("recovered-password"));
            assertEquals(401, tokenStatus(Api.ADMIN_PASSWORD));
            AppUser admin = QuarkusTransaction.requiringNew().call(() -> AppUser.findById(adminId));
            assertFalse(admin.disabled || admin.mustChangePassword);
            assertEquals("admin", admin.role);
            assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                    "action = 'admin-reset' and detail like 'account ''admin''%'")));
        } finally {
            firstAdmin.apply(Optional.of(Api.ADMIN_PASSWORD), true);
            throttle.reset();
        }
        Api.adminToken();
    }
}
