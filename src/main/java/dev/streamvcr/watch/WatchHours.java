package dev.streamvcr.watch;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/** Whether an instant lies within a watch's hours and days, read in the watch's time zone. */
final class WatchHours {

    private WatchHours() {
    }

    /**
     * True when {@code at} is on one of the days (none: every day) and within {@code from}–{@code until} (none: all
     * day). Hours that end before they start run over midnight ({@code 22:00}–{@code 02:00}); the day is the one
     * the clock shows.
     */
    static boolean contains(Instant at, LocalTime from, LocalTime until, String days, String zone) {
        ZonedDateTime local = at.atZone(ZoneId.of(zone));
        if (days != null && Arrays.stream(days.split(",")).map(DayOfWeek::valueOf)
                .noneMatch(day -> day == local.getDayOfWeek())) {
            return false;
        }
        if (from == null || until == null) {
            return true;
        }
        LocalTime time = local.toLocalTime();
        return from.isBefore(until) ? !time.isBefore(from) && time.isBefore(until)
                : !time.isBefore(from) || time.isBefore(until);
    }
}
