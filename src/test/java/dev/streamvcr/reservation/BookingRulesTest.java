package dev.streamvcr.reservation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.web.FieldErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BookingRulesTest {

    @Test
    void timesWithOffsetZoneOrLocalInTheBrowsersZone() {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        assertEquals(Instant.parse("2026-05-01T11:00:00Z"),
                BookingRules.parseTime("startAt", "2026-05-01T20:00:00+09:00", tokyo, errors));
        assertEquals(Instant.parse("2026-05-01T11:00:00Z"),
                BookingRules.parseTime("startAt", "2026-05-01T20:00", tokyo, errors));
        assertEquals(Instant.parse("2026-05-01T18:00:00Z"),
                BookingRules.parseTime("startAt", "2026-05-01T20:00:00+02:00[Europe/Berlin]", tokyo, errors));
        assertEquals(Instant.parse("2026-05-01T20:00:00Z"),
                BookingRules.parseTime("startAt", "2026-05-01T20:00:00Z", tokyo, errors));
        errors.throwIfAny();
    }

    @Test
    void unreadableTimeIsReportedAgainstItsField() {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        assertNull(BookingRules.parseTime("endAt", "next friday", ZoneId.of("UTC"), errors));
        assertTrue(errors.has("endAt"));
    }

    @Test
    void aLocalTimeSkippedByDaylightSavingIsRefused() {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        assertNull(BookingRules.parseTime("startAt", "2026-03-29T02:30", ZoneId.of("Europe/Berlin"), errors));
        assertTrue(errors.has("startAt"));
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertEquals("90 minutes", BookingRules.human(Duration.ofMinutes(90)));
        assertEquals("24 h", BookingRules.human(Duration.ofHours(24)));
        assertEquals("25 h 30 min", BookingRules.human(Duration.ofMinutes(25 * 60 + 30)));
    }
}
