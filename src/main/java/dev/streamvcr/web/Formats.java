package dev.streamvcr.web;

import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How pages show numbers and times. */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    /** An instant as {@link Instant#toString()} writes it into a message: {@code 2026-12-04T13:01:20Z}. */
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");

    private Formats() {
    }

    /** 1536 → "1.5 KB" (decimal units, as file managers on phones show them). */
    public static String humanBytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    /** 3723.4 → "1:02:03". */
    public static String clock(double seconds) {
        long s = (long) seconds;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    /** 2_500_000 → "2.50 Mbit/s". */
    public static String humanBitrate(long bitsPerSecond) {
        if (bitsPerSecond >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f Mbit/s", bitsPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%d kbit/s", bitsPerSecond / 1000);
    }

    public static String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** The server's rendering of a time; the page script replaces it with the browser's local time. */
    public static String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant.atZone(ZoneOffset.UTC));
    }

    /**
     * A message for a page, escaped, with each instant in it ({@code 2026-12-04T13:01:20Z}) shown like the page's
     * other times: a {@code <time>} the page script turns into the browser's local time.
     */
    public static RawString withTimes(String text) {
        if (text == null) {
            return new RawString("");
        }
        StringBuilder html = new StringBuilder();
        Matcher m = INSTANT.matcher(text);
        int from = 0;
        while (m.find()) {
            html.append(escape(text.substring(from, m.start())));
            try {
                Instant at = Instant.parse(m.group());
                html.append("<time datetime=\"").append(at).append("\">").append(utc(at)).append("</time>");
            } catch (DateTimeParseException e) {
                html.append(escape(m.group())); // looks like an instant but is none (a 25th hour): left as written
            }
            from = m.end();
        }
        return new RawString(html.append(escape(text.substring(from))).toString());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
