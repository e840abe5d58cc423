package dev.streamvcr.reservation;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The series pages, type-checked at build time (templates under {@code templates/series/}). */
@CheckedTemplate(basePath = "series")
public class SeriesTemplates {

    /** What a person typed into the series form, kept when it has to be shown again with errors. */
    public record SeriesForm(String title, String sourceUrl, String repeat, List<String> weekdays, String startDate,
            String startTime, String endTime, String count, String until, String timeZone) {

        /** A weekday checkbox: its code, its name, whether it is ticked. */
        public record Day(String code, String name, boolean checked) {
        }

        public List<Day> days() {
            return Arrays.stream(DayOfWeek.values()).map(d -> new Day(d.name().substring(0, 3),
                    d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                    weekdays != null && weekdays.contains(d.name().substring(0, 3)))).toList();
        }

        public boolean daily() {
            return "daily".equals(repeat);
        }

        public static SeriesForm empty() {
            return new SeriesForm("", "", "weekly", List.of(), "", "", "", "", "", ZoneId.systemDefault().getId());
        }

        static SeriesForm of(SeriesView s) {
            String end = java.time.LocalTime.parse(s.startTime()).plusSeconds(s.durationSeconds()).toString();
            return new SeriesForm(s.title(), s.sourceUrl(), s.repeat(), s.weekdays() == null ? List.of() : s.weekdays(),
                    s.startDate().toString(), s.startTime(), end, s.count() == null ? "" : s.count().toString(),
                    s.until() == null ? "" : s.until().toString(), s.timeZone());
        }
    }

    public static native TemplateInstance seriesList(Viewer viewer, List<SeriesView> series, String horizon);

    /** The form of a new series ({@code series} null) or of an edit of {@code series}. */
    public static native TemplateInstance seriesForm(Viewer viewer, SeriesView series, SeriesForm form,
            Map<String, String> errors);

    public static native TemplateInstance seriesDetail(Viewer viewer, SeriesView series, String notice, String error,
            String horizon);

    public static native TemplateInstance confirmEnd(Viewer viewer, SeriesView series);

    public static native TemplateInstance confirmSkip(Viewer viewer, SeriesView series,
            SeriesView.OccurrenceView occurrence);
}
