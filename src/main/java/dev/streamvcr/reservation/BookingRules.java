package dev.streamvcr.reservation;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.site.StreamAddress;
import dev.streamvcr.web.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** Validates a booking; every problem is reported against the field a person has to change. */
@ApplicationScoped
public class BookingRules {

    /** A booking that passed every rule; {@code now} when it starts at once ("Record now"). */
    public record ValidBooking(String title, String sourceUrl, Instant startAt, Instant endAt, String rtmpOptions,
            String hlsOptions, boolean now) {
    }

    @Inject
    StreamVcrConfig config;

    @Inject
    OutboundPolicy outbound;

    private OutboundPolicy pages;

    @jakarta.annotation.PostConstruct
    void pagePolicy() {
        pages = OutboundPolicy.of(dev.streamvcr.outbound.OutboundPurpose.PAGES, config);
    }

    public ValidBooking validate(BookingRequest request, Instant now) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String title = request.title() == null ? "" : request.title().strip();
        if (title.isEmpty()) {
            errors.add("title", "Give the recording a title.");
        } else if (title.length() > 200) {
            errors.add("title", "Keep the title under 200 characters.");
        }
        String sourceUrl = checkSource(request.sourceUrl(), errors);
        String rtmpOptions = errors.has("sourceUrl") ? "" : checkRtmpOptions(sourceUrl, request.rtmpOptions(), errors);
        String hlsOptions = errors.has("sourceUrl") ? "" : checkHlsOptions(sourceUrl, request.hlsOptions(), errors);
        ZoneId zone = zone(request.timeZone(), errors);
        boolean startsNow = request.startsNow();
        Instant start = startsNow ? now : parseTime("startAt", request.startAt(), zone, errors);
        Instant end = null;
        boolean hasEnd = request.endAt() != null && !request.endAt().isBlank();
        if (request.untilStopped() && !startsNow) {
            errors.add("untilStopped", "Only a recording that starts now can run until you stop it; give an end "
                    + "time or a duration instead.");
        } else if (request.untilStopped() && (hasEnd || request.durationSeconds() != null)) {
            errors.add("untilStopped", "Record until stopped takes no end time or duration; leave them empty.");
        } else if (request.untilStopped()) {
            end = start.plus(config.booking().maxDuration());
        } else if (startsNow && !hasEnd && request.durationSeconds() == null) {
            end = start.plus(config.booking().recordNowLength());
        } else if (hasEnd && request.durationSeconds() != null) {
            errors.add("endAt", "Give either an end time or a duration, not both.");
        } else if (hasEnd) {
            end = parseTime("endAt", request.endAt(), zone, errors);
        } else if (request.durationSeconds() == null) {
            errors.add("endAt", "Give an end time or a duration.");
        } else if (request.durationSeconds() <= 0) {
            errors.add("durationSeconds", "The duration must be positive.");
        } else if (start != null) {
            end = start.plusSeconds(Math.min(request.durationSeconds(), 10L * 365 * 86400));
        }
        if (start != null && start.isBefore(now.minus(config.booking().startGrace()))) {
            errors.add("startAt", "The start time is in the past.");
        }
        if (start != null && end != null) {
            String endField = request.untilStopped() || (startsNow && !hasEnd && request.durationSeconds() == null)
                    ? "startAt" : hasEnd ? "endAt" : "durationSeconds";
            Duration length = Duration.between(start, end);
            Duration max = config.booking().maxDuration();
            if (!end.isAfter(start)) {
                errors.add(endField, "The end must be after the start.");
            } else if (length.compareTo(max) > 0) {
                errors.add(endField, "A recording may last at most " + human(max) + "; this one would last "
                        + human(length) + ".");
            } else if (!end.isAfter(now)) {
                errors.add(endField, "The end time is in the past.");
            }
        }
        errors.throwIfAny();
        return new ValidBooking(title, sourceUrl, start, end, rtmpOptions, hlsOptions, startsNow);
    }

    /**
     * Checks an edit of an existing booking with the booking's rules: the changed title, source, start and end of a
     * booking that has not started (the start may also be "now"), or only the end of a running one ({@code running}),
     * which may lie in the past (the recording then stops now). Fields left null keep their values.
     */
    public ValidBooking validateEdit(Reservation current, EditRequest edit, boolean running, Instant now) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        if (running) {
            for (var other : new Object[][] {{"title", edit.title()}, {"sourceUrl", edit.sourceUrl()},
                    {"startAt", edit.startAt()}, {"rtmp", edit.rtmpOptions()}, {"hls", edit.hlsOptions()}}) {
                if (other[1] != null && !unchanged((String) other[0], other[1], current)) {
                    errors.add((String) other[0], "The recording is already running: only its end can be changed.");
                }
            }
            if (edit.durationSeconds() != null) {
                errors.add("durationSeconds", "The recording is already running: give its new end time instead.");
            }
            ZoneId zone = zone(edit.timeZone(), errors);
            Instant end = edit.endAt() == null ? current.endAt : parseTime("endAt", edit.endAt(), zone, errors);
            if (end != null && !end.isAfter(now)) {
                end = now; // an end that has passed stops the recording now
            } else if (end != null) {
                Duration max = config.booking().maxDuration();
                if (!end.isAfter(current.startAt)) {
                    errors.add("endAt", "The end must be after the start.");
                } else if (Duration.between(current.startAt, end).compareTo(max) > 0) {
                    errors.add("endAt", "A recording may last at most " + human(max) + "; this one would last "
                            + human(Duration.between(current.startAt, end)) + ".");
                }
            }
            errors.throwIfAny();
            return new ValidBooking(current.title, current.sourceUrl, current.startAt, end,
                    current.rtmpOptions == null ? "" : current.rtmpOptions,
                    current.hlsOptions == null ? "" : current.hlsOptions, false);
        }
        String zone = edit.timeZone();
        boolean keepEnd = edit.endAt() == null && edit.durationSeconds() == null;
        boolean startsNow = edit.startAt() != null && edit.startAt().strip().equalsIgnoreCase("now");
        String start = edit.startAt() == null ? current.startAt.toString() : edit.startAt();
        String endAt = keepEnd ? (startsNow ? null : current.endAt.toString()) : edit.endAt();
        Long duration = keepEnd ? (startsNow ? Duration.between(current.startAt, current.endAt).toSeconds() : null)
                : edit.durationSeconds();
        return validate(new BookingRequest(edit.title() == null ? current.title : edit.title(),
                edit.sourceUrl() == null ? current.sourceUrl : edit.sourceUrl(), start, endAt, duration, zone,
                edit.rtmpOptions() == null ? current.rtmpOptions : edit.rtmpOptions(),
                edit.hlsOptions() == null ? current.hlsOptions : edit.hlsOptions()), now);
    }

    private static boolean unchanged(String field, Object value, Reservation current) {
        String text = String.valueOf(value).strip();
        return switch (field) {
            case "title" -> text.equals(current.title);
            case "sourceUrl" -> text.equals(current.sourceUrl);
            case "startAt" -> {
                try {
                    yield OffsetDateTime.parse(text).toInstant().equals(current.startAt);
                } catch (DateTimeParseException e) {
                    yield false;
                }
            }
            case "rtmp" -> text.equals(current.rtmpOptions == null ? "" : current.rtmpOptions);
            case "hls" -> text.equals(current.hlsOptions == null ? "" : current.hlsOptions);
            default -> false;
        };
    }

    /**
     * A stream address (rtmp://, rtmps://, .m3u8) or the address of a page announcing the broadcast; either way its
     * host must pass the outbound policy. Returns the address as it will be kept.
     */
    private String checkSource(String raw, FieldErrors.Builder errors) {
        String url = raw == null ? "" : raw.strip();
        if (url.isEmpty()) {
            errors.add("sourceUrl", "Paste the address of the page that announces the broadcast, or of the stream "
                    + "itself (rtmp://, rtmps:// or an .m3u8 playlist).");
            return url;
        }
        StreamAddress address;
        try {
            address = StreamAddress.parse(url);
        } catch (IllegalArgumentException e) {
            errors.add("sourceUrl", e.getMessage());
            return url;
        }
        try {
            (address.isStream() ? outbound : pages).resolve(address.host());
        } catch (OutboundPolicy.Refused e) {
            errors.add("sourceUrl", e.getMessage());
        }
        return address.line();
    }

    /**
     * The Advanced section's options, checked on their own and, for an RTMP stream, together with the stream's own
     * options; a page may still resolve to an RTMP stream, so they are kept for it and checked again at the start.
     */
    private static String checkRtmpOptions(String sourceUrl, String raw, FieldErrors.Builder errors) {
        try {
            String options = RtmpSource.format(RtmpSource.parseOptions(raw));
            if (options.isEmpty()) {
                return options;
            }
            StreamAddress address = StreamAddress.parse(sourceUrl);
            if (address.kind() == StreamAddress.Kind.HLS) {
                errors.add("rtmp", "RTMP options apply to rtmp:// and rtmps:// streams (or pages that lead to one), "
                        + "not to an HLS playlist.");
            } else if (address.kind() == StreamAddress.Kind.RTMP) {
                RtmpSource.parse(address.line() + " " + options);
            }
            return options;
        } catch (IllegalArgumentException e) {
            errors.add("rtmp", e.getMessage());
            return "";
        }
    }

    /**
     * The Advanced section's HLS options: which variant, whether ads stay. They apply to an .m3u8 playlist or a page
     * (which may lead to one), not to an RTMP stream.
     */
    private static String checkHlsOptions(String sourceUrl, String raw, FieldErrors.Builder errors) {
        try {
            HlsOptions options = HlsOptions.parse(raw);
            if (!options.isEmpty() && StreamAddress.parse(sourceUrl).kind() == StreamAddress.Kind.RTMP) {
                errors.add("hls", "HLS options apply to .m3u8 playlists (or pages that lead to one), not to an "
                        + "rtmp:// stream.");
            }
            return options.format();
        } catch (IllegalArgumentException e) {
            errors.add("hls", e.getMessage());
            return "";
        }
    }

    /** The named IANA zone, the server's when none is named; a field error on {@code timeZone} for an unknown one. */
    static ZoneId zone(String timeZone, FieldErrors.Builder errors) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            errors.add("timeZone", "Unknown time zone '" + timeZone + "'.");
            return ZoneId.systemDefault();
        }
    }

    /** ISO-8601 with an offset, or a local date-time in {@code zone} (what a datetime-local input sends). */
    static Instant parseTime(String field, String raw, ZoneId zone, FieldErrors.Builder errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(field, "Give a " + (field.startsWith("start") ? "start" : "end") + " time.");
            return null;
        }
        String text = raw.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // fall through to the other accepted forms
        }
        try {
            return ZonedDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            LocalDateTime local = LocalDateTime.parse(text);
            if (zone.getRules().getValidOffsets(local).isEmpty()) {
                errors.add(field, "'" + text + "' does not exist in " + zone.getId()
                        + ": the clocks jump forward over it. Pick a time outside the change.");
                return null;
            }
            return local.atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(field, "'" + text + "' is not a date and time (expected e.g. 2026-05-01T20:00:00+02:00).");
            return null;
        }
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 120) {
            return minutes + " minutes";
        }
        return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
    }
}
