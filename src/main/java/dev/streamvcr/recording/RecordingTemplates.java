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

    public static native TemplateInstance recordings(Viewer viewer, List<RecordingView> recordings);

    public static native TemplateInstance recording(Viewer viewer, RecordingView recording, Mp4 mp4);

    public static native TemplateInstance making(Viewer viewer, RecordingView recording, String what, int percent,
            int refreshSeconds);
}
