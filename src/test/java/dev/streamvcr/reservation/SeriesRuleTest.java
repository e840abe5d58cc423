package dev.streamvcr.reservation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The occurrences of a series, across daylight-saving changes. */
class SeriesRuleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final EnumSet<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

    @Test
    void aDailySeriesKeepsItsLocalTimeWhenTheClocksGoForwardInMarch() {
        // Clocks go forward on Sunday 29 March 2026, 02:00 → 03:00: 20:00 is 19:00 UTC before and 18:00 UTC after.
        SeriesRule rule = new SeriesRule(EVERY_DAY, LocalTime.of(20, 0), Duration.ofHours(1), BERLIN,
                LocalDate.of(2026, 3, 28), 3, null);
        List<SeriesRule.Occurrence> occurrences = rule.occurrences(LocalDate.of(2026, 12, 31), 100);
        assertEquals(List.of(Instant.parse("2026-03-28T19:00:00Z"), Instant.parse("2026-03-29T18:00:00Z"),
                Instant.parse("2026-03-30T18:00:00Z")), occurrences.stream().map(SeriesRule.Occurrence::startAt).toList());
        assertEquals(Duration.ofHours(23), Duration.between(occurrences.get(0).startAt(), occurrences.get(1).startAt()));
        assertEquals(Instant.parse("2026-03-29T19:00:00Z"), occurrences.get(1).endAt(), "an hour long, whatever the day");
        assertEquals(List.of(1, 2, 3), occurrences.stream().map(SeriesRule.Occurrence::number).toList());
    }

    @Test
    void aWeeklySeriesKeepsItsLocalTimeWhenTheClocksGoBackInOctober() {
        // Clocks go back on Sunday 25 October 2026, 03:00 → 02:00: Sundays at 20:00 are 18:00 UTC, then 19:00 UTC.
        SeriesRule rule = new SeriesRule(EnumSet.of(DayOfWeek.SUNDAY), LocalTime.of(20, 0), Duration.ofMinutes(90),
                BERLIN, LocalDate.of(2026, 10, 12), null, LocalDate.of(2026, 11, 1));
        List<SeriesRule.Occurrence> occurrences = rule.occurrences(LocalDate.of(2027, 1, 1), 100);
        assertEquals(List.of(LocalDate.of(2026, 10, 18), LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 1)),
                occurrences.stream().map(SeriesRule.Occurrence::date).toList(), "until is inclusive");
        assertEquals(List.of(Instant.parse("2026-10-18T18:00:00Z"), Instant.parse("2026-10-25T19:00:00Z"),
                Instant.parse("2026-11-01T19:00:00Z")), occurrences.stream().map(SeriesRule.Occurrence::startAt).toList());
        for (SeriesRule.Occurrence occurrence : occurrences) {
            assertEquals(LocalTime.of(20, 0), occurrence.startAt().atZone(BERLIN).toLocalTime());
        }
    }

    @Test
    void aLocalTimeTheClocksSkipMovesForwardByTheGap() {
        SeriesRule rule = new SeriesRule(EVERY_DAY, LocalTime.of(2, 30), Duration.ofHours(1), BERLIN,
                LocalDate.of(2026, 3, 29), 1, null);
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), rule.occurrences(LocalDate.of(2026, 4, 1), 10).get(0).startAt(),
                "02:30 does not exist that night: it is 03:30 CEST");
    }

    @Test
    void aCountCountsOnlyTheChosenWeekdaysAndAHorizonOrLimitStopsEarlier() {
        SeriesRule rule = new SeriesRule(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), LocalTime.of(9, 15),
                Duration.ofMinutes(30), ZoneId.of("UTC"), LocalDate.of(2026, 12, 1), 4, null);
        assertEquals(List.of(LocalDate.of(2026, 12, 2), LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 9),
                LocalDate.of(2026, 12, 14)), rule.occurrences(LocalDate.of(2027, 12, 31), 100).stream()
                        .map(SeriesRule.Occurrence::date).toList());
        assertEquals(2, rule.occurrences(LocalDate.of(2026, 12, 8), 100).size());
        assertEquals(1, rule.occurrences(LocalDate.of(2027, 12, 31), 1).size());
        assertEquals(3, rule.on(LocalDate.of(2026, 12, 9)).orElseThrow().number());
        assertTrue(rule.on(LocalDate.of(2026, 12, 8)).isEmpty(), "a Tuesday");
        assertTrue(rule.on(LocalDate.of(2026, 12, 16)).isEmpty(), "after the fourth");
    }

    @Test
    void weekdaysAreReadFromTheirCodesAndAnUnknownOneIsNamed() {
        assertEquals("MON,FRI,SUN", SeriesRule.codes(SeriesRule.parseDays(List.of("sun", "FRIDAY", " mon "))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeriesRule.parseDays(List.of("MON", "XYZ")));
        assertTrue(e.getMessage().contains("'XYZ' is not a weekday"), e.getMessage());
    }
}
