package dev.streamvcr.web;

import dev.streamvcr.access.AuditEvent;
import dev.streamvcr.account.UserApi;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.recording.RecordingView;
import dev.streamvcr.reservation.ReservationView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;
import java.util.Map;

/** Every HTML page, type-checked at build time: a typo in a template is a build error. */
@CheckedTemplate
public class Pages {

    /** What a person typed into the booking form, kept when it has to be shown again with errors. */
    public record BookingForm(String title, String sourceUrl, String startAt, String endAt, String durationMinutes,
            String timeZone, String rtmpOptions) {
        /** The options the Advanced section offers, with what each does. */
        public List<dev.streamvcr.rtmp.client.RtmpSource.OptionHelp> rtmpHelp() {
            return dev.streamvcr.rtmp.client.RtmpSource.SUPPORTED_OPTIONS;
        }

        /** An empty form whose times are read in the server's zone unless the browser's script names its own. */
        public static BookingForm empty() {
            return new BookingForm("", "", "", "", "", java.time.ZoneId.systemDefault().getId(), "");
        }
    }

    /** What an admin typed into the new-account form (never the password). */
    public record AccountForm(String username, String role) {
        public static final AccountForm EMPTY = new AccountForm("", "user");
    }

    public static native TemplateInstance login(String next, String username, String error);

    public static native TemplateInstance reservations(Viewer viewer, List<ReservationView> reservations);

    public static native TemplateInstance reservationNew(Viewer viewer, BookingForm form, Map<String, String> errors,
            dev.streamvcr.reservation.ResolutionView resolution);

    public static native TemplateInstance reservationDetail(Viewer viewer, ReservationView reservation, String notice);

    public static native TemplateInstance recordings(Viewer viewer, List<RecordingView> recordings);

    public static native TemplateInstance adminUsers(Viewer viewer, List<UserApi.UserView> users, AccountForm form,
            Map<String, String> errors, String notice);

    public static native TemplateInstance audit(Viewer viewer, List<AuditEvent> events, String recording, String user);

    public static native TemplateInstance preview(Viewer viewer, RecordingView recording, String playlistUrl);

    public static native TemplateInstance error(int status, String message);
}
