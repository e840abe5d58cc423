package dev.streamvcr.notify;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;
import java.util.Map;

/** The notifications page, type-checked at build time (templates under {@code templates/notify/}). */
@CheckedTemplate(basePath = "notify")
public class NotifyTemplates {

    /** What was typed into the new-channel form, kept when it is refused. */
    public record ChannelForm(String kind, String target, List<String> events) {
        public static final ChannelForm EMPTY = new ChannelForm("email", "", List.of("started", "failed", "completed"));

        public boolean chose(String event) {
            return events.contains(event);
        }
    }

    public static native TemplateInstance notifications(Viewer viewer, List<NotificationService.ChannelView> channels,
            List<NotificationService.DeliveryView> deliveries, List<NoticeKind> kinds, ChannelForm form,
            Map<String, String> errors, String notice, String refusal);
}
