package dev.streamvcr.watch;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The channel watch pages, type-checked at build time (templates under {@code templates/watch/}). */
@CheckedTemplate(basePath = "watch")
public class WatchTemplates {

    /** What was typed into the new-watch form, shown again with errors. */
    public record Form(String title, String pageUrl, String intervalMinutes, String maxLengthMinutes, String fromTime,
            String untilTime, List<String> days, String timeZone) {
        public static Form empty() {
            return new Form("", "", "5", "", "", "", List.of(), ZoneId.systemDefault().getId());
        }

        public boolean has(String day) {
            return days.contains(day);
        }
    }

    /** The weekdays the form offers, as the API names them, with their short labels. */
    public record Day(String name, String label) {
    }

    public static final List<Day> DAYS = java.util.Arrays.stream(java.time.DayOfWeek.values())
            .map(d -> new Day(d.name(), d.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)))
            .toList();

    public static native TemplateInstance watches(Viewer viewer, List<WatchView> watches, Form form, List<Day> days,
            Map<String, String> errors, String notice);

    public static native TemplateInstance confirmDelete(Viewer viewer, WatchView watch);
}
