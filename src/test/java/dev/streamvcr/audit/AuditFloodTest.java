package dev.streamvcr.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refused requests anyone can send cannot flood the audit trail: they are aggregated, capped and expire. */
@QuarkusTest
class AuditFloodTest {

    @Inject
    AuditLog audit;

    private static List<AuditEvent> refusalsFrom(String address) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                "clientAddress = ?1 and outcome = 'refused'", address));
    }

    @Test
    void repeatedRefusalsFromOneAddressBecomeOneRowWithACount() {
        String address = "203.0.113.77";
        for (int i = 0; i < 120; i++) {
            given().header("X-Forwarded-For", address).get("/preview/users/1/9000002/" + "a".repeat(3000) + i + "/seg.ts")
                    .then().statusCode(403);
        }
        audit.flushRepeats();
        List<AuditEvent> rows = refusalsFrom(address);
        assertEquals(1, rows.size(), "one row for one kind of refusal: " + rows.size());
        assertEquals(120, rows.get(0).repeats);
        assertTrue(rows.get(0).detail.length() <= AuditLog.MAX_DETAIL, "detail kept short: " + rows.get(0).detail.length());
    }

    @Test
    void manyKindsOfRefusalFromOneAddressAreCappedPerMinute() {
        String address = "203.0.113.78";
        for (int i = 0; i < 60; i++) {
            given().header("X-Forwarded-For", address).get("/preview/users/1/" + (9_100_000 + i) + "/index.m3u8")
                    .then().statusCode(403);
        }
        audit.flushRepeats();
        List<AuditEvent> rows = refusalsFrom(address);
        assertTrue(rows.size() <= 31, "at most the per-minute cap plus one summary row: " + rows.size());
        assertEquals(60, rows.stream().mapToInt(e -> e.repeats).sum(), "every refusal is still counted");
    }

    @Test
    void eventsOlderThanTheRetentionAreDeleted() {
        long old = QuarkusTransaction.requiringNew().call(() -> {
            AuditEvent e = new AuditEvent();
            e.at = Instant.now().minus(Duration.ofDays(400));
            e.action = "download";
            e.outcome = "allowed";
            e.persist();
            return e.id;
        });
        audit.deleteExpired();
        assertTrue(QuarkusTransaction.requiringNew().call(() -> AuditEvent.findById(old) == null));
    }
}
