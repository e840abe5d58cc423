package dev.streamvcr.reservation;

import dev.streamvcr.web.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a series: its repetition here, and what each occurrence books with the booking's own rules
 * ({@link BookingRules}: title, source, options, length), so a series is refused for what a single booking would be.
 */
@ApplicationScoped
public class SeriesRules {

    /** A series that passed every rule; {@code next} is its first occurrence after now, checked as a booking. */
    public record ValidSeries(String title, String sourceUrl, String rtmpOptions, String hlsOptions, SeriesRule rule,
            SeriesRule.Occurrence next) {
    }

    @Inject
    BookingRules bookings;

    /** Checks a new series ({@code current} null) or an edit of {@code current}, whose empty fields keep its values. */
    public ValidSeries validate(SeriesRequest request, Series current, Instant now) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        ZoneId zone = BookingRules.zone(request.timeZone() != null ? request.timeZone()
                : current == null ? null : current.timeZone, errors);
        // weekdays given alone make a series weekly
        String repeat = request.repeat() != null ? request.repeat().strip().toLowerCase(Locale.ROOT)
                : current == null || request.weekdays() != null ? "weekly" : current.rule().daily() ? "daily" : "weekly";
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        if (!repeat.equals("daily") && !repeat.equals("weekly")) {
            errors.add("repeat", "Repeat is daily or weekly, not '" + request.repeat() + "'.");
        } else if (repeat.equals("weekly")) {
            try {
                days = request.weekdays() != null ? SeriesRule.parseDays(request.weekdays())
                        : current == null ? EnumSet.noneOf(DayOfWeek.class) : current.rule().days();
                if (days.isEmpty()) {
                    errors.add("weekdays", "Choose at least one weekday for a weekly series.");
                }
            } catch (IllegalArgumentException e) {
                errors.add("weekdays", e.getMessage());
            }
        }
        LocalDate first = request.startDate() == null || request.startDate().isBlank()
                ? current == null ? LocalDate.ofInstant(now, zone) : current.firstDate
                : date("startDate", request.startDate(), errors);
        LocalTime start = request.startTime() == null && current != null ? current.startTime
                : time("startTime", request.startTime(), "Give the time of day it starts, e.g. 20:00.", errors);
        Duration length = length(request, current, start, errors);
        Integer count = request.count() != null ? request.count()
                : current == null || request.until() != null ? null : current.count;
        if (count != null && (count < 1 || count > SeriesRule.MAX_COUNT)) {
            errors.add("count", "A series records 1 to " + SeriesRule.MAX_COUNT + " times; for more, give an end "
                    + "date instead, or leave both empty to repeat until you end it.");
        }
        LocalDate until = request.until() != null ? (request.until().isBlank() ? null
                : date("until", request.until(), errors))
                : current == null || request.count() != null ? null : current.untilDate;
        if (count != null && until != null) {
            errors.add("until", "Give either a number of times or an end date, not both.");
        } else if (until != null && first != null && until.isBefore(first)) {
            errors.add("until", "The end date " + until + " is before the start date " + first + ".");
        }
        errors.throwIfAny();
        SeriesRule rule = new SeriesRule(days, start, length, zone, first, count, until);
        Optional<SeriesRule.Occurrence> next = next(rule, now);
        if (next.isEmpty()) {
            throw FieldErrors.of(until != null ? "until" : count != null ? "count" : "startDate",
                    "This series would have no occurrence after now; "
                            + (current == null ? "start it later or let it run longer." : "to stop it, end it."));
        }
        String lengthField = request.endTime() != null || (current != null && request.durationSeconds() == null)
                ? "endTime" : "durationSeconds";
        BookingRules.ValidBooking booking;
        try {
            booking = bookings.validate(new BookingRequest(
                    request.title() != null ? request.title() : current == null ? null : current.title,
                    request.sourceUrl() != null ? request.sourceUrl() : current == null ? null : current.sourceUrl,
                    next.get().startAt().toString(), null, length.toSeconds(), null,
                    request.rtmpOptions() != null ? request.rtmpOptions() : current == null ? null : current.rtmpOptions,
                    request.hlsOptions() != null ? request.hlsOptions() : current == null ? null : current.hlsOptions),
                    now);
        } catch (FieldErrors e) {
            FieldErrors.Builder renamed = new FieldErrors.Builder();
            e.fields().forEach((field, message) -> renamed.add(field.equals("durationSeconds") ? lengthField : field,
                    message));
            renamed.throwIfAny();
            throw e;
        }
        return new ValidSeries(booking.title(), booking.sourceUrl(), booking.rtmpOptions(), booking.hlsOptions(), rule,
                next.get());
    }

    /** The first occurrence that starts after {@code now}. */
    static Optional<SeriesRule.Occurrence> next(SeriesRule rule, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, rule.zone());
        LocalDate from = rule.first().isAfter(today) ? rule.first() : today;
        // a series has at least one occurrence a week from its first day; count and until bound it
        for (LocalDate last = from.plusDays(8); ; last = last.plusYears(1)) {
            List<SeriesRule.Occurrence> upTo = rule.occurrences(last, Integer.MAX_VALUE);
            Optional<SeriesRule.Occurrence> found = upTo.stream().filter(o -> o.startAt().isAfter(now)).findFirst();
            boolean exhausted = (rule.count() != null && upTo.size() >= rule.count())
                    || (rule.until() != null && !last.isBefore(rule.until()));
            if (found.isPresent() || exhausted || last.isAfter(from.plusYears(2))) {
                return found;
            }
        }
    }

    private static Duration length(SeriesRequest request, Series current, LocalTime start, FieldErrors.Builder errors) {
        boolean hasEnd = request.endTime() != null && !request.endTime().isBlank();
        if (hasEnd && request.durationSeconds() != null) {
            errors.add("endTime", "Give either an end time or a duration, not both.");
        } else if (hasEnd) {
            LocalTime end = time("endTime", request.endTime(), null, errors);
            if (end != null && start != null) {
                if (end.equals(start)) {
                    errors.add("endTime", "The end time must differ from the start time.");
                } else {
                    Duration length = Duration.between(start, end);
                    return length.isNegative() ? length.plusDays(1) : length; // an end before the start is the next day
                }
            }
        } else if (request.durationSeconds() != null) {
            if (request.durationSeconds() <= 0) {
                errors.add("durationSeconds", "The duration must be positive.");
            } else {
                return Duration.ofSeconds(Math.min(request.durationSeconds(), 10L * 365 * 86400));
            }
        } else if (current != null) {
            return Duration.ofSeconds(current.durationSeconds);
        } else {
            errors.add("endTime", "Give the time of day it ends, or a duration.");
        }
        return Duration.ofHours(1);
    }

    private static LocalDate date(String field, String raw, FieldErrors.Builder errors) {
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(field, "'" + raw + "' is not a date (expected e.g. 2026-12-07).");
            return null;
        }
    }

    private static LocalTime time(String field, String raw, String missing, FieldErrors.Builder errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(field, missing);
            return null;
        }
        try {
            return LocalTime.parse(raw.strip()).withSecond(0).withNano(0);
        } catch (DateTimeParseException e) {
            errors.add(field, "'" + raw + "' is not a time of day (expected e.g. 20:00).");
            return null;
        }
    }

}
