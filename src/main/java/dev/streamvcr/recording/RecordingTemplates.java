package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The recordings pages, type-checked at build time (templates under {@code templates/recording/}). */
@CheckedTemplate(basePath = "recording")
public class RecordingTemplates {

    /** Where the recording's MP4 stands: there, being made ({@code percent}), or neither. */
    public record Mp4(boolean ready, Integer percent) {
    }

    /** One page with its filter form as typed; {@code nextHref} null on the last page; {@code errors} refused fields. */
    public static native TemplateInstance recordings(Viewer viewer, List<RecordingView> recordings, String notice,
            dev.streamvcr.web.ListQuery.Typed typed, List<dev.streamvcr.web.ListQuery.Option> states, boolean filtered,
            String nextHref, java.util.Map<String, String> errors);

    public static native TemplateInstance confirmDelete(Viewer viewer, RecordingView recording);

    /** One recording with the bar of its booked window and its bitrate plot. */
    public static native TemplateInstance recording(Viewer viewer, RecordingView recording, Mp4 mp4,
            TimelineBar timeline, BitratePlot bitrate);

    public static native TemplateInstance making(Viewer viewer, RecordingView recording, String what, int percent,
            int refreshSeconds);
}
