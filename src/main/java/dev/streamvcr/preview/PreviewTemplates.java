package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.recording.RecordingView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The preview and trace pages, type-checked at build time (templates under {@code templates/preview/}). */
@CheckedTemplate(basePath = "preview")
public class PreviewTemplates {

    public static native TemplateInstance preview(Viewer viewer, RecordingView recording, String playlistUrl,
            String ffmpeg);

    public static native TemplateInstance trace(Viewer viewer, long maxUpload);
}
