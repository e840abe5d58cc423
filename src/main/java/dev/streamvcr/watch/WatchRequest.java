package dev.streamvcr.watch;

import java.util.List;

/**
 * A channel watch as submitted, before validation.
 *
 * @param intervalMinutes  minutes between two checks of the page, at least 1
 * @param maxLengthMinutes longest recording a live broadcast gets; null: the maximum a booking may last
 * @param fromTime         start of the daily hours checked ({@code 18:00}), with {@code untilTime}; null: all day
 * @param days             weekdays checked ({@code MONDAY}); null: every day
 * @param timeZone         the zone of the hours and days; null: the server's
 */
public record WatchRequest(String title, String pageUrl, Integer intervalMinutes, Integer maxLengthMinutes,
        String fromTime, String untilTime, List<String> days, String timeZone) {
}
