package dev.streamvcr.reservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamvcr.rtmp.client.RtmpSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * A series as the API and its page show it; {@code occurrences} (only for one series) lists the booked ones with
 * their states, then the next few not yet booked, in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesView(long id, String owner, String title, String sourceUrl, String repeat, List<String> weekdays,
        String startTime, long durationSeconds, String timeZone, LocalDate startDate, Integer count, LocalDate until,
        Instant endedAt, String problem, String summary, Instant createdAt, List<OccurrenceView> occurrences) {

    /**
     * One occurrence: {@code number} in the series (null for one that an edit took out of it), its local date and
     * window; {@code reservationId} and {@code state} once booked; {@code skippable} while it may still be skipped.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OccurrenceView(Integer number, LocalDate date, Instant startAt, Instant endAt, String local,
            Long reservationId, ReservationState state, String stateReason, boolean skippable) {

        /** The state as the page names it: "Scheduled", or "Not booked yet". */
        public String label() {
            return state == null ? "Not booked yet" : state.label();
        }

        /** The CSS classes the page marks the state with. */
        public String css() {
            return state == null ? "state state-unbooked" : state.css();
        }
    }

    public boolean ended() {
        return endedAt != null;
    }

    static SeriesView of(Series s, List<OccurrenceView> occurrences) {
        SeriesRule rule = s.rule();
        return new SeriesView(s.id, s.owner.username, s.title, RtmpSource.maskSecrets(s.sourceUrl),
                rule.daily() ? "daily" : "weekly", rule.daily() ? null : List.of(rule.dayCodes().split(",")),
                rule.time().toString(), s.durationSeconds, s.timeZone, s.firstDate, s.count, s.untilDate, s.endedAt,
                s.problem, summary(rule), s.createdAt, occurrences);
    }

    /** "Every Monday and Wednesday at 20:00 (Europe/Berlin) for 1 h 30 min, 10 times". */
    static String summary(SeriesRule rule) {
        List<String> names = rule.days().stream().sorted()
                .map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH)).toList();
        String days = rule.daily() ? "Every day" : "Every " + (names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1));
        String end = rule.count() != null ? ", " + rule.count() + (rule.count() == 1 ? " time" : " times")
                : rule.until() != null ? ", until " + rule.until() : ", until ended";
        return days + " at " + rule.time() + " (" + rule.zone().getId() + ") for "
                + BookingRules.human(rule.length()) + ", from " + rule.first() + end;
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** An occurrence's start as its series reads it: "Sun 29 Mar 2026, 20:00". */
    static String local(SeriesRule rule, Instant at) {
        return LOCAL.format(at.atZone(rule.zone()));
    }
}
