package dev.streamvcr.reservation;

import java.util.List;

/**
 * A series as submitted, before validation; in an edit, null fields keep their values.
 *
 * @param repeat     {@code daily} or {@code weekly}
 * @param weekdays   for weekly: {@code MON} … {@code SUN}
 * @param startDate  the first day it may record (local, {@code 2026-12-07}); today when empty in a new series
 * @param startTime  local time of day, {@code 20:00}
 * @param endTime    local time of day it ends ({@code 21:30}; at or before the start means the next day), or null
 *                   when {@code durationSeconds} is given
 * @param count      how many times, or null
 * @param until      the last day it may record (inclusive), or null; with neither, it repeats until ended
 * @param timeZone   the owner's time zone its times are read in; the server's when empty
 */
public record SeriesRequest(String title, String sourceUrl, String repeat, List<String> weekdays, String startDate,
        String startTime, String endTime, Long durationSeconds, Integer count, String until, String timeZone,
        String rtmpOptions, String hlsOptions) {
}
