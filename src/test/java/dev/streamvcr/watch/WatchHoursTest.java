package dev.streamvcr.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class WatchHoursTest {

    private static final LocalTime SIX_PM = LocalTime.of(18, 0);
    private static final LocalTime TEN_PM = LocalTime.of(22, 0);
    private static final LocalTime TWO_AM = LocalTime.of(2, 0);

    @Test
    void withoutHoursOrDaysEveryInstantCounts() {
        assertTrue(WatchHours.contains(Instant.parse("2026-03-29T01:30:00Z"), null, null, null, "Europe/Berlin"));
    }

    @Test
    void hoursIncludeTheirStartAndExcludeTheirEndInTheWatchesZone() {
        // 17:00Z is 18:00 in Berlin in winter (UTC+1)
        assertTrue(WatchHours.contains(Instant.parse("2026-01-05T17:00:00Z"), SIX_PM, TEN_PM, null, "Europe/Berlin"));
        assertFalse(WatchHours.contains(Instant.parse("2026-01-05T16:59:59Z"), SIX_PM, TEN_PM, null, "Europe/Berlin"));
        assertFalse(WatchHours.contains(Instant.parse("2026-01-05T21:00:00Z"), SIX_PM, TEN_PM, null, "Europe/Berlin"));
        // in summer (UTC+2) 18:00 local is 16:00Z
        assertTrue(WatchHours.contains(Instant.parse("2026-07-06T16:00:00Z"), SIX_PM, TEN_PM, null, "Europe/Berlin"));
    }

    @Test
    void hoursEndingBeforeTheyStartRunOverMidnight() {
        assertTrue(WatchHours.contains(Instant.parse("2026-01-05T23:30:00Z"), TEN_PM, TWO_AM, null, "UTC"));
        assertTrue(WatchHours.contains(Instant.parse("2026-01-06T01:59:00Z"), TEN_PM, TWO_AM, null, "UTC"));
        assertFalse(WatchHours.contains(Instant.parse("2026-01-06T02:00:00Z"), TEN_PM, TWO_AM, null, "UTC"));
        assertFalse(WatchHours.contains(Instant.parse("2026-01-06T12:00:00Z"), TEN_PM, TWO_AM, null, "UTC"));
    }

    @Test
    void onlyTheChosenDaysCountAsTheClockShowsThem() {
        // 2026-01-05 is a Monday; 23:30Z on Sunday the 4th is already Monday in Tokyo
        assertTrue(WatchHours.contains(Instant.parse("2026-01-05T12:00:00Z"), null, null, "MONDAY,FRIDAY", "UTC"));
        assertFalse(WatchHours.contains(Instant.parse("2026-01-06T12:00:00Z"), null, null, "MONDAY,FRIDAY", "UTC"));
        assertTrue(WatchHours.contains(Instant.parse("2026-01-04T23:30:00Z"), null, null, "MONDAY", "Asia/Tokyo"));
        assertFalse(WatchHours.contains(Instant.parse("2026-01-04T23:30:00Z"), null, null, "MONDAY", "UTC"));
    }
}
