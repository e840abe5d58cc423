package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The recordings page, type-checked at build time (templates under {@code templates/recording/}). */
@CheckedTemplate(basePath = "recording")
public class RecordingTemplates {

    public static native TemplateInstance recordings(Viewer viewer, List<RecordingView> recordings);
}
