package dev.streamvcr.reservation;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.rtmp.client.RtmpSource;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The reservation pages, type-checked at build time (templates under {@code templates/reservation/}). */
@CheckedTemplate(basePath = "reservation")
public class ReservationTemplates {

    /** What a person typed into the booking form, kept when it has to be shown again with errors. */
    public record BookingForm(String title, String sourceUrl, String startAt, String endAt, String durationMinutes,
            String timeZone, String rtmpOptions, String hlsOptions) {
        /** The options the Advanced section offers, with what each does. */
        public List<RtmpSource.OptionHelp> rtmpHelp() {
            return RtmpSource.SUPPORTED_OPTIONS;
        }

        /** The HLS options the Advanced section offers, with what each does. */
        public Map<String, String> hlsHelp() {
            return new java.util.TreeMap<>(HlsOptions.HELP);
        }

        /** An empty form whose times are read in the server's zone unless the browser's script names its own. */
        public static BookingForm empty() {
            return new BookingForm("", "", "", "", "", ZoneId.systemDefault().getId(), "", "");
        }
    }

    /**
     * One page of the list with its filter form as typed; {@code nextHref} null on the last page; {@code errors} the
     * filter's refused fields (the list is then empty).
     */
    public static native TemplateInstance reservations(Viewer viewer, List<ReservationView> reservations,
            dev.streamvcr.web.ListQuery.Typed typed, List<dev.streamvcr.web.ListQuery.Option> states, boolean filtered,
            String nextHref, Map<String, String> errors, long recordNowMinutes,
            String maxDuration);

    public static native TemplateInstance reservationNew(Viewer viewer, BookingForm form, Map<String, String> errors,
            ResolutionView resolution);

    public static native TemplateInstance reservationDetail(Viewer viewer, ReservationView reservation, String notice);

    /** The edit form of a booking ({@code form} as typed, times local in its zone); only the end while it records. */
    public static native TemplateInstance reservationEdit(Viewer viewer, ReservationView reservation, BookingForm form,
            Map<String, String> errors);

    public static native TemplateInstance confirmCancel(Viewer viewer, ReservationView reservation);
}
