package dev.streamvcr.reservation;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a series records: on {@code days} (all seven for "daily") at the local {@code time} in {@code zone}, for
 * {@code length}, from {@code first} on, {@code count} times or until {@code until} (inclusive), or until ended when
 * both are null. The local time is kept across daylight-saving changes (20:00 stays 20:00, so the instants are 23
 * or 25 hours apart that night); a local time that a change skips (02:30 on the night the clocks go forward) is
 * moved forward by the gap, and one that occurs twice takes the earlier.
 */
public record SeriesRule(Set<DayOfWeek> days, LocalTime time, Duration length, ZoneId zone, LocalDate first,
        Integer count, LocalDate until) {

    /** The largest count a series may have: a year of daily recordings, and then some. */
    public static final int MAX_COUNT = 500;

    /** One occurrence: its number in the series (from 1), its local date, and its window. */
    public record Occurrence(int number, LocalDate date, Instant startAt, Instant endAt) {
    }

    public SeriesRule {
        days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    /** Whether it records every day. */
    public boolean daily() {
        return days.size() == 7;
    }

    /** The start of the occurrence on {@code date}, whether or not the rule has one that day. */
    public Instant startOn(LocalDate date) {
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    /**
     * The occurrences in order from the first, up to and including {@code lastDate}, at most {@code limit} of them.
     * Skipped occurrences are still occurrences here (they count towards {@code count}).
     */
    public List<Occurrence> occurrences(LocalDate lastDate, int limit) {
        List<Occurrence> found = new ArrayList<>();
        if (days.isEmpty()) {
            return found;
        }
        LocalDate last = until == null || until.isAfter(lastDate) ? lastDate : until;
        int number = 0;
        for (LocalDate date = first; !date.isAfter(last) && found.size() < limit; date = date.plusDays(1)) {
            if (!days.contains(date.getDayOfWeek())) {
                continue;
            }
            number++;
            if (count != null && number > count) {
                break;
            }
            Instant start = startOn(date);
            found.add(new Occurrence(number, date, start, start.plus(length)));
        }
        return found;
    }

    /** The occurrence on {@code date}, if the rule has one. */
    public java.util.Optional<Occurrence> on(LocalDate date) {
        if (date.isBefore(first)) {
            return java.util.Optional.empty();
        }
        List<Occurrence> upTo = occurrences(date, Integer.MAX_VALUE);
        return upTo.isEmpty() || !upTo.get(upTo.size() - 1).date().equals(date) ? java.util.Optional.empty()
                : java.util.Optional.of(upTo.get(upTo.size() - 1));
    }

    /** The days as stored and as the API writes them: {@code MON,WED,FRI}. */
    public String dayCodes() {
        return codes(days);
    }

    static String codes(Set<DayOfWeek> days) {
        return days.stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","));
    }

    /** Reads {@code MON,WED}; a code that is no weekday is an {@link IllegalArgumentException} naming it. */
    static Set<DayOfWeek> parseDays(List<String> codes) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String raw : codes) {
            String code = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            DayOfWeek day = java.util.Arrays.stream(DayOfWeek.values())
                    .filter(d -> d.name().startsWith(code) && code.length() >= 3).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + raw + "' is not a weekday; use MON, TUE, "
                            + "WED, THU, FRI, SAT or SUN."));
            days.add(day);
        }
        return days;
    }
}
