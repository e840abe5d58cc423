package dev.streamvcr.watch;

import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.web.FieldErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks a channel watch; every problem is reported against the field a person has to change. */
final class WatchRules {

    /** A watch that passed every rule; {@code days} is null for every day, the times null for all day. */
    record ValidWatch(String title, String pageUrl, int intervalMinutes, long maxLengthSeconds, LocalTime fromTime,
            LocalTime untilTime, String days, ZoneId zone) {
    }

    private final OutboundPolicy pages;
    private final Duration maxLength;

    /** {@code pages}: the policy page fetches pass; {@code maxLength}: the longest a booking may last. */
    WatchRules(OutboundPolicy pages, Duration maxLength) {
        this.pages = pages;
        this.maxLength = maxLength;
    }

    ValidWatch validate(WatchRequest request) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String title = request.title() == null ? "" : request.title().strip();
        if (title.isEmpty()) {
            errors.add("title", "Give the watch a title; its recordings are named after it.");
        } else if (title.length() > 180) {
            errors.add("title", "Keep the title under 180 characters.");
        }
        String page = checkPage(request.pageUrl(), errors);
        Integer interval = request.intervalMinutes();
        if (interval == null) {
            errors.add("intervalMinutes", "Say how many minutes apart the page is checked (1 or more).");
        } else if (interval < 1) {
            errors.add("intervalMinutes", "A page is checked at most once a minute: give 1 or more minutes.");
        } else if (interval > 1440) {
            errors.add("intervalMinutes", "Check the page at least once a day: give at most 1440 minutes.");
        }
        long maxSeconds = maxLength.toSeconds();
        if (request.maxLengthMinutes() != null) {
            if (request.maxLengthMinutes() < 1) {
                errors.add("maxLengthMinutes", "The longest recording must last at least 1 minute.");
            } else if (request.maxLengthMinutes() * 60L > maxSeconds) {
                errors.add("maxLengthMinutes", "A recording may last at most " + maxLength.toMinutes() + " minutes.");
            } else {
                maxSeconds = request.maxLengthMinutes() * 60L;
            }
        }
        LocalTime from = time("fromTime", request.fromTime(), errors);
        LocalTime until = time("untilTime", request.untilTime(), errors);
        if ((from == null) != (until == null) && !errors.has("fromTime") && !errors.has("untilTime")) {
            errors.add(from == null ? "fromTime" : "untilTime", "Give both the time checks start and the time they "
                    + "end each day, or neither to check all day.");
        } else if (from != null && from.equals(until)) {
            errors.add("untilTime", "The hours must not start and end at the same time; leave both empty to check "
                    + "all day.");
        }
        String days = days(request.days(), errors);
        ZoneId zone = ZoneId.systemDefault();
        if (request.timeZone() != null && !request.timeZone().isBlank()) {
            try {
                zone = ZoneId.of(request.timeZone().strip());
            } catch (DateTimeException e) {
                errors.add("timeZone", "Unknown time zone '" + request.timeZone() + "'.");
            }
        }
        errors.throwIfAny();
        return new ValidWatch(title, page, interval, maxSeconds, from, until, days, zone);
    }

    private String checkPage(String raw, FieldErrors.Builder errors) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            errors.add("pageUrl", "Paste the address of the channel's page (http:// or https://).");
            return text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add("pageUrl", "'" + text + "' is not a web address.");
            return text;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add("pageUrl", "A watch checks a web page: give an http:// or https:// address (to record a "
                    + "stream address, book it as a reservation).");
            return text;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            errors.add("pageUrl", "'" + text + "' names no host.");
            return text;
        }
        try {
            pages.resolve(uri.getHost());
        } catch (OutboundPolicy.Refused e) {
            errors.add("pageUrl", e.getMessage());
        }
        return text;
    }

    private static LocalTime time(String field, String raw, FieldErrors.Builder errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(field, "'" + raw.strip() + "' is not a time of day (expected e.g. 18:30).");
            return null;
        }
    }

    private static String days(List<String> raw, FieldErrors.Builder errors) {
        if (raw == null) {
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : raw) {
            try {
                days.add(DayOfWeek.valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add("days", "'" + name + "' is not a weekday (expected e.g. MONDAY).");
                return null;
            }
        }
        if (days.isEmpty()) {
            errors.add("days", "Pick at least one day, or leave days out to check every day.");
            return null;
        }
        return days.size() == 7 ? null : days.stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
